"""Geometry for the dashboard's small server-rendered SVG bar charts.

No JavaScript and no inline styles (the CSP forbids them): sizes and positions are SVG
presentation attributes (x, y, width, height), colours are classes from
static/css/dashboard.css or a rating's own colour as a `fill` attribute. Every chart's
numbers are also in a table beside it (templates/dashboard/index.html).
"""

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 480  # the viewBox; the chart scales to its container
LABEL_WIDTH = 150
VALUE_GAP = 6
ROW = 22
BAR = 15
TOP = 4


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    y: int  # top of the row
    width: float
    css: str = ""
    fill: str = ""

    @property
    def bar_y(self) -> int:
        return self.y + (ROW - BAR) // 2

    @property
    def text_y(self) -> int:
        return self.y + ROW // 2 + 5

    @property
    def value_x(self) -> float:
        return LABEL_WIDTH + self.width + VALUE_GAP


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    height: int
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR


def bar_chart(
    rows: Sequence[tuple[str, float, str, str, str]], *, maximum: float | None = None
) -> BarChart:
    """Horizontal bars for (label, value, value_text, css_class, fill) rows; bars scale to
    `maximum` (default: the largest value) across WIDTH - LABEL_WIDTH - room for the value."""
    room = WIDTH - LABEL_WIDTH - 60
    top = maximum if maximum is not None else max((row[1] for row in rows), default=0)
    bars = [
        Bar(
            label=shorten(label, 20),
            value_text=value_text,
            y=TOP + index * ROW,
            width=round(room * value / top, 1) if top and value else 0,
            css=css,
            fill=fill,
        )
        for index, (label, value, value_text, css, fill) in enumerate(rows)
    ]
    return BarChart(bars=bars, height=TOP * 2 + ROW * max(1, len(rows)))


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    height: float
    value: int


@dataclass(frozen=True)
class SeriesRow:
    label: str
    total: int
    y: int
    baseline: int
    columns: list[Column]

    @property
    def text_y(self) -> int:
        return self.baseline - 8


@dataclass(frozen=True)
class WeekGrid:
    rows: list[SeriesRow]
    height: int
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    column_width: float = 0

    @property
    def total_x(self) -> int:
        return self.width - 44

    @property
    def baseline_end(self) -> int:
        return self.width - 50


GRID_ROW = 30
GRID_BAR = 24


def week_grid(series: Sequence[tuple[str, Sequence[int]]]) -> WeekGrid:
    """Small multiples: one row of weekly columns per reviewer, all on one scale (the
    busiest reviewer-week is a full-height column), so rows compare at a glance."""
    weeks = max((len(counts) for _, counts in series), default=0)
    peak = max((count for _, counts in series for count in counts), default=0)
    room = WIDTH - LABEL_WIDTH - 50
    step = room / weeks if weeks else 0
    rows = []
    for index, (label, counts) in enumerate(series):
        y = TOP + index * GRID_ROW
        baseline = y + GRID_BAR + 2
        columns = []
        for week, count in enumerate(counts):
            height = round(GRID_BAR * count / peak, 1) if peak else 0
            columns.append(
                Column(
                    x=round(LABEL_WIDTH + week * step, 1),
                    y=round(baseline - height, 1),
                    height=height,
                    value=count,
                )
            )
        rows.append(
            SeriesRow(
                label=shorten(label, 20), total=sum(counts), y=y, baseline=baseline, columns=columns
            )
        )
    return WeekGrid(
        rows=rows,
        height=TOP * 2 + GRID_ROW * max(1, len(series)),
        column_width=round(max(step - 3, 1), 1),
    )


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
