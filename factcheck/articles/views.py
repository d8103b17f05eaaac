from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from factcheck.claims import access as claims_access
from factcheck.claims.listing import (
    ClaimFilter,
    claim_rows,
    filter_options,
    highlight_tuples,
    reading_claims,
)
from factcheck.claims.models import Claim
from factcheck.core import roles
from factcheck.editorial.forms import article_decisions_context as decisions_context
from factcheck.history.queries import latest_event_id

from . import access
from .forms import ImportArticleForm
from .reading import article_html, render_paragraphs, spans_for_revision
from .services import ImportRejected, import_article, import_json_document, max_import_bytes

ARTICLES_PER_PAGE = 25


@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    articles = access.articles_for_listing(request.user).search(query)
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    template = "articles/list.html#article-results" if request.htmx else "articles/list.html"
    return render(
        request,
        template,
        {"page": page, "query": query, "can_import": roles.is_editor(request.user)},
    )


@require_GET
def read_article(request: HttpRequest, article_id: int) -> HttpResponse:
    """The article beside its claim list. A fixed number of queries whatever the size
    (tests/claims/test_reading_claims.py pins it): article, spans, claims, their reviews,
    the newest event id, plus session, user and roles."""
    article = access.article_for_reading(request.user, article_id)
    revision = article.current_revision
    claims = reading_claims(Claim.objects.visible().for_article(article))
    # Blind review: chips and filters see only the reviews this reader may see.
    claims_access.with_shown_reviews(request.user, claims, blind_review=article.blind_review)
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


@require_http_methods(["GET", "POST"])
def import_article_page(request: HttpRequest) -> HttpResponse:
    access.require_importer(request.user)
    form = ImportArticleForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            article = import_from_form(form.cleaned_data, user=request.user)
        except ImportRejected as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Imported “{article.title}”.")
            return redirect(article)
    status = 400 if form.errors else 200
    context = {"form": form, "max_import_bytes": max_import_bytes()}
    return render(request, "articles/import.html", context, status=status)


def import_from_form(data: dict, *, user) -> "object":
    metadata = {
        "title": data["title"],
        "source_url": data["source_url"],
        "publisher": data["publisher"],
        "author": data["author"],
        "published_on": data["published_on"],
        "language": data["language"],
    }
    upload = data.get("file")
    if upload and upload.name.lower().endswith(".json"):
        return import_json_document(data=upload.read(), created_by=user, **metadata)
    content = upload.read() if upload else data["text"]
    return import_article(content=content, created_by=user, **metadata)
