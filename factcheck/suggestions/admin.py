"""Read-only views of kept analyses and reviewers' decisions: both are written by
suggestions.stored and suggestions.services only (a decision carries a history event)."""

from typing import Any

from django.contrib import admin

from .models import RevisionAnalysis, SuggestionDecision


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(RevisionAnalysis)
class RevisionAnalysisAdmin(ReadOnlyAdmin):
    list_display = ["revision", "rules_version", "computed_at"]
    list_select_related = ["revision__article"]


@admin.register(SuggestionDecision)
class SuggestionDecisionAdmin(ReadOnlyAdmin):
    list_display = ["revision", "user", "source", "kind", "start", "end", "decision", "decided_at"]
    list_filter = ["decision", "source"]
    list_select_related = ["revision__article", "user"]
    search_fields = ["exact", "user__username"]
