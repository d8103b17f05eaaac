"""History events: the append-only audit log, as the history pages show it."""

import datetime as dt
from typing import Any

from ninja import Field, Schema

from .common import NEXT_CURSOR


class EventOut(Schema):
    id: int
    action: str = Field(description="What happened, e.g. claim.created, review.updated.")
    sentence: str = Field(description="The event as the history pages read it, plain text.")
    sentence_html: str = Field(description="The same sentence as the pages' HTML (escaped).")
    quote: str = Field(description="The words the event carried (a comment, a summary).")
    actor: str = Field(
        description="Username of who did it, as it was then (kept if the account goes); "
        '"system" for the workbench itself.'
    )
    article: int | None
    claim: int | None
    target_type: str = Field(description="What the event is about: claim, review, source...")
    target_id: int | None
    before: dict[str, Any] | None = Field(description="Values before, as the pages show them.")
    after: dict[str, Any] | None = Field(description="Values after, as the pages show them.")
    blinded: bool = Field(
        description="Blind review: another reviewer's rating and rationale are left out "
        "until you submit your own review of the claim."
    )
    hidden_content: bool = Field(
        description="The review, source or comment is hidden by an editor: its text is left out."
    )
    created_at: dt.datetime


class EventPage(Schema):
    items: list[EventOut]
    next_cursor: str | None = Field(description=NEXT_CURSOR)
