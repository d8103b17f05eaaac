"""One export, as the page and the command both run it: a format, a claim filter, and the
bytes streamed from the database through the query layer (or the native backup)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from tqdm import tqdm

from factcheck.exports import native
from factcheck.exports.formats import FORMATS, CsvFormat, filename
from factcheck.exports.leftout import Tally, tally
from factcheck.exports.query import ClaimFilter, claim_records, export_context
from factcheck.exports.records import ExportContext, Manifest

NATIVE = native.NAME


@dataclass
class Export:
    format_name: str
    claim_filter: ClaimFilter
    context: ExportContext
    media_type: str
    extension: str
    bom: bool = False
    manifest: Manifest = field(default_factory=Manifest)
    # How many claims the filter selects and, by reason, how many the format will leave
    # out (leftout.py); None for the native backup.
    tally: Tally | None = None

    @property
    def filename(self) -> str:
        if self.format_name == NATIVE:
            stamp = self.context.generated_at.strftime("%Y%m%dT%H%M%SZ")
            return f"factcheck-backup-{stamp}.{self.extension}"
        return filename(FORMATS[self.format_name], self.context)

    def progress_bar(self, desc: str = "") -> Callable[[Iterator[Any]], Iterator[Any]] | None:
        """For the commands' `progress`: a bar on standard error over the export's claims,
        when standard error is a terminal (None otherwise, so a pipe or a log gets none)."""
        if not sys.stderr.isatty():
            return None

        def bar(items: Iterator[Any]) -> Iterator[Any]:
            return tqdm(items, total=self.context.total, unit=" claims", file=sys.stderr,
                        desc=desc or self.format_name, dynamic_ncols=True)  # fmt: skip

        return bar

    def chunks(
        self, progress: Callable[[Iterator[Any]], Iterator[Any]] | None = None
    ) -> Iterator[bytes]:
        """The export's bytes; `progress` may wrap the record stream (the command's bar)."""
        if self.format_name == NATIVE:
            return native.stream_backup(self.context, self.manifest)
        fmt = (
            CsvFormat(bom=True)
            if self.format_name == "csv" and self.bom
            else FORMATS[self.format_name]
        )
        records = claim_records(self.claim_filter, self.context, needs=fmt.needs)
        if progress is not None:
            records = progress(records)
        return fmt.stream(records, self.context, self.manifest)


def prepare(
    format_name: str,
    claim_filter: ClaimFilter | None = None,
    *,
    bom: bool = False,
    generated_at: datetime | None = None,
) -> Export:
    """Everything but the streaming: counts what the filter selects and what the format will
    leave out (one query), for the page, the progress bar and W3C's total."""
    claim_filter = claim_filter or ClaimFilter()
    if format_name == NATIVE:
        context = export_context(generated_at=generated_at)
        return Export(NATIVE, claim_filter, context, native.MEDIA_TYPE, native.EXTENSION)
    if format_name not in FORMATS:
        raise KeyError(format_name)
    fmt = FORMATS[format_name]
    context = export_context(generated_at=generated_at)
    counted = tally(format_name, claim_filter, context)
    # W3C's collection total counts the annotations: the claims with a verdict.
    total = counted.kept if format_name == "w3c" else counted.matched
    context = replace(context, total=total)
    return Export(format_name, claim_filter, context, fmt.media_type, fmt.extension, bom=bom,
                  tally=counted)  # fmt: skip
