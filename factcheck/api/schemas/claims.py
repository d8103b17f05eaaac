"""Claims: marked with code-point offsets, edited and deleted under an optimistic lock."""

import datetime as dt
from typing import Any

from ninja import Field, Schema

from .common import CODE_POINTS, NEXT_CURSOR, BodyIn, ErrorOut, IsoDate, RowId, Version


class ClaimIn(BodyIn):
    start: int = Field(description=CODE_POINTS)
    end: int = Field(description=CODE_POINTS + " Exclusive; must be greater than start.")
    exact: str = Field(description="The text between start and end, as the client read it.")
    prefix: str = Field("", description="Text just before start (helps re-anchoring).")
    suffix: str = Field("", description="Text just after end.")
    revision: RowId | None = Field(
        None,
        description="The revision id the client read; omitted means the current one. "
        "Any other revision than the current one is refused with 409 stale_revision.",
    )


class ClaimOut(Schema):
    id: int
    article: int = Field(alias="article_id")
    revision: int = Field(alias="revision_id")
    start: int = Field(description=CODE_POINTS)
    end: int = Field(description=CODE_POINTS)
    exact: str
    prefix: str
    suffix: str
    status: str
    summary: str
    claimant: str
    claimed_on: dt.date | None
    tags: list[str] = Field(description="Tag names, sorted.")
    version: int = Field(
        description='Optimistic-lock version: send it back as If-Match: "<version>" (or a '
        "`version` field) to edit or delete the claim."
    )
    created_by: int | None = Field(alias="created_by_id")
    created_at: dt.datetime

    @staticmethod
    def resolve_tags(obj: Any) -> list[str]:
        return obj.tag_names()  # type: ignore[no-any-return]


class ClaimPage(Schema):
    items: list[ClaimOut]
    next_cursor: str | None = Field(description=NEXT_CURSOR)


VERSION = (
    'The claim\'s version as last read; or send it as the header If-Match: "<version>". '
    "One of the two is required (428 precondition_required without); a stale one answers "
    "409 stale_version with the stored claim."
)


class ClaimPatch(BodyIn):
    """Only the fields sent change; the claim panel's edit form checks them."""

    summary: str | None = None
    claimant: str | None = None
    claimed_on: IsoDate | None = None
    tags: list[str] | None = Field(None, description="Replaces all tags; [] or null removes them.")
    version: Version | None = Field(None, description=VERSION)


class VersionIn(BodyIn):
    version: Version | None = Field(None, description=VERSION)


class StaleOut(ErrorOut):
    stored: ClaimOut | None = Field(
        None, description="The claim as stored now (stale_version only): merge and retry."
    )
