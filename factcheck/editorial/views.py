"""The editor's decisions: the decisions queue, and the verdict, correction, dismissal and
reopening forms of the claim panel; the blind-review switch on the reading page.

Each view fetches through access.py (editors and admins only) and writes through
services.py. htmx gets the refreshed claim panel; a plain form post redirects to the claim
page. A decision made on a stale page answers 409 with the stored state beside the editor's
unsaved input, like the claim edit form (views.edit_claim).
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from factcheck.assignments.panel import queue_context as assignments_context
from factcheck.claims.locking import StaleVersion
from factcheck.claims.models import Claim
from factcheck.claims.views import gone, rebound, refused, saved

from . import access, queue, services
from .forms import BlindReviewForm, ConfirmForm, CorrectionForm, ReasonForm, VerdictForm
from .services import DecisionRefused

QUEUE_PAGE_SIZE = 50


@require_GET
def decisions_queue(request: HttpRequest) -> HttpResponse:
    access.require_decider(request.user)
    query = queue.QueueFilter.from_query(request.GET)
    counts = queue.status_counts(query)
    paginator = Paginator(queue.queue(query), QUEUE_PAGE_SIZE)
    # The counts already hold the total: no separate COUNT(*) for the paginator.
    paginator.__dict__["count"] = sum(counts[status] for status in query.statuses)
    page = paginator.get_page(request.GET.get("page"))
    claims = list(page.object_list)  # with their articles and reviews (queue.queue)
    context = {
        "page": page,
        "claims": claims,
        # who is assigned to each row; the load per reviewer and the bulk form
        **assignments_context(claims, whole_page=not request.htmx),
        "filter": query,
        "counts": counts,
        "options": queue.filter_options(),
        "querystring": query.as_querystring(),
    }
    template = "decisions/queue.html#queue-results" if request.htmx else "decisions/queue.html"
    return render(request, template, context)


@require_POST
def decide(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access.claim_for_deciding(request.user, claim_id)
    form = VerdictForm(request.POST, claim=claim, prefix="verdict")
    return _decision(
        request,
        claim,
        "verdict",
        form,
        lambda data: services.decide_verdict(
            claim=claim,
            editor=request.user,
            expected_version=data["version"],
            rating=data["rating"],
            public_summary=data["public_summary"],
            rationale=data["rationale"],
            sources=data["sources"],
        ),
    )


@require_POST
def correct(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access.claim_for_deciding(request.user, claim_id)
    form = CorrectionForm(request.POST, claim=claim, prefix="correct")
    return _decision(
        request,
        claim,
        "correct",
        form,
        lambda data: services.correct_verdict(
            claim=claim,
            editor=request.user,
            expected_version=data["version"],
            rating=data["rating"],
            public_summary=data["public_summary"],
            rationale=data["rationale"],
            sources=data["sources"],
            note=data["note"],
        ),
    )


@require_POST
def confirm(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access.claim_for_deciding(request.user, claim_id)
    form = ConfirmForm(request.POST, prefix="confirm")
    return _decision(
        request,
        claim,
        "confirm",
        form,
        lambda data: services.confirm_verdict(
            claim=claim, editor=request.user, expected_version=data["version"], note=data["note"]
        ),
    )


@require_POST
def dismiss(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access.claim_for_deciding(request.user, claim_id)
    form = ReasonForm(request.POST, prefix="dismiss")
    return _decision(
        request,
        claim,
        "dismiss",
        form,
        lambda data: services.dismiss_claim(
            claim=claim,
            editor=request.user,
            expected_version=data["version"],
            reason=data["reason"],
        ),
    )


@require_POST
def reopen(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access.claim_for_deciding(request.user, claim_id)
    form = ReasonForm(request.POST, prefix="reopen")
    return _decision(
        request,
        claim,
        "reopen",
        form,
        lambda data: services.reopen_claim(
            claim=claim,
            editor=request.user,
            expected_version=data["version"],
            reason=data["reason"],
        ),
    )


def _decision(
    request: HttpRequest, claim: Claim, key: str, form: Any, call: Callable[[dict], Any]
) -> HttpResponse:
    # A refusal answers htmx with the verdict section alone (views.refused): the other
    # forms of the panel keep what the editor typed in them.
    forms = {"decision_forms": {key: form}}
    if not form.is_valid():
        return refused(request, claim.pk, region="verdict", status=400, **forms)
    try:
        call(form.cleaned_data)
    except StaleVersion as stale:
        if stale.current is None or stale.current.deleted_at is not None:
            return gone(request)
        form = rebound(type(form), request.POST, stale.current.version, prefix=key, claim=claim)
        conflict = {"decision": key}
        return refused(
            request,
            claim.pk,
            region="verdict",
            status=409,
            decision_forms={key: form},
            conflict=conflict,
        )
    except DecisionRefused as refusal:
        form.add_error(None, str(refusal))
        return refused(request, claim.pk, region="verdict", status=409, **forms)
    except ValidationError as error:
        form.add_error(None, error)
        return refused(request, claim.pk, region="verdict", status=400, **forms)
    return saved(request, claim.pk)


@require_POST
def blind_review(request: HttpRequest, article_id: int) -> HttpResponse:
    article = access.article_for_deciding(request.user, article_id)
    form = BlindReviewForm(request.POST)
    if not form.is_valid():
        return HttpResponse("blind_review must be on or off", status=400, content_type="text/plain")
    wanted = form.cleaned_data["blind_review"]
    if wanted != article.blind_review:
        services.set_blind_review(article=article, editor=request.user, blind_review=wanted)
    # A plain form post: the whole reading page changes (chips, filters, agreement).
    return redirect(article)
