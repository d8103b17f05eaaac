"""The reading page: an article's text beside its claim list, the workbench's main page.

In claims/ because it is mostly about claims (their highlights, rows, filters and the
decisions line); the article's own part, its paragraphs drawn from the stored spans, is
articles.reading's. URL contract with static/js/reader.js: the page's data attributes and
the claim list's htmx target (`claim-list`)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from factcheck.articles.access import article_for_reading, revision_for_reading
from factcheck.articles.models import Article, Revision
from factcheck.articles.reading import article_html, render_paragraphs, spans_for_revision
from factcheck.assignments.panel import reading_context as assignments_context
from factcheck.core import roles
from factcheck.editorial.forms import article_decisions_context as decisions_context
from factcheck.history.queries import latest_event_id
from factcheck.suggestions.views import SHOWN as SUGGESTIONS_SHOWN

from . import access
from .listing import (
    ClaimFilter,
    ReadingClaim,
    claim_rows,
    filter_options,
    highlight_tuples,
    reading_claims,
)
from .models import Claim
from .revisions import claims_as_on


@require_GET
def read_article(request: HttpRequest, article_id: int) -> HttpResponse:
    """The article's current revision beside its claim list. A fixed number of queries
    whatever the size (tests/claims/test_reading_claims.py pins it): article, spans,
    claims, their reviews, the newest event id, plus session, user and
    roles. Its revision list costs nothing (revisions are numbered 1..current)."""
    article = article_for_reading(request.user, article_id)
    claims = reading_claims(Claim.objects.visible().for_article(article))
    return reading_page(request, article, article.current_revision, claims)


@require_GET
def read_revision(request: HttpRequest, article_id: int, number: int) -> HttpResponse:
    """An earlier revision, read-only, with the claims where they were on it
    (revisions.claims_as_on); the current one is the reading page itself."""
    revision = revision_for_reading(request.user, article_id, number)
    article = revision.article
    if revision.pk == article.current_revision_id:
        return redirect(article)
    claims = reading_claims(Claim.objects.visible().for_article(article))
    return reading_page(request, article, revision, claims_as_on(revision, claims))


def reading_page(
    request: HttpRequest, article: Article, revision: Revision | None, claims: list[ReadingClaim]
) -> HttpResponse:
    # Blind review: chips and filters see only the reviews this reader may see.
    access.with_shown_reviews(request.user, claims, blind_review=article.blind_review)
    claim_filter = ClaimFilter.from_query(request.GET)
    current = revision is not None and revision.pk == article.current_revision_id
    # Editors tick claims for the bulk assignment form (on the current revision only).
    selectable = current and roles.is_editor(request.user)
    listed = {
        "claim_rows": claim_rows(
            claim_filter.apply(claims),
            revision_id=revision.pk if revision else None,
            language=article.language,
            selectable=selectable,
        ),
        "filtering": claim_filter.active,
    }
    if request.htmx and request.htmx.target == "claim-list":
        return render(request, "claims/claim_list.html#claim-list", listed)
    paragraphs = []
    if revision:
        spans = spans_for_revision(revision.pk)
        claim_spans = highlight_tuples(claims, revision.pk)
        paragraphs = render_paragraphs(revision.text, spans, claims=claim_spans)
    context = {
        "article": article,
        "revision": revision,
        "is_current": current,
        # Numbers run 1..current without gaps: the list costs no query.
        "revision_numbers": range(1, article.current_revision.number + 1)
        if article.current_revision
        else (),
        "can_revise": roles.is_editor(request.user),
        "article_html": article_html(paragraphs),
        "claim_count": len(claims),
        "claim_filter": claim_filter,
        "filter_options": filter_options(claims),
        "since": latest_event_id(article) if current else None,
        # From the session, already read: the suggestions themselves load with htmx.
        "suggestions_shown": bool(request.session.get(SUGGESTIONS_SHOWN)),
        **decisions_context(request.user, article, claims),
        **(assignments_context(request.user, article) if selectable else {"can_assign": False}),
        **listed,
    }
    return render(request, "articles/read.html", context)
