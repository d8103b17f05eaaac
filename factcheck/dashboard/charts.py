"""Geometry for the dashboard's small server-rendered bar charts.

Each chart row is HTML text (the label and the value, at the page's own font size) around
a small SVG that draws only the bar, stretched to the row's width. The text is never inside
a scaled SVG, where a 480-unit viewBox drawn 300 px wide shrank 12 px labels to 7 px.

No JavaScript and no inline styles (the CSP forbids them): bar lengths and positions are
SVG presentation attributes (x, y, width, height), colours are classes from
static/css/dashboard.css or a rating's own colour as a `fill` attribute. Every chart's
numbers are also in a table beside it (templates/dashboard/index.html).
"""

from collections.abc import Sequence
from dataclasses import dataclass

TRACK = 100  # a bar's viewBox width: its length is a percentage of the row's track
LABEL_LIMIT = 28  # characters; the full label is in the title and the table


@dataclass(frozen=True)
class Bar:
    label: str
    full_label: str
    value_text: str
    length: float  # 0..TRACK
    css: str = ""
    fill: str = ""


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    track: int = TRACK


def bar_chart(
    rows: Sequence[tuple[str, float, str, str, str]], *, maximum: float | None = None
) -> BarChart:
    """Horizontal bars for (label, value, value_text, css_class, fill) rows; bars scale to
    `maximum` (default: the largest value) across the track."""
    top = maximum if maximum is not None else max((row[1] for row in rows), default=0)
    bars = [
        Bar(
            label=shorten(label, LABEL_LIMIT),
            full_label=label,
            value_text=value_text,
            length=round(TRACK * value / top, 1) if top and value else 0,
            css=css,
            fill=fill,
        )
        for label, value, value_text, css, fill in rows
    ]
    return BarChart(bars=bars)


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    height: float
    value: int


@dataclass(frozen=True)
class SeriesRow:
    label: str
    full_label: str
    total: int
    columns: list[Column]


WEEK = 10  # viewBox units per week
GRID_BAR = 24  # viewBox height of a row of weekly columns


@dataclass(frozen=True)
class WeekGrid:
    rows: list[SeriesRow]
    width: int  # the viewBox width of each row's columns: WEEK units per week
    height: int = GRID_BAR
    column_width: float = WEEK - 2


def week_grid(series: Sequence[tuple[str, Sequence[int]]]) -> WeekGrid:
    """Small multiples: one row of weekly columns per reviewer, all on one scale (the
    busiest reviewer-week is a full-height column), so rows compare at a glance."""
    weeks = max((len(counts) for _, counts in series), default=0)
    peak = max((count for _, counts in series for count in counts), default=0)
    rows = []
    for label, counts in series:
        columns = []
        for week, count in enumerate(counts):
            height = round(GRID_BAR * count / peak, 1) if peak else 0
            columns.append(
                Column(x=week * WEEK + 1, y=round(GRID_BAR - height, 1), height=height, value=count)
            )
        rows.append(
            SeriesRow(
                label=shorten(label, LABEL_LIMIT),
                full_label=label,
                total=sum(counts),
                columns=columns,
            )
        )
    return WeekGrid(rows=rows, width=max(weeks, 1) * WEEK)


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
