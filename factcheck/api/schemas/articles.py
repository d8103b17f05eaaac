"""Articles and their revisions: imported from text or a JSON document, read with the
current revision's text and spans, corrected by new revisions."""

import datetime as dt
from typing import Any

from ninja import Field, Schema

from .common import CODE_POINTS, NEXT_CURSOR, BodyIn, ErrorOut, IsoDate, RowId


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
    next_cursor: str | None = Field(description=NEXT_CURSOR)


class SpanOut(Schema):
    """A paragraph or a sentence the import stored (the reading page draws from these)."""

    kind: str = Field(description="paragraph or sentence.")
    index: int = Field(description="Order within the revision, counted per kind from 0.")
    start: int = Field(description=CODE_POINTS)
    end: int = Field(description=CODE_POINTS + " Exclusive.")
    paragraph: int | None = Field(
        description="A sentence's paragraph (that paragraph's index); null for a paragraph."
    )


class RevisionOut(Schema):
    id: int
    number: int
    created_at: dt.datetime
    note: str
    sha256: str = Field(description="SHA-256 of the text, UTF-8 encoded.")
    text: str = Field(description="The text claims' offsets count, in code points.")
    spans: list[SpanOut] = Field(
        description="Paragraphs and sentences in text order, a paragraph before its first "
        "sentence; text[start:end] is each span's text."
    )


class ArticleDetail(ArticleOut):
    source_url: str
    blind_review: bool
    revision: RevisionOut | None = Field(
        description="The current revision, with its text and spans."
    )


class ArticleIn(BodyIn):
    """An import, as the import page takes it: pasted `text` with its metadata, or the JSON
    `document` the page takes as a .json file ({"title", "text", "url", "publisher",
    "author", "published", "language"}), whose metadata the fields sent here override.
    Not both. The size limit counts the text's (or the document's) UTF-8 bytes."""

    text: str | None = Field(None, description="The article text (normalised on import).")
    document: dict[str, Any] | None = Field(
        None, description='A JSON article document; only its "text" is required.'
    )
    title: str = Field("", description="Required unless the document has one.")
    source_url: str = Field("", description="An http or https address.")
    publisher: str = ""
    author: str = ""
    published_on: IsoDate | None = None
    language: str = Field("", description="BCP 47 tag (default: the document's, else en).")


class RevisionSummary(Schema):
    id: int
    number: int
    created_at: dt.datetime
    note: str
    sha256: str
    characters: int = Field(description="Length of the text in code points.")
    created_by: str | None = Field(description="Username of who stored it.")
    current: bool


class RevisionPage(Schema):
    items: list[RevisionSummary]
    next_cursor: str | None = Field(description=NEXT_CURSOR)


class RevisionIn(BodyIn):
    text: str = Field(description="The corrected text, whole.")
    note: str = Field("", description="What changed, e.g. Correction: 63 cases, not 62.")
    base_revision: RowId | None = Field(
        None,
        description="The id of the revision this text corrects. Another current revision "
        "answers 409 stale_revision with the current one; omitted, the current one is "
        "corrected whatever it is.",
    )


class ClaimOutcomes(Schema):
    exact: int
    moved: int
    changed: int
    orphaned: int


class RevisedOut(RevisionOut):
    claims: ClaimOutcomes = Field(
        description="How the article's claims were re-anchored onto the new text: changed "
        "and orphaned claims went back to needs_recheck."
    )


class StaleRevisionOut(ErrorOut):
    current: RevisionRef | None = Field(
        None, description="The article's current revision (stale_revision only)."
    )
