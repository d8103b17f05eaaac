"""Publishing a verified claim as a public fact-check page, and taking it down (issue 5).

Keyword-only, typed, atomic, one history event each (STYLE.md). The page itself is
factcheck/exports/public.py; it shows a claim only while it is published, verified and not
deleted, so a claim reopened or deleted after publishing drops off the web at once.

A published page carries the claim's ClaimReview, and the ClaimReview export holds exactly
the published claims: so a claim that could not give a valid ClaimReview is not published
(formats/claimreview.py holds the one rule, `publishing_problems` the reasons).
"""

from dataclasses import replace
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from factcheck.claims.models import Claim
from factcheck.core import roles
from factcheck.exports.formats.claimreview import publishing_problems
from factcheck.exports.query import ClaimFilter, claim_records, export_context, public_url
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
    problems = claimreview_problems(current)
    if problems:
        raise PublishRejected(
            "Not published: the page's ClaimReview would be invalid because "
            + "; and ".join(problems)
            + "."
        )
    before = _state(current)
    current.published_at = timezone.now()
    current.published_by = editor
    current.save(update_fields=["published_at", "published_by"])
    record(
        actor=editor, action="claim.published", claim=current, target=current,
        before=before, after=_state(current),
    )  # fmt: skip
    return current


def claimreview_problems(claim: Claim) -> list[str]:
    """What keeps the claim, were it published, from giving a valid ClaimReview: read as the
    export reads it (the query layer's record), with its page's address."""
    context = export_context()
    claim_filter = ClaimFilter(status=Claim.Status.VERIFIED, claim_ids=(claim.pk,))
    record = next(iter(claim_records(claim_filter, context, needs=frozenset())), None)
    if record is None:
        return ["it is not a verified claim"]
    return publishing_problems(
        replace(record, published_url=public_url(context, claim.pk)), context
    )


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
