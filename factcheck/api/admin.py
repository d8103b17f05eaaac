"""Admins see everyone's tokens and revoke them (through services.revoke_token, so the
revocation is in the history). Tokens are not created or edited here: a token's text is
shown once, to its owner, on the settings page or by the create_token command."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from . import services
from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "user", "scope", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("scope",)
    search_fields = ("name", "prefix", "user__username")
    list_select_related = ("user",)
    # Everything is read-only and the hash is not shown at all.
    fields = readonly_fields = (
        "user", "name", "scope", "prefix", "created_at", "expires_at", "last_used_at",
        "revoked_at", "revoked_by",
    )  # fmt: skip
    actions = ["revoke"]

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            services.revoke_token(token=token, revoked_by=request.user)
        self.message_user(request, f"{len(tokens)} token(s) revoked.")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a revoked token stays, so its history keeps its name
