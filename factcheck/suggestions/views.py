"""The reading page's suggestions: the panel (loaded with htmx only when a reader turns it
on, so the page costs nothing extra when off), and making a claim of or dismissing one.
The panel is the `suggestion-panel` partial of templates/articles/read.html."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from factcheck.articles.models import Article
from factcheck.claims.services import ClaimRejected
from factcheck.claims.views import claim_error, claim_summary

from . import access
from .models import SuggestionDecision
from .services import SuggestionNotFound, accept_suggestion, dismiss_suggestion, open_analysis

# Session key: whether this reader wants suggestions shown (the reading page reads the
# session anyway, so remembering it costs no query).
SHOWN = "suggestions_shown"
PANEL = "articles/read.html#suggestion-panel"


@require_http_methods(["GET", "POST"])
def suggestion_panel(request: HttpRequest, article_id: int) -> HttpResponse:
    """GET: the panel as this reader left it; POST shown=1/0: turn it on or off."""
    article = access.article_for_suggestions(request.user, article_id)
    if request.method == "POST":
        request.session[SHOWN] = request.POST.get("shown") == "1"
        if not request.htmx:
            return redirect(article)
    return render(request, PANEL, panel_context(request, article))


def panel_context(request: HttpRequest, article: Article) -> dict[str, Any]:
    shown = bool(request.session.get(SHOWN))
    context: dict[str, Any] = {"article": article, "suggestions_shown": shown}
    revision = article.current_revision
    if shown and revision is not None:
        analysis = open_analysis(revision, language=article.language, user=request.user)
        context |= {
            "suggestions_loaded": True,
            "revision": revision,
            "suggestions": [
                s
                | {"row_id": row_id(SuggestionDecision.Source.SUGGESTION, "", s["start"], s["end"])}
                for s in analysis["suggestions"]
            ],
            "findings": [finding_row(f) for f in analysis["checks"]],
        }
    return context


# What each kind of finding (factcheck/text/consistency.py) is called in the panel.
KIND_LABELS = {
    "sum": "Sum",
    "name_variant": "Name spelled differently",
    "number_restated": "Number restated",
    "date": "Date",
}


def finding_row(finding: dict[str, Any]) -> dict[str, Any]:
    """A finding as the panel lists it, with the range a decision on it is keyed by (its
    first span's start to its last span's end, as services.accept_suggestion claims)."""
    start = min(span["start"] for span in finding["spans"])
    end = max(span["end"] for span in finding["spans"])
    return finding | {
        "start": start,
        "end": end,
        "row_id": row_id(SuggestionDecision.Source.CHECK, finding["kind"], start, end),
        "kind_label": KIND_LABELS.get(finding["kind"], finding["kind"]),
    }


@require_POST
def accept(request: HttpRequest, article_id: int) -> HttpResponse:
    revision = access.revision_for_decision(
        request.user, article_id, request.POST.get("revision", "")
    )
    start, end, source, kind = decision_fields(request)
    try:
        claim = accept_suggestion(
            revision=revision, user=request.user, start=start, end=end, source=source, kind=kind
        )
    except SuggestionNotFound as missing:
        raise Http404(str(missing)) from None
    except ClaimRejected as rejection:
        return claim_error(request, rejection, reload=revision.article.get_absolute_url())
    if not request.htmx:
        return redirect(claim)
    # The stub that loads the claim panel, as for a claim marked by hand, and the
    # suggestion's row removed out of band.
    context = {"claim": claim, "row_id": row_id(source, kind, start, end)}
    response = render(request, "suggestions/accepted.html", context, status=201)
    return trigger_client_event(response, "claim-created", claim_summary(claim))


@require_POST
def dismiss(request: HttpRequest, article_id: int) -> HttpResponse:
    revision = access.revision_for_decision(
        request.user, article_id, request.POST.get("revision", "")
    )
    article = revision.article
    if revision.pk != article.current_revision_id:
        stale = ClaimRejected(
            "stale_revision",
            "The article changed since this page was loaded; reload it to see its suggestions.",
            status=409,
        )
        return claim_error(request, stale, reload=article.get_absolute_url())
    start, end, source, kind = decision_fields(request)
    try:
        dismiss_suggestion(
            revision=revision, user=request.user, start=start, end=end, source=source, kind=kind
        )
    except SuggestionNotFound as missing:
        raise Http404(str(missing)) from None
    if not request.htmx:
        return redirect(article)
    return HttpResponse("")  # the row swaps itself out


def decision_fields(request: HttpRequest) -> tuple[int, int, str, str]:
    post = request.POST
    start, end = post.get("start", ""), post.get("end", "")
    source = post.get("source", SuggestionDecision.Source.SUGGESTION)
    if not (start.isdigit() and end.isdigit()) or source not in SuggestionDecision.Source.values:
        raise Http404("No such suggestion.")
    return int(start), int(end), source, post.get("kind", "")[:32]


def row_id(source: str, kind: str, start: int, end: int) -> str:
    """The id of a suggestion's or finding's row in the panel (templates/articles/read.html)."""
    return f"{source}-{kind + '-' if kind else ''}{start}-{end}"
