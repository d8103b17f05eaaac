from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import query

MAX_QUERY_LENGTH = 200


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """The header's search box: every kind at once, or one kind paged (?kind=claims)."""
    text = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    kind = request.GET.get("kind", "")
    if kind not in query.KINDS_BY_SLUG:
        kind = ""
    results = query.search(request.user, text, kind=kind, page=request.GET.get("page"))
    return render(
        request,
        "search/results.html",
        {"results": results, "kind": kind, "kinds": query.KINDS},
    )
