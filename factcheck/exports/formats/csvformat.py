"""CSV: one row per claim, for spreadsheet users (issue 5).

RFC 4180 through the csv module (minimal quoting, CRLF). A text cell that a spreadsheet
would read as a formula (it starts with =, +, -, @, TAB or CR) gets a leading apostrophe,
as OWASP advises against CSV injection; readers strip that one apostrophe to get the value
back (`unneutralise`). Optional UTF-8 byte order mark for Excel.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from factcheck.exports.formats._common import CHUNK_CHARS
from factcheck.exports.records import ClaimRecord, ExportContext, Manifest, utc_iso

COLUMNS = (
    "article_title",
    "article_url",
    "quote",
    "start",
    "end",
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
# skips the call for the ordinary cell: this runs 18 times per row.
_SUSPECT = frozenset("=+-@\t\r'")


def row(record: ClaimRecord) -> list[str]:
    article, verdict, decided_at = record.article, record.verdict, record.decided_at
    cells = [
        article.title,
        article.url,
        record.exact,
        str(record.start),
        str(record.end),
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
        str(len(record.reviews)),
        record.uid,
    ]
    return [neutralise(cell) if cell[:1] in _SUSPECT else cell for cell in cells]


class CsvFormat:
    name = "csv"
    media_type = "text/csv; charset=utf-8"
    extension = "csv"
    # Every part but the corrections: source URLs, tags and the number of reviews.
    needs = frozenset({"sources", "tags", "reviews"})

    def __init__(self, *, bom: bool = False) -> None:
        self.bom = bom

    def stream(
        self, records: Iterable[ClaimRecord], context: ExportContext, manifest: Manifest
    ) -> Iterator[bytes]:
        manifest.begin(self.name, context)
        return self._chunks(records, manifest)

    def _chunks(self, records: Iterable[ClaimRecord], manifest: Manifest) -> Iterator[bytes]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        if self.bom:
            buffer.write("\ufeff")
        writer.writerow(COLUMNS)
        for record in records:
            writer.writerow(row(record))
            manifest.exported += 1
            if buffer.tell() >= CHUNK_CHARS:
                yield buffer.getvalue().encode()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue().encode()
