"""Exports: the export page's and the export_claims command's formats, streamed."""

from enum import StrEnum

from ninja import Field, Schema

from factcheck.api.schemas.common import IsoDate, RowId
from factcheck.exports.formats import FORMATS
from factcheck.exports.run import NATIVE

# The formats as a path parameter's choices: those of `export_claims --format`.
ExportFormat = StrEnum("ExportFormat", {name: name for name in [*FORMATS, NATIVE]})  # type: ignore[misc]


class ExportParams(Schema):
    """The export page's filters, named as the export_claims command's options."""

    article: list[RowId] = Field(
        default_factory=list, description="An article id; repeat for several (default: all)."
    )
    status: str = Field(
        "verified",
        description='A claim status, or "all"; formats other than jsonl and csv take '
        "verified claims only.",
    )
    rating: str = Field("", description="The verdict's rating slug.")
    reviewer: str = Field("", description="Claims this username reviewed.")
    decided_from: IsoDate | None = Field(None, description="Verdict decided on or after (UTC).")
    decided_to: IsoDate | None = Field(None, description="Verdict decided on or before (UTC).")
    tag: str = ""
    bom: bool = Field(False, description="CSV only: start with a UTF-8 byte order mark.")
