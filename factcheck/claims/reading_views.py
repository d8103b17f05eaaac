"""The reading page: an article's text beside its claim list, the workbench's main page.

In claims/ because it is mostly about claims (their highlights, rows, filters and the
decisions line); the article's own part, its paragraphs drawn from the stored spans, is
articles.reading's. URL contract with static/js/reader.js: the page's data attributes and
the claim list's htmx target (`claim-list`)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from factcheck.articles.access import article_for_reading
from factcheck.articles.reading import article_html, render_paragraphs, spans_for_revision
from factcheck.editorial.forms import article_decisions_context as decisions_context
from factcheck.history.queries import latest_event_id

from . import access
from .listing import ClaimFilter, claim_rows, filter_options, highlight_tuples, reading_claims
from .models import Claim


@require_GET
def read_article(request: HttpRequest, article_id: int) -> HttpResponse:
    """The article beside its claim list. A fixed number of queries whatever the size
    (tests/claims/test_reading_claims.py pins it): article, spans, claims, their reviews,
    the newest event id, plus session, user and roles."""
    article = article_for_reading(request.user, article_id)
    revision = article.current_revision
    claims = reading_claims(Claim.objects.visible().for_article(article))
    # Blind review: chips and filters see only the reviews this reader may see.
    access.with_shown_reviews(request.user, claims, blind_review=article.blind_review)
    claim_filter = ClaimFilter.from_query(request.GET)
    listed = {
        "claim_rows": claim_rows(claim_filter.apply(claims)),
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
        "article_html": article_html(paragraphs),
        "claim_count": len(claims),
        "claim_filter": claim_filter,
        "filter_options": filter_options(claims),
        "since": latest_event_id(article),
        **decisions_context(request.user, article, claims),
        **listed,
    }
    return render(request, "articles/read.html", context)
