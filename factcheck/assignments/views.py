"""Assignment views: "My queue", the claim panel's assign/change/remove forms, the whole
article's form and the bulk form (claim list, decisions queue).

Each fetches through access.py and writes through services.py. The panel's forms answer
htmx with the fresh panel, or a refusal into their own region (claims.views.refused); the
others are plain form posts that redirect back with a message.
"""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from factcheck.claims.views import refused, saved

from . import access, queries, services
from .forms import AssignForm, ChangeForm, parse_claim_ids


@require_GET
def my_queue(request: HttpRequest) -> HttpResponse:
    """The claims assigned to the user (queries.queue_for): what a reviewer sees first."""
    access.require_queue_reader(request.user)
    items = queries.queue_for(request.user)
    context = {
        "open_items": items["open"],
        "closed_items": items["closed"],
        "overdue": sum(item.overdue for item in items["open"]),
    }
    return render(request, "assignments/my_queue.html", context)


def _panel_refusal(
    request: HttpRequest, claim_id: int, *, status: int, form: Any = None, error: str = ""
) -> HttpResponse:
    return refused(
        request,
        claim_id,
        region="assignments",
        status=status,
        assignment={"form": form, "error": error},
    )


@require_POST
def assign_claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access.claim_for_assigning(request.user, claim_id)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _panel_refusal(request, claim.pk, status=400, form=form)
    try:
        services.assign_claims(claims=[claim], assigned_by=request.user, **form.cleaned_data)
    except services.AssignmentRefused as refusal:
        return _panel_refusal(request, claim.pk, status=409, form=form, error=str(refusal))
    return saved(request, claim.pk)


@require_POST
def change_assignment(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = access.assignment_for_changing(request.user, assignment_id)
    form = ChangeForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.reassign(assignment=assignment, assigned_by=request.user, **form.cleaned_data)
        except services.AssignmentRefused as refusal:
            error = str(refusal)
        else:
            return _done(request, assignment, "Assignment changed.")
    else:
        error = "; ".join(message for errors in form.errors.values() for message in errors)
    if assignment.claim_id is None:
        messages.error(request, f"Nothing changed: {error}")
        return redirect(assignment.article)
    status = 409 if form.is_valid() else 400
    return _panel_refusal(request, assignment.claim_id, status=status, error=error)


@require_POST
def remove_assignment(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = access.assignment_for_changing(request.user, assignment_id)
    services.unassign(assignment=assignment, unassigned_by=request.user)
    return _done(request, assignment, f"{assignment.assignee.get_username()} is unassigned.")


def _done(request: HttpRequest, assignment: Any, message: str) -> HttpResponse:
    """A claim's assignment: the fresh panel (htmx) or the claim page; a whole article's:
    back to its reading page."""
    if assignment.claim_id is not None:
        return saved(request, assignment.claim_id)
    messages.success(request, message)
    return redirect(assignment.article)


@require_POST
def assign_article(request: HttpRequest, article_id: int) -> HttpResponse:
    article = access.article_for_assigning(request.user, article_id)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Nothing assigned: {_errors(form)}")
        return redirect(article)
    data = form.cleaned_data
    try:
        for assignee in data["assignees"]:
            services.assign_article(
                article=article,
                assignee=assignee,
                assigned_by=request.user,
                due_on=data["due_on"],
                priority=data["priority"],
            )
    except services.AssignmentRefused as refusal:
        messages.error(request, f"Nothing assigned: {refusal}")
        return redirect(article)
    names = ", ".join(person.get_username() for person in data["assignees"])
    messages.success(request, f"The whole article is assigned to {names}.")
    return redirect(article)


@require_POST
def bulk_assign(request: HttpRequest) -> HttpResponse:
    """The checkboxes of the reading page's claim list and of the decisions queue: every
    ticked claim to every chosen reviewer, all or nothing."""
    access.require_assigner(request.user)
    back = _back(request)
    claims = access.claims_for_assigning(
        request.user, parse_claim_ids(request.POST.getlist("claims"))
    )
    form = AssignForm(request.POST)
    if not claims:
        messages.error(request, "Nothing assigned: tick the claims to assign first.")
        return redirect(back)
    if not form.is_valid():
        messages.error(request, f"Nothing assigned: {_errors(form)}")
        return redirect(back)
    try:
        services.assign_claims(claims=claims, assigned_by=request.user, **form.cleaned_data)
    except services.AssignmentRefused as refusal:
        messages.error(request, f"Nothing assigned: {refusal}")
        return redirect(back)
    names = ", ".join(person.get_username() for person in form.cleaned_data["assignees"])
    count = len(claims)
    messages.success(request, f"Assigned {count} claim{'s' if count != 1 else ''} to {names}.")
    return redirect(back)


def _errors(form: Any) -> str:
    return " ".join(message for errors in form.errors.values() for message in errors)


def _back(request: HttpRequest) -> str:
    """Where the bulk form came from (its `next` field): a path on this site, else the
    decisions queue."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "decisions:queue"
