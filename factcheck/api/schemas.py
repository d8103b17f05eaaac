"""The shapes the API reads and answers (OpenAPI components). Offsets are code points
into a revision's text, as everywhere in the workbench (factcheck/text)."""

import datetime as dt
from typing import Any

from ninja import Field, Schema

CODE_POINTS = (
    "Offset in Unicode code points (not UTF-16 code units, not bytes) into the revision's "
    "text, as the article read endpoint returns it."
)


class ErrorOut(Schema):
    error: str = Field(description="A stable, machine-readable code, e.g. out_of_range.")
    message: str = Field(description="What went wrong, for a person.")
    found: list[int] | None = Field(
        None, description="Where the quoted text sits now (quote_mismatch only), code points."
    )


class RevisionRef(Schema):
    id: int
    number: int


class ArticleOut(Schema):
    id: int
    title: str
    slug: str
    publisher: str
    author: str
    language: str = Field(description="BCP 47 tag, e.g. en or km.")
    published_on: dt.date | None
    created_at: dt.datetime
    current_revision: RevisionRef | None


class ArticlePage(Schema):
    items: list[ArticleOut]
    next_cursor: str | None = Field(
        description="Pass as ?cursor= for the next page; null on the last page."
    )


class RevisionOut(Schema):
    id: int
    number: int
    created_at: dt.datetime
    text: str = Field(description="The text claims' offsets count, in code points.")


class ArticleDetail(ArticleOut):
    source_url: str
    blind_review: bool
    revision: RevisionOut | None = Field(description="The current revision, with its text.")


class ClaimIn(Schema):
    start: int = Field(description=CODE_POINTS)
    end: int = Field(description=CODE_POINTS + " Exclusive; must be greater than start.")
    exact: str = Field(description="The text between start and end, as the client read it.")
    prefix: str = Field("", description="Text just before start (helps re-anchoring).")
    suffix: str = Field("", description="Text just after end.")
    revision: int | None = Field(
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
    next_cursor: str | None = Field(
        description="Pass as ?cursor= for the next page; null on the last page."
    )


VERSION = (
    'The claim\'s version as last read; or send it as the header If-Match: "<version>". '
    "One of the two is required (428 precondition_required without); a stale one answers "
    "409 stale_version with the stored claim."
)


class ClaimPatch(Schema):
    """Only the fields sent change; the claim panel's edit form checks them."""

    summary: str | None = None
    claimant: str | None = None
    claimed_on: dt.date | None = None
    tags: list[str] | None = Field(None, description="Replaces all tags; [] removes them.")
    version: int | None = Field(None, description=VERSION)


class VersionIn(Schema):
    version: int | None = Field(None, description=VERSION)


class StaleOut(ErrorOut):
    stored: ClaimOut | None = Field(
        None, description="The claim as stored now (stale_version only): merge and retry."
    )
