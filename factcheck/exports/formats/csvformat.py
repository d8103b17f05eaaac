"""CSV: one row per claim, for spreadsheet users (issue 5).

RFC 4180 as the csv module writes it (csv.writer, QUOTE_MINIMAL, CRLF). A text cell that a
spreadsheet would read as a formula (it starts with =, +, -, @, TAB or CR) gets a leading
apostrophe, as OWASP advises against CSV injection; readers strip that one apostrophe to get
the value back (`unneutralise`). Optional UTF-8 byte order mark for Excel.

The rows are joined by `line`, not by csv.writer: the writer looks each character of a cell
up in the line terminator, and took half of the format's time. A test holds `line` to
csv.writer's bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from factcheck.exports.formats._common import chunked
from factcheck.exports.records import ClaimRecord, ExportContext, Manifest, utc_iso

COLUMNS = (
    "article_title",
    "article_url",
    "quote",
    "revision_number",
    "start",
    "end",
    "anchor",
    "summary",
    "claimant",
    "claimed_on",
    "status",
    "rating",
    "rationale",
    "public_summary",
    "sources",
    "tags",
    "decided_by",
    "decided_at",
    "reviews",
    "claim_uid",
)
LIST_SEPARATOR = " | "
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Prefix an apostrophe to a would-be formula. A cell that already starts with
    apostrophes before a formula character gets one more, so `unneutralise` is exact."""
    if cell.startswith(_FORMULA_STARTS) or (
        cell.startswith("'") and cell.lstrip("'").startswith(_FORMULA_STARTS)
    ):
        return "'" + cell
    return cell


def unneutralise(cell: str) -> str:
    """The value a neutralised cell stands for (for tests and re-imports)."""
    if cell.startswith("'") and cell.lstrip("'").startswith(_FORMULA_STARTS):
        return cell[1:]
    return cell


# First characters that send a cell through neutralise(): the formula starters, and the
# apostrophe (a cell that already looks neutralised). A set lookup on the first character
# skips the call for the ordinary cell: this runs 20 times per row.
_SUSPECT = frozenset("=+-@\t\r'")


def row(record: ClaimRecord) -> list[str]:
    article, verdict, decided_at = record.article, record.verdict, record.decided_at
    cells = [
        article.title,
        article.url,
        record.exact,
        str(record.revision_number),
        str(record.start),
        str(record.end),
        record.anchor,
        record.summary,
        record.claimant,
        record.claimed_on.isoformat() if record.claimed_on else "",
        record.status,
        verdict.label if verdict else "",
        record.rationale,
        record.public_summary,
        LIST_SEPARATOR.join([source.url for source in record.sources]),
        LIST_SEPARATOR.join(record.tags),
        record.decided_by,
        utc_iso(decided_at) if decided_at else "",
        str(record.review_count),
        record.uid,
    ]
    return [neutralise(cell) if cell[:1] in _SUSPECT else cell for cell in cells]


def line(cells: Sequence[str]) -> str:
    """csv.writer(quoting=QUOTE_MINIMAL, lineterminator="\\r\\n").writerow(cells) for text
    cells: a cell holding a comma, a double quote or a line break is quoted, its quotes
    doubled (the excel dialect has no escape character)."""
    if len(cells) == 1 and not cells[0]:
        return '""\r\n'  # as csv.writer: a bare line end would be no row at all
    quoted = [
        '"' + cell.replace('"', '""') + '"'
        if '"' in cell or "," in cell or "\n" in cell or "\r" in cell
        else cell
        for cell in cells
    ]  # inline, not a function per cell: this runs 20 times per row
    return ",".join(quoted) + "\r\n"


class CsvFormat:
    name = "csv"
    media_type = "text/csv; charset=utf-8"
    extension = "csv"
    # Source URLs, tags, the number of reviews and the revision the offsets count
    # (query.SOURCE_URLS, TAGS, REVIEW_COUNT, REVISION).
    needs = frozenset({"source_urls", "tags", "review_count", "revision"})

    def __init__(self, *, bom: bool = False) -> None:
        self.bom = bom

    def stream(
        self, records: Iterable[ClaimRecord], context: ExportContext, manifest: Manifest
    ) -> Iterator[bytes]:
        manifest.begin(self.name, context)
        return chunked(self._lines(records, manifest))

    def _lines(self, records: Iterable[ClaimRecord], manifest: Manifest) -> Iterator[str]:
        yield ("\ufeff" if self.bom else "") + line(COLUMNS)
        for record in records:
            yield line(row(record))
            manifest.exported += 1
