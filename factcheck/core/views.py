from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, retarget

from . import access, roles, services

ROLE_CHOICES = [
    ("none", "No role"),
    (roles.REVIEWER, "Reviewer"),
    (roles.EDITOR, "Editor"),
    ("admin", "Admin"),
]


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=ROLE_CHOICES)


class ActiveForm(forms.Form):
    active = forms.TypedChoiceField(choices=[("1", "active"), ("0", "inactive")], coerce=int)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Where a login lands (settings.LOGIN_REDIRECT_URL): reviewers on their queue of
    assigned claims, editors and everyone else on the article list."""
    if roles.REVIEWER in roles.role_names(request.user) and not roles.is_editor(request.user):
        return redirect("assignments:my-queue")
    return redirect("articles:list")


@require_GET
def people(request: HttpRequest) -> HttpResponse:
    people = [
        (person, services.role_of(person)) for person in access.people_for_listing(request.user)
    ]
    context = {
        "people": people,
        "role_choices": ROLE_CHOICES,
        "can_change": roles.is_admin(request.user),
    }
    return render(request, "core/people.html", context)


@require_POST
def change_role(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access.person_for_role_change(request.user, person_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        return HttpResponse("Choose one of: none, reviewer, editor, admin.", status=400)
    services.set_role(user=person, role=form.cleaned_data["role"], changed_by=request.user)
    messages.success(request, f"{person.get_username()} is now: {form.cleaned_data['role']}.")
    return redirect("people")


@require_POST
def change_active(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access.person_for_role_change(request.user, person_id)
    form = ActiveForm(request.POST)
    if not form.is_valid():
        return HttpResponse("Send active=1 or active=0.", status=400)
    if form.cleaned_data["active"]:
        services.reactivate_user(user=person, reactivated_by=request.user)
        messages.success(request, f"{person.get_username()} can log in again.")
    else:
        services.deactivate_user(user=person, deactivated_by=request.user)
        messages.success(request, f"{person.get_username()} is deactivated and logged out.")
    return redirect("people")


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """403 (settings: urls.handler403). A page for a plain request; for htmx, the refusal
    alone, retargeted to the page's alert region, so a form refused mid-edit (a claim an
    editor locked meanwhile) keeps what the user typed and says why nothing was saved."""
    context = {"exception": str(exception) or None}
    if not request.htmx:
        return render(request, "403.html", context, status=403)
    response = render(request, "403.html#refusal", context, status=403)
    return reswap(retarget(response, "#page-alerts"), "innerHTML")


def login_locked_out(
    request: HttpRequest, original_response: HttpResponse, credentials: dict[str, Any]
) -> HttpResponse:
    """django-axes' answer to a login refused by a lock-out (AXES_LOCKOUT_CALLABLE): the
    login page's look, the reason and how long it lasts, as 429 Too Many Requests."""
    context = {
        "username": (credentials or {}).get("username", ""),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": round(settings.AXES_COOLOFF_TIME.total_seconds() / 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)
