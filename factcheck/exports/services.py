"""Publishing a verified claim as a public fact-check page, and taking it down (issue 5).

Keyword-only, typed, atomic, one history event each (STYLE.md). The page itself is
factcheck/exports/public.py; it shows a claim only while it is published, verified and not
deleted, so a claim reopened or deleted after publishing drops off the web at once.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from factcheck.claims.models import Claim
from factcheck.core import roles
from factcheck.history.services import record


class PublishRejected(ValueError):
    """The claim cannot be published (or unpublished) in its current state."""


def _state(claim: Claim) -> dict[str, Any]:
    return {
        "published_at": claim.published_at.isoformat() if claim.published_at else None,
        "published_by": claim.published_by.get_username() if claim.published_by else None,
    }


def _locked(claim: Claim) -> Claim:
    # select_for_update(of=("self",)): PostgreSQL cannot lock the nullable side of the join.
    return (
        Claim.objects.select_for_update(of=("self",))
        .select_related("published_by")
        .get(pk=claim.pk)
    )


@transaction.atomic
def publish_claim(*, claim: Claim, editor: Any) -> Claim:
    """Put a verified claim's fact-check page online. Publishing a published claim changes
    nothing and records nothing."""
    if not roles.is_editor(editor):
        raise PermissionDenied("Only editors publish fact-checks.")
    current = _locked(claim)
    if current.deleted_at is not None:
        raise PublishRejected("A deleted claim cannot be published.")
    if current.status != Claim.Status.VERIFIED or current.verdict_id is None:
        raise PublishRejected("Only a verified claim (with a final verdict) can be published.")
    if current.published_at is not None:
        return current
    before = _state(current)
    current.published_at = timezone.now()
    current.published_by = editor
    current.save(update_fields=["published_at", "published_by"])
    record(
        actor=editor, action="claim.published", claim=current, target=current,
        before=before, after=_state(current),
    )  # fmt: skip
    return current


@transaction.atomic
def unpublish_claim(*, claim: Claim, editor: Any) -> Claim:
    """Take the page down (it answers 404 from now on). An unpublished claim is left as is."""
    if not roles.is_editor(editor):
        raise PermissionDenied("Only editors unpublish fact-checks.")
    current = _locked(claim)
    if current.published_at is None:
        return current
    before = _state(current)
    current.published_at = None
    current.published_by = None
    current.save(update_fields=["published_at", "published_by"])
    record(
        actor=editor, action="claim.unpublished", claim=current, target=current,
        before=before, after=_state(current),
    )  # fmt: skip
    return current
