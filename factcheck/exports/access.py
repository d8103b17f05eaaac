"""Permission-checked reads for exports and published pages (DESIGN.md "Who may do what":
editors and admins export; anyone reads a published fact-check page)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from factcheck.claims.access import claim_for_reading
from factcheck.claims.models import Claim
from factcheck.core import roles


def require_exporter(user: Any) -> None:
    if not roles.is_editor(user):
        raise PermissionDenied("Only editors and admins export claims.")


def require_backup_reader(user: Any) -> None:
    """The native backup holds everything (hidden content, e-mail addresses): admins only."""
    if not roles.is_admin(user):
        raise PermissionDenied("Only admins download the full backup.")


def claim_for_publishing(user: Any, claim_id: int) -> Claim:
    if not roles.is_editor(user):
        raise PermissionDenied("Only editors publish fact-checks.")
    return get_object_or_404(Claim.objects.visible(), pk=claim_id)


def published_claims() -> Any:
    """The claims with a public page: published, verified, with a verdict, not deleted."""
    return Claim.objects.visible().filter(
        status=Claim.Status.VERIFIED, published_at__isnull=False, verdict__isnull=False
    )


def published_claim(claim_id: int) -> Claim:
    """The claim behind a public page. Anything else is a 404, so the page does not tell an
    unpublished claim from none."""
    return get_object_or_404(
        published_claims().select_related("article", "verdict__rating"), pk=claim_id
    )


def annotated_claim(user: Any, claim_id: int) -> Claim | None:
    """The claim behind a W3C annotation id (views.annotation): a published one for anyone;
    any other claim with a verdict for those who read claims, as its claim page is. None for
    an anonymous visitor, who is sent to log in as on every other page; others get 403 (no
    role) or 404 (no such claim, deleted, or no verdict: no annotation)."""
    published = published_claims().filter(pk=claim_id).first()
    if published is not None:
        return published
    if not user.is_authenticated:
        return None
    claim = claim_for_reading(user, claim_id)
    if claim.verdict_id is None:
        raise Http404("This claim has no verdict, so no annotation.")
    return claim
