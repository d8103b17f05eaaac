"""Articles and their revisions."""

import datetime as dt

from ninja import Field, Schema

from .common import NEXT_CURSOR


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


class RevisionOut(Schema):
    id: int
    number: int
    created_at: dt.datetime
    text: str = Field(description="The text claims' offsets count, in code points.")


class ArticleDetail(ArticleOut):
    source_url: str
    blind_review: bool
    revision: RevisionOut | None = Field(description="The current revision, with its text.")
