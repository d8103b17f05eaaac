"""Permission-checked reads for exports and published pages (DESIGN.md "Who may do what":
editors and admins export; anyone reads a published fact-check page)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

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


def published_claim(claim_id: int) -> Claim:
    """The claim behind a public page: published, verified, with a verdict, not deleted.
    Anything else is a 404, so the page does not tell an unpublished claim from none."""
    return get_object_or_404(
        Claim.objects.visible()
        .filter(status=Claim.Status.VERIFIED, published_at__isnull=False, verdict__isnull=False)
        .select_related("article", "verdict__rating"),
        pk=claim_id,
    )
