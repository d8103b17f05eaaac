"""Shapes every part of the API shares: the error body, the words for offsets, and the
input types that keep what the database cannot hold, or what is not the JSON type the
schema names, out of the operations (400 invalid, not a server error)."""

import datetime as dt
import re
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import (
    BeforeValidator,
    ConfigDict,
    ModelWrapValidatorHandler,
    ValidationInfo,
    model_validator,
)

CODE_POINTS = (
    "Offset in Unicode code points (not UTF-16 code units, not bytes) into the revision's "
    "text, as the article read endpoint returns it."
)
NEXT_CURSOR = "Pass as ?cursor= for the next page; null on the last page."

# Ids and versions are 64-bit signed integers in SQLite and PostgreSQL (bigint): a larger
# one sent to the database fails there (OverflowError on SQLite, a 500), so the schema
# refuses it first. Schemathesis found 2**70 ids and sources reaching the database.
MAX_DB_INT = 2**63 - 1
RowId = Annotated[int, Field(ge=1, le=MAX_DB_INT)]
Version = Annotated[int, Field(ge=1, le=MAX_DB_INT)]

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}.*", re.ASCII | re.DOTALL)


def iso_text(pattern: re.Pattern[str], example: str) -> BeforeValidator:
    """pydantic's lax mode reads 0 or "0" as the Unix epoch; the API takes RFC 3339 text
    only, as its schema says (Schemathesis sent published_to=0 and it was accepted)."""

    def check(value: Any) -> Any:
        if isinstance(value, str) and pattern.fullmatch(value):
            return value
        raise ValueError(f"Send it as RFC 3339 text, e.g. {example}.")

    return BeforeValidator(check)


IsoDate = Annotated[dt.date, Field(strict=False), iso_text(ISO_DATE, "2026-05-01")]
IsoDateTime = Annotated[
    dt.datetime, Field(strict=False), iso_text(ISO_DATETIME, "2026-05-01T12:00:00Z")
]


class BodyIn(Schema):
    """A request body: a JSON object whose fields have the JSON types the schema names.

    ninja's Schema reads any object's attributes (it also turns model rows into output),
    so a body of `[null, null]` passed as an object with every field defaulted; and
    pydantic's lax mode took 0 for false or "3" for 3. Schemathesis's negative data found
    both; strict fields refuse them (400 invalid). Enums and dates are read from their
    JSON text, so they opt out of strictness (IsoDate checks its own)."""

    model_config = ConfigDict(strict=True)

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(
        cls, values: Any, handler: ModelWrapValidatorHandler[Any], info: ValidationInfo
    ) -> Any:
        if not isinstance(values, dict):
            raise ValueError("Send a JSON object.")
        return handler(values)


class SchemaIssue(Schema):
    """One way a request missed the schema, as pydantic words it."""

    type: str = Field(description="pydantic's error type, e.g. missing, int_parsing.")
    loc: list[str | int] = Field(description='Where: e.g. ["query", "limit"], ["body", ...].')
    msg: str


class ErrorOut(Schema):
    error: str = Field(description="A stable, machine-readable code, e.g. out_of_range.")
    message: str = Field(description="What went wrong, for a person.")
    found: list[int] | None = Field(
        None, description="Where the quoted text sits now (quote_mismatch only), code points."
    )
    detail: list[SchemaIssue] | dict[str, list[str]] | None = Field(
        None,
        description="invalid only: how the request missed the schema (a list), or the page "
        "form's messages by field (`__all__`: the whole form).",
    )
