"""Suggested claims and consistency findings of an article's current revision: what the
reading page's suggestions panel lists (factcheck/suggestions/views.py)."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from factcheck.api.schemas.suggestions import SuggestionsOut
from factcheck.suggestions import access
from factcheck.suggestions.services import open_analysis

from .common import READ_ERRORS, PathId

router = Router(tags=["suggestions"])


@router.get(
    "/articles/{article_id}/suggestions",
    response={200: SuggestionsOut} | READ_ERRORS,
    url_name="article-suggestions",
    summary="List an article's suggested claims and consistency findings",
)
def list_suggestions(request: HttpRequest, article_id: PathId) -> Any:
    """For whoever may mark claims (reviewers, editors, admins). Computed when the revision
    was created and kept; an article without text has none."""
    article = access.article_for_suggestions(request.user, article_id)
    revision = article.current_revision
    if revision is None:
        return {"revision": 0, "suggestions": [], "checks": []}
    analysis = open_analysis(revision, language=article.language, user=request.user)
    return {"revision": revision.pk, **analysis}
