"""Admin actions that go through the services, so every admin action leaves its event.

Used by the ModelAdmins in claims/admin.py and moderation/admin.py. The content models are
read-only in the admin (no add, change or delete): an edit in a change form would bypass
the services and their history, so changes happen through these actions only. Actions
that need words (hide: a reason; dismiss: an optional note) ask for them on an
intermediate page, as Django's own "delete selected" asks for confirmation.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from factcheck.claims.locking import StaleVersion
from factcheck.core import roles
from factcheck.core.forms import PlainTextForm

REASON_TEMPLATE = "admin/moderation/reason.html"


class ReasonForm(PlainTextForm):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "cols": 60}))


class NoteForm(PlainTextForm):
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 60}))


class ServiceActionsMixin:
    """Read-only ModelAdmin whose actions are allowed to editors and admins (`moderate`)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return roles.is_editor(request.user)


def apply_each(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet[Any],
    service: Callable[[Any], Any],
    *,
    done: str,
) -> None:
    """Call `service` on each selected row, each in its own transaction (the services are
    atomic), and report what happened; a refused row does not stop the others."""
    succeeded, refused = 0, []
    for obj in queryset:
        try:
            service(obj)
        except (ValidationError, PermissionDenied, StaleVersion) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            refused.append(f"{obj}: {text}")
        else:
            succeeded += 1
    if succeeded:
        model_admin.message_user(request, f"{done}: {succeeded}.", messages.SUCCESS)
    for text in refused:
        model_admin.message_user(request, text, messages.WARNING)


def ask_then_apply(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet[Any],
    *,
    action: str,
    title: str,
    form_class: type[forms.Form],
    service: Callable[[Any, dict[str, Any]], Any],
    done: str,
) -> TemplateResponse | None:
    """First call: the intermediate page asking for the words. Second call (the page posts
    back with `apply`): run the service on each row and return to the changelist."""
    form = form_class(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        apply_each(model_admin, request, queryset, lambda obj: service(obj, data), done=done)
        return None
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": model_admin.model._meta,
        "queryset": queryset,
        "form": form,
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, REASON_TEMPLATE, context)
