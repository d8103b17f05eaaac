"""Permission-checked reads for the reading page's suggestions: whoever may mark claims
(claims.access.require_claim_worker) may see, accept and dismiss them."""

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404

from factcheck.articles.access import article_for_reading
from factcheck.articles.models import Article, Revision
from factcheck.claims.access import require_claim_worker


def article_for_suggestions(user: Any, article_id: int) -> Article:
    require_claim_worker(user)
    return article_for_reading(user, article_id)


def revision_for_decision(user: Any, article_id: int, revision_id: str) -> Revision:
    """The revision a suggestion form names, which must be one of the article's (an
    earlier one is refused later as stale, with the reading page's own message)."""
    require_claim_worker(user)
    if not revision_id.isdigit():
        raise Http404("No such revision.")
    queryset = Revision.objects.select_related("article", "article__current_revision")
    return get_object_or_404(queryset, pk=revision_id, article_id=article_id)
