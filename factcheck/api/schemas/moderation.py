"""Flags on reviews, sources and comments; hiding them; locking and restoring claims."""

import datetime as dt
from enum import StrEnum
from typing import Any

from ninja import Field, Schema

from .common import NEXT_CURSOR, BodyIn, RowId


class ItemKind(StrEnum):
    """What can be flagged and hidden (moderation.services.KINDS)."""

    REVIEW = "review"
    SOURCE = "source"
    COMMENT = "comment"


class FlagIn(BodyIn):
    kind: ItemKind = Field(strict=False)  # read from its JSON text
    id: RowId = Field(description="The review's, source's or comment's id.")
    reason: str = Field(description="What is wrong with it (for editors and you).")


class FlagOut(Schema):
    id: int
    kind: ItemKind = Field(alias="target_kind")
    item: int = Field(description="The flagged review's, source's or comment's id.")
    claim: int = Field(alias="claim_id")
    reason: str
    status: str = Field(description="open, hidden (resolved by hiding the item) or dismissed.")
    flagged_by: int = Field(alias="flagged_by_id")
    created_at: dt.datetime
    resolved_by: int | None = Field(alias="resolved_by_id")
    resolved_at: dt.datetime | None
    resolution_note: str

    @staticmethod
    def resolve_item(obj: Any) -> int:
        return obj.review_id or obj.source_id or obj.comment_id  # type: ignore[no-any-return]


class FlagPage(Schema):
    items: list[FlagOut]
    next_cursor: str | None = Field(description=NEXT_CURSOR)


class FlagDismissalIn(BodyIn):
    note: str = Field("", description="Optional note on why the flag is dismissed.")


class HideIn(BodyIn):
    reason: str = Field(description="Why it is hidden (shown to editors and its author).")


class HiddenItemOut(Schema):
    kind: ItemKind
    id: int
    claim: int = Field(alias="claim_id")
    hidden: bool
    hidden_at: dt.datetime | None
    hidden_by: int | None = Field(alias="hidden_by_id")
    hidden_reason: str
    claim_status: str = Field(
        description="The claim's status now: hiding a review changes which reviews count."
    )

    @staticmethod
    def resolve_kind(obj: Any) -> str:
        return obj._meta.model_name  # type: ignore[no-any-return]

    @staticmethod
    def resolve_hidden(obj: Any) -> bool:
        return obj.hidden_at is not None

    @staticmethod
    def resolve_claim_status(obj: Any) -> str:
        return obj.claim.status  # type: ignore[no-any-return]


class LockOut(Schema):
    claim: int = Field(alias="pk")
    locked: bool
    locked_at: dt.datetime | None
    locked_by: int | None = Field(alias="locked_by_id")

    @staticmethod
    def resolve_locked(obj: Any) -> bool:
        return obj.locked_at is not None
