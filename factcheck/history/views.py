"""Timelines built from the Event table: a claim's, an article's, a person's."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from factcheck.articles.access import article_for_reading, require_reader
from factcheck.claims import access as claims_access
from factcheck.moderation.access import events_without_hidden_content

from . import access, queries

# Pages count events, not claim groups: a page costs the same whatever the grouping, and a
# claim whose events span two pages heads its group again on the next (work.html).
EVENTS_PER_PAGE = 50


@require_GET
def claim_timeline(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = claims_access.claim_for_history(request.user, claim_id)
    # Blind review: others' ratings and rationales stay out until one's own review.
    # Hidden content (moderation): the event stays, its text only for editors and the author.
    events = queries.readable(
        events_without_hidden_content(
            request.user, claims_access.events_shown_to(request.user, queries.claim_timeline(claim))
        )
    )
    template = "history/claim_timeline.html"
    if request.htmx:
        template += "#timeline"
    return render(request, template, {"claim": claim, "events": events})


@require_GET
def article_activity(request: HttpRequest, article_id: int) -> HttpResponse:
    article = article_for_reading(request.user, article_id)
    page = Paginator(queries.article_activity(article), EVENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    events = queries.readable(
        events_without_hidden_content(
            request.user, claims_access.events_shown_to(request.user, page.object_list)
        )
    )
    return render(
        request,
        "history/article_activity.html",
        {"article": article, "page": page, "events": events},
    )


@require_GET
def person_work(request: HttpRequest, username: str) -> HttpResponse:
    person = access.person_for_work_page(request.user, username)
    page = Paginator(queries.user_activity(person), EVENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    events = queries.readable(
        events_without_hidden_content(
            request.user, claims_access.events_shown_to(request.user, page.object_list)
        )
    )
    context = {
        "person": person,
        "is_self": person.pk == request.user.pk,
        "page": page,
        "days": queries.by_day_and_claim(events),
        **claims_access.work_of(person, request.user),
    }
    return render(request, "history/work.html", context)


@require_GET
def my_work(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)  # no work page for someone without a role
    return redirect("history:person-work", request.user.get_username())
