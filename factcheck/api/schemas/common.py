"""Shapes every part of the API shares: the error body and the words for offsets."""

from ninja import Field, Schema

CODE_POINTS = (
    "Offset in Unicode code points (not UTF-16 code units, not bytes) into the revision's "
    "text, as the article read endpoint returns it."
)
NEXT_CURSOR = "Pass as ?cursor= for the next page; null on the last page."


class ErrorOut(Schema):
    error: str = Field(description="A stable, machine-readable code, e.g. out_of_range.")
    message: str = Field(description="What went wrong, for a person.")
    found: list[int] | None = Field(
        None, description="Where the quoted text sits now (quote_mismatch only), code points."
    )
