"""Permission-checked reads for assignments (DESIGN.md "Who may do what"): anyone who works
on articles has a queue; only editors and admins assign, reassign and unassign."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from factcheck.articles.access import article_for_reading, require_reader
from factcheck.claims.models import Claim
from factcheck.core import roles

from .models import Assignment


def require_queue_reader(user: Any) -> None:
    require_reader(user)


def require_assigner(user: Any) -> None:
    require_reader(user)
    if not roles.is_editor(user):
        raise PermissionDenied("Only editors assign claims.")


def claim_for_assigning(user: Any, claim_id: int) -> Claim:
    require_assigner(user)
    return get_object_or_404(Claim.objects.visible().select_related("article"), pk=claim_id)


def claims_for_assigning(user: Any, claim_ids: list[int]) -> list[Claim]:
    """The bulk form's claims: those that exist and are not deleted, in id order."""
    require_assigner(user)
    return list(
        Claim.objects.visible().select_related("article").filter(pk__in=claim_ids).order_by("pk")
    )


def article_for_assigning(user: Any, article_id: int) -> Any:
    require_assigner(user)
    return article_for_reading(user, article_id)


def assignment_for_changing(user: Any, assignment_id: int) -> Assignment:
    require_assigner(user)
    return get_object_or_404(
        Assignment.objects.select_related("assignee", "claim", "article").filter(
            claim__deleted_at__isnull=True
        ),
        pk=assignment_id,
    )
