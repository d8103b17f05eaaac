"""Moderation writes: flags, hiding, locks and restoring soft-deleted claims.

Like factcheck/claims/services.py, each public function is keyword-only, typed,
`@transaction.atomic` and records exactly ONE history event in its transaction
(tests/history/test_history_complete.py walks them all). The views, the Django admin's
actions (admin.py) and the demo all call these, so every moderation step is in the history.

Hiding is soft and reversible: `hidden_*` is set, the content stays in the database, the
admin and the history. Hiding a review changes which reviews count, so hide and unhide
recompute the claim's status with the claims' own rule, in the same transaction, and say
so in the event (`claim_status`).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from factcheck.claims.locking import lock_claim_row
from factcheck.claims.models import Claim, Comment, Review, Source
from factcheck.claims.status import recompute_status
from factcheck.claims.validators import clean_text
from factcheck.history.services import record
from factcheck.notifications import services as notifications
from factcheck.notifications.models import Kind

from .models import Flag

Item = Review | Source | Comment
REASON_MAX = 2_000
KINDS: dict[str, type[Item]] = {"review": Review, "source": Source, "comment": Comment}


class ModerationRefused(ValidationError):
    """A moderation step that does not apply to the current state (already hidden, flag
    already resolved, claim not deleted, ...). Views answer 409 with the message."""


def _kind(item: Item) -> str:
    return item._meta.model_name


def _reason(text: str, *, field: str = "reason", required: bool = True) -> str:
    text = clean_text(text or "", limit=REASON_MAX, field=field).strip()
    if required and not text:
        raise ValidationError(f"A {field} is required.")
    return text


def _locked_item(item: Item) -> Item:
    """The item's current row (locked on PostgreSQL), on a claim that is not deleted."""
    model = type(item)
    current = (
        model.objects.select_for_update(of=("self",))
        .select_related("claim", "hidden_by")
        .filter(pk=item.pk)
        .first()
    )
    if current is None or getattr(current, "deleted_at", None) is not None:
        raise ModerationRefused(f"This {_kind(item)} was deleted.")
    if current.claim.deleted_at is not None:
        raise ModerationRefused("The claim this belongs to was deleted; restore it first.")
    return current


def _status_after_change(item: Item, claim_id: int) -> str:
    """Recompute the claim's status when a review's visibility changed (claims' one rule)."""
    if not isinstance(item, Review):
        return str(item.claim.status)
    return recompute_status(lock_claim_row(claim_id))


# --- flags ------------------------------------------------------------------------------


@transaction.atomic
def flag_item(*, item: Item, flagged_by: Any, reason: str) -> Flag:
    """Ask the editors to look at a review, source or comment. One open flag per person and
    item; hidden and deleted items cannot be flagged."""
    reason = _reason(reason)
    current = _locked_item(item)
    if current.hidden_at is not None:
        raise ModerationRefused(f"This {_kind(item)} is already hidden.")
    kind = _kind(current)
    if Flag.objects.open().filter(**{kind: current}, flagged_by=flagged_by).exists():
        raise ModerationRefused(f"You already flagged this {kind}; an editor will look at it.")
    flag = Flag.objects.create(
        **{kind: current}, claim=current.claim, reason=reason, flagged_by=flagged_by
    )
    record(
        actor=flagged_by,
        action="flag.raised",
        claim=current.claim,
        target=flag,
        after={"item": kind, "item_id": current.pk, "reason": reason, "status": flag.status},
    )
    notifications.item_moderated(
        item=current, claim=current.claim, actor=flagged_by, kind=Kind.FLAGGED
    )
    return flag


@transaction.atomic
def dismiss_flag(*, flag: Flag, editor: Any, note: str = "") -> Flag:
    """Resolve a flag without touching the item."""
    note = _reason(note, field="note", required=False)
    current = Flag.objects.select_for_update().select_related("claim").filter(pk=flag.pk).first()
    if current is None or current.status != Flag.Status.OPEN:
        raise ModerationRefused("This flag was already resolved.")
    Flag.objects.filter(pk=current.pk).update(
        status=Flag.Status.DISMISSED,
        resolved_by=editor,
        resolved_at=timezone.now(),
        resolution_note=note,
    )
    record(
        actor=editor,
        action="flag.dismissed",
        claim=current.claim,
        target=current,
        before={"status": Flag.Status.OPEN},
        after={
            "status": Flag.Status.DISMISSED,
            "note": note,
            "item": current.target_kind,
            "item_id": current.target.pk,
        },
    )
    return Flag.objects.get(pk=current.pk)


# --- hiding -----------------------------------------------------------------------------


@transaction.atomic
def hide_item(*, item: Item, editor: Any, reason: str) -> Item:
    """Hide a review, source or comment, resolving its open flags as `hidden`."""
    reason = _reason(reason)
    current = _locked_item(item)
    if current.hidden_at is not None:
        raise ModerationRefused(f"This {_kind(item)} is already hidden.")
    kind = _kind(current)
    before_status = current.claim.status
    now = timezone.now()
    type(current).objects.filter(pk=current.pk).update(
        hidden_at=now, hidden_by=editor, hidden_reason=reason
    )
    flags = Flag.objects.open().filter(**{kind: current})
    resolved = sorted(flags.values_list("pk", flat=True))
    flags.update(
        status=Flag.Status.HIDDEN, resolved_by=editor, resolved_at=now, resolution_note=reason
    )
    status = _status_after_change(current, current.claim_id)
    record(
        actor=editor,
        action="content.hidden",
        claim=current.claim,
        target=current,
        before={"hidden": False, "claim_status": before_status},
        after={
            "hidden": True,
            "item": kind,
            "reason": reason,
            "flags_resolved": resolved,
            "claim_status": status,
        },
    )
    notifications.item_moderated(
        item=current, claim=current.claim, actor=editor, kind=Kind.HIDDEN, reason=reason
    )
    return type(current).objects.select_related("hidden_by").get(pk=current.pk)


@transaction.atomic
def unhide_item(*, item: Item, editor: Any) -> Item:
    """Put a hidden item back where it was."""
    current = _locked_item(item)
    if current.hidden_at is None:
        raise ModerationRefused(f"This {_kind(item)} is not hidden.")
    kind = _kind(current)
    before = {
        "hidden": True,
        "item": kind,
        "hidden_by": current.hidden_by.get_username() if current.hidden_by else None,
        "reason": current.hidden_reason,
        "claim_status": current.claim.status,
    }
    type(current).objects.filter(pk=current.pk).update(
        hidden_at=None, hidden_by=None, hidden_reason=""
    )
    status = _status_after_change(current, current.claim_id)
    record(
        actor=editor,
        action="content.unhidden",
        claim=current.claim,
        target=current,
        before=before,
        after={"hidden": False, "item": kind, "claim_status": status},
    )
    return type(current).objects.get(pk=current.pk)


# --- claims: lock and restore -----------------------------------------------------------


def _locked_claim(claim: Claim, *, deleted: bool) -> Claim:
    current = Claim.objects.select_for_update().filter(pk=claim.pk).first()
    if current is None or (current.deleted_at is not None) != deleted:
        raise ModerationRefused(
            "This claim is not deleted." if deleted else "This claim was deleted."
        )
    return current


@transaction.atomic
def lock_claim(*, claim: Claim, editor: Any) -> Claim:
    """Stop reviewers' edits on the claim (claims.access.ensure_claim_open_for)."""
    current = _locked_claim(claim, deleted=False)
    if current.locked_at is not None:
        raise ModerationRefused("This claim is already locked.")
    Claim.objects.filter(pk=current.pk).update(locked_at=timezone.now(), locked_by=editor)
    record(
        actor=editor,
        action="claim.locked",
        claim=current,
        target=current,
        before={"locked": False},
        after={"locked": True},
    )
    return Claim.objects.get(pk=current.pk)


@transaction.atomic
def unlock_claim(*, claim: Claim, editor: Any) -> Claim:
    current = _locked_claim(claim, deleted=False)
    if current.locked_at is None:
        raise ModerationRefused("This claim is not locked.")
    Claim.objects.filter(pk=current.pk).update(locked_at=None, locked_by=None)
    record(
        actor=editor,
        action="claim.unlocked",
        claim=current,
        target=current,
        before={"locked": True},
        after={"locked": False},
    )
    return Claim.objects.get(pk=current.pk)


@transaction.atomic
def restore_claim(*, claim: Claim, editor: Any) -> Claim:
    """Undo a soft delete (claims.services.delete_claim): the claim is back on its article,
    with its reviews, sources and comments as they were."""
    current = _locked_claim(claim, deleted=True)
    before = {
        "deleted": True,
        "deleted_at": current.deleted_at.isoformat(),
        "deleted_by": current.deleted_by.get_username() if current.deleted_by_id else None,
    }
    # A version bump: a form read before the deletion must not save over the restored claim.
    Claim.objects.filter(pk=current.pk, version=current.version).update(
        deleted_at=None, deleted_by=None, version=current.version + 1, updated_at=timezone.now()
    )
    restored = Claim.objects.get(pk=current.pk)
    record(
        actor=editor,
        action="claim.restored",
        claim=restored,
        target=restored,
        before=before,
        after={"deleted": False, **restored.as_event()},
    )
    return restored
