"""Comments: a claim's discussion, plain text with @mentions, edited by their author
under an optimistic lock."""

import datetime as dt
from typing import Any

from ninja import Field, Schema

from .common import NEXT_CURSOR, BodyIn, ErrorOut, Version
from .reviews import HiddenOut, PersonOut, hidden_of, mentions_of

BODY = (
    "Plain text, up to 10,000 characters: stored as sent and shown escaped, so HTML is "
    "never interpreted (as in the claim panel). @username mentions notify people who may "
    "read the claim."
)
VERSION = (
    'The comment\'s version as last read; or send it as the header If-Match: "<version>". '
    "One of the two is required (428 precondition_required without); a stale one answers "
    "409 stale_version with the stored comment."
)


class CommentOut(Schema):
    id: int
    claim: int = Field(alias="claim_id")
    author: PersonOut
    body: str = Field(description=BODY)
    version: int = Field(
        description='Optimistic-lock version: send it back as If-Match: "<version>" (or a '
        "`version` field) to edit the comment. Above 1, the comment was edited."
    )
    created_at: dt.datetime
    updated_at: dt.datetime
    hidden: HiddenOut | None = Field(
        description="Set when an editor hid the comment (editors only see hidden comments)."
    )
    mentions: list[str] = Field(description="The usernames mentioned who were told of it.")

    @staticmethod
    def resolve_hidden(obj: Any, context: Any) -> dict[str, Any] | None:
        return hidden_of(obj, context)

    @staticmethod
    def resolve_mentions(obj: Any) -> list[str]:
        return mentions_of(obj)


class CommentPage(Schema):
    items: list[CommentOut] = Field(description="Oldest first, as the claim panel lists them.")
    next_cursor: str | None = Field(description=NEXT_CURSOR)


class CommentIn(BodyIn):
    body: str = Field(description=BODY)


class CommentPatch(BodyIn):
    body: str = Field(description=BODY)
    version: Version | None = Field(None, description=VERSION)


class StaleCommentOut(ErrorOut):
    stored: CommentOut | None = Field(
        None, description="The comment as stored now (stale_version only): merge and retry."
    )
