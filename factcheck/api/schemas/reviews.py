"""Reviews: one per reviewer per claim, shown as the claim panel shows them (blind review,
hidden ones), written under the review's optimistic lock. Also the pieces sources and
comments share with them: who wrote an item, and an editor's hiding of it."""

import datetime as dt
from typing import Any

from ninja import Field, Schema

from factcheck.core import roles

from .common import BodyIn, ErrorOut, RowId, Version

RATIONALE = (
    "Plain text, shown escaped (HTML is not interpreted); @username mentions notify "
    "people who may read it."
)


class PersonOut(Schema):
    id: int
    username: str


class HiddenOut(Schema):
    """An editor hid the item: editors see it marked, with who and why; a review's author
    sees why their review no longer counts; nobody else gets hidden items."""

    at: dt.datetime
    reason: str
    by: PersonOut | None = Field(description="Who hid it: shown to editors only.")


class RatingOut(Schema):
    id: int
    slug: str
    label: str


class ReviewOut(Schema):
    id: int
    claim: int = Field(alias="claim_id")
    reviewer: PersonOut
    rating: RatingOut
    rationale: str = Field(description=RATIONALE)
    confidence: str = Field(description="low, medium or high.")
    version: int = Field(
        description='Optimistic-lock version: send it back as If-Match: "<version>" (or a '
        "`version` field) to update your review."
    )
    created_at: dt.datetime
    updated_at: dt.datetime
    hidden: HiddenOut | None = Field(
        description="Set when an editor hid the review (it then does not count towards the "
        "claim's status)."
    )
    mentions: list[str] = Field(
        description="The usernames mentioned in the rationale who were told of it."
    )

    @staticmethod
    def resolve_hidden(obj: Any, context: Any) -> dict[str, Any] | None:
        return hidden_of(obj, context)

    @staticmethod
    def resolve_mentions(obj: Any) -> list[str]:
        return mentions_of(obj)


class ReviewList(Schema):
    items: list[ReviewOut] = Field(description="Oldest first.")
    withheld: int = Field(
        description="Blind review: how many other reviewers' reviews are kept from you until "
        "you submit your own (0 for editors, or when the article's blind review is off)."
    )


class ReviewIn(BodyIn):
    """The claim panel's review form: its checks apply."""

    rating: RowId | str = Field(
        description="A rating of the default scale, by id or by slug (e.g. mostly-true)."
    )
    rationale: str = Field("", description=RATIONALE)
    confidence: str = Field("medium", description="low, medium or high.")
    version: Version | None = Field(
        None,
        description='Your review\'s version as last read, or send If-Match: "<version>". '
        "Needed to update an existing review (428 precondition_required without); a stale "
        "one answers 409 stale_version with the stored review. Not needed to create one.",
    )


class StaleReviewOut(ErrorOut):
    stored: ReviewOut | None = Field(
        None, description="Your review as stored now (stale_version only): merge and retry."
    )


def hidden_of(item: Any, context: Any) -> dict[str, Any] | None:
    """HiddenOut's values for a review, source or comment, as the panel's moderation box
    (templates/moderation/_item.html) tells them: who hid it, to editors only. The schema
    context is ninja's, with the request; without one, nobody is an editor."""
    if item.hidden_at is None:
        return None
    request = (context or {}).get("request")
    editor = request is not None and roles.is_editor(request.user)
    return {
        "at": item.hidden_at,
        "reason": item.hidden_reason,
        "by": item.hidden_by if editor else None,
    }


def mentions_of(item: Any) -> list[str]:
    """The names notifications.mentions.mark_mentions marked (the route calls it)."""
    return sorted(getattr(item, "mentioned", ()))
