"""Export formats behind one interface, and the registry the page and the command use.

Every format streams: it pulls records one at a time and yields UTF-8 chunks, so memory
stays flat whatever the number of claims. Every format is deterministic: the same records
and context give the same bytes (sorted keys, the records' order, ids from record ids, no
clock but `context.generated_at`). What a format leaves out goes to the manifest.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC
from typing import Protocol

from factcheck.exports.formats.claimreview import ClaimReviewFormat
from factcheck.exports.formats.csvformat import CsvFormat
from factcheck.exports.formats.datasets import AveritecFormat, FeverFormat
from factcheck.exports.formats.jsonl import JsonLinesFormat
from factcheck.exports.formats.w3c import W3CFormat
from factcheck.exports.records import ClaimRecord, ExportContext, Manifest


class ExportFormat(Protocol):
    name: str  # the registry key and the command's --format value
    media_type: str  # the Content-Type of a download
    extension: str  # without the dot
    # The record parts (query.TAGS, REVIEWS, SOURCES, CORRECTIONS, ORIGIN, or the narrower
    # REVIEW_COUNT, SOURCE_URLS) the output shows; the query layer reads no others, and
    # leaves those record fields empty.
    needs: frozenset[str]

    def stream(
        self, records: Iterable[ClaimRecord], context: ExportContext, manifest: Manifest
    ) -> Iterator[bytes]:
        """Yield the export as UTF-8 chunks, pulling `records` lazily; fill `manifest`."""
        ...


FORMATS: dict[str, ExportFormat] = {
    fmt.name: fmt
    for fmt in (
        ClaimReviewFormat(),
        W3CFormat(),
        CsvFormat(),
        JsonLinesFormat(),
        FeverFormat(),
        AveritecFormat(),
    )
}


def filename(fmt: ExportFormat, context: ExportContext) -> str:
    """A download name such as "factcheck-claimreview-20260501T120000Z.jsonld"."""
    stamp = context.generated_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"factcheck-{fmt.name}-{stamp}.{fmt.extension}"


__all__ = [
    "FORMATS",
    "AveritecFormat",
    "ClaimReviewFormat",
    "CsvFormat",
    "ExportFormat",
    "FeverFormat",
    "JsonLinesFormat",
    "W3CFormat",
    "filename",
]
