"""Permission-checked reads for the editor's decisions (DESIGN.md "Who may do what"):
deciding verdicts, dismissing, reopening, the decisions queue and the blind-review switch
are for editors and admins."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from factcheck.articles.access import article_for_reading, require_reader
from factcheck.claims.models import Claim
from factcheck.core import roles


def require_decider(user: Any) -> None:
    require_reader(user)
    if not roles.is_editor(user):
        raise PermissionDenied("Only editors decide verdicts.")


def claim_for_deciding(user: Any, claim_id: int) -> Claim:
    require_decider(user)
    return get_object_or_404(Claim.objects.visible().select_related("article"), pk=claim_id)


def article_for_deciding(user: Any, article_id: int) -> Any:
    """The blind-review switch is an editor's setting on the article."""
    require_decider(user)
    return article_for_reading(user, article_id)
