"""Flags in the ops console: read-only, resolved by actions that call the services."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from . import services
from .adminkit import NoteForm, ReasonForm, ServiceActionsMixin, ask_then_apply
from .models import Flag


@admin.register(Flag)
class FlagAdmin(ServiceActionsMixin, admin.ModelAdmin):
    list_display = ["__str__", "claim", "flagged_by", "created_at", "status", "resolved_by"]
    list_filter = ["status", "created_at"]
    list_select_related = ["claim", "flagged_by", "resolved_by", "review", "source", "comment"]
    search_fields = ["reason", "resolution_note", "flagged_by__username", "claim__exact"]
    raw_id_fields = ["review", "source", "comment", "claim", "flagged_by", "resolved_by"]
    date_hierarchy = "created_at"
    actions = ["resolve_hide", "resolve_dismiss"]

    @admin.action(
        description="Resolve: hide the flagged items (asks for a reason)", permissions=["moderate"]
    )
    def resolve_hide(self, request: HttpRequest, queryset: Any) -> Any:
        return ask_then_apply(
            self,
            request,
            queryset,
            action="resolve_hide",
            title="Hide the flagged items",
            form_class=ReasonForm,
            service=lambda flag, data: services.hide_item(
                item=flag.target, editor=request.user, reason=data["reason"]
            ),
            done="Hidden",
        )

    @admin.action(
        description="Resolve: dismiss the flags (asks for a note)", permissions=["moderate"]
    )
    def resolve_dismiss(self, request: HttpRequest, queryset: Any) -> Any:
        return ask_then_apply(
            self,
            request,
            queryset,
            action="resolve_dismiss",
            title="Dismiss the flags",
            form_class=NoteForm,
            service=lambda flag, data: services.dismiss_flag(
                flag=flag, editor=request.user, note=data["note"]
            ),
            done="Dismissed",
        )
