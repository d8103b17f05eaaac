"""Sources: the evidence a reviewer adds to a claim (http and https addresses only, as the
claim panel's source form checks), edited by whoever added them under an optimistic
lock."""

import datetime as dt
from typing import Any

from ninja import Field, Schema

from .common import NEXT_CURSOR, BodyIn, ErrorOut, IsoDate, Version
from .reviews import HiddenOut, PersonOut, hidden_of

URL = (
    "An http or https address with a host and no user name or password (as the claim "
    "panel's source form checks): javascript:, data:, file: and other schemes are refused."
)
STANCE = "supports, refutes or context."
VERSION = (
    'The source\'s version as last read; or send it as the header If-Match: "<version>". '
    "One of the two is required (428 precondition_required without); a stale one answers "
    "409 stale_version with the stored source."
)


class SourceOut(Schema):
    id: int
    claim: int = Field(alias="claim_id")
    url: str
    title: str
    publisher: str
    stance: str = Field(description=STANCE)
    excerpt: str = Field(description="Plain text, shown escaped.")
    accessed_on: dt.date | None
    archive_url: str = Field(description="An archived copy's address, or empty.")
    added_by: PersonOut
    version: int = Field(
        description='Optimistic-lock version: send it back as If-Match: "<version>" (or a '
        "`version` field) to edit the source."
    )
    created_at: dt.datetime
    updated_at: dt.datetime
    hidden: HiddenOut | None = Field(
        description="Set when an editor hid the source (editors only see hidden sources)."
    )

    @staticmethod
    def resolve_hidden(obj: Any, context: Any) -> dict[str, Any] | None:
        return hidden_of(obj, context)


class SourcePage(Schema):
    items: list[SourceOut] = Field(description="Oldest first, as the claim panel lists them.")
    next_cursor: str | None = Field(description=NEXT_CURSOR)


class SourceIn(BodyIn):
    """The claim panel's source form: its checks apply."""

    url: str = Field(description=URL)
    title: str = ""
    publisher: str = ""
    stance: str = Field("context", description=STANCE)
    excerpt: str = Field("", description="A quoted excerpt; plain text.")
    accessed_on: IsoDate | None = None
    archive_url: str = Field("", description="An archived copy's address: " + URL)


class SourcePatch(BodyIn):
    """Only the fields sent change; the source form checks the result."""

    url: str | None = Field(None, description=URL)
    title: str | None = None
    publisher: str | None = None
    stance: str | None = Field(None, description=STANCE)
    excerpt: str | None = None
    accessed_on: IsoDate | None = None
    archive_url: str | None = Field(None, description="Empty removes it. " + URL)
    version: Version | None = Field(None, description=VERSION)


class StaleSourceOut(ErrorOut):
    stored: SourceOut | None = Field(
        None, description="The source as stored now (stale_version only): merge and retry."
    )
