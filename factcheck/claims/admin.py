"""The ops console for claims and what hangs on them (DESIGN.md: the Django admin).

Claims, reviews, sources, comments and verdicts are read-only here: their writes are
services that record history, so the admin changes them through actions that call those
same services (factcheck/moderation/adminkit.py), one event per item. Rating scales and
tags are configuration and stay editable.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from factcheck.moderation import services as moderation
from factcheck.moderation.adminkit import (
    ReasonForm,
    ServiceActionsMixin,
    apply_each,
    ask_then_apply,
)

from . import services
from .models import Claim, Comment, Rating, RatingScale, Review, Source, Tag, Verdict


class RatingInline(admin.TabularInline):
    model = Rating
    fields = [
        "order",
        "label",
        "slug",
        "colour",
        "value",
        "fever_label",
        "averitec_label",
        "description",
    ]
    extra = 0
    prepopulated_fields = {"slug": ["label"]}


@admin.register(RatingScale)
class RatingScaleAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_default", "is_ordinal"]
    search_fields = ["name", "slug"]
    list_filter = ["is_default", "is_ordinal"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RatingInline]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]


# --- claims -------------------------------------------------------------------------------


@admin.register(Claim)
class ClaimAdmin(ServiceActionsMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "article",
        "status",
        "created_by",
        "created_at",
        "locked_at",
        "deleted_at",
    ]
    list_filter = [
        "status",
        ("locked_at", admin.EmptyFieldListFilter),
        ("deleted_at", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["article", "created_by"]
    search_fields = ["exact", "summary", "claimant", "article__title"]
    raw_id_fields = [
        "article",
        "revision",
        "created_by",
        "locked_by",
        "published_by",
        "deleted_by",
        "verdict",
    ]
    date_hierarchy = "created_at"
    actions = ["lock", "unlock", "soft_delete", "restore"]

    @admin.action(description="Lock selected claims", permissions=["moderate"])
    def lock(self, request: HttpRequest, queryset: Any) -> None:
        apply_each(
            self,
            request,
            queryset,
            lambda claim: moderation.lock_claim(claim=claim, editor=request.user),
            done="Locked",
        )

    @admin.action(description="Unlock selected claims", permissions=["moderate"])
    def unlock(self, request: HttpRequest, queryset: Any) -> None:
        apply_each(
            self,
            request,
            queryset,
            lambda claim: moderation.unlock_claim(claim=claim, editor=request.user),
            done="Unlocked",
        )

    @admin.action(description="Delete selected claims (soft, restorable)", permissions=["moderate"])
    def soft_delete(self, request: HttpRequest, queryset: Any) -> None:
        apply_each(
            self,
            request,
            queryset,
            lambda claim: services.delete_claim(claim=claim, deleted_by=request.user),
            done="Deleted (restorable)",
        )

    @admin.action(description="Restore selected deleted claims", permissions=["moderate"])
    def restore(self, request: HttpRequest, queryset: Any) -> None:
        apply_each(
            self,
            request,
            queryset,
            lambda claim: moderation.restore_claim(claim=claim, editor=request.user),
            done="Restored",
        )


# --- reviews, sources, comments: hide and unhide --------------------------------------------


class HideableAdmin(ServiceActionsMixin, admin.ModelAdmin):
    """Hide (asks for a reason) and unhide, through moderation.services."""

    actions = ["hide", "unhide"]

    @admin.action(description="Hide selected (asks for a reason)", permissions=["moderate"])
    def hide(self, request: HttpRequest, queryset: Any) -> Any:
        return ask_then_apply(
            self,
            request,
            queryset,
            action="hide",
            title="Hide selected",
            form_class=ReasonForm,
            service=lambda item, data: moderation.hide_item(
                item=item, editor=request.user, reason=data["reason"]
            ),
            done="Hidden",
        )

    @admin.action(description="Unhide selected", permissions=["moderate"])
    def unhide(self, request: HttpRequest, queryset: Any) -> None:
        apply_each(
            self,
            request,
            queryset,
            lambda item: moderation.unhide_item(item=item, editor=request.user),
            done="Unhidden",
        )


HIDDEN_FILTER = ("hidden_at", admin.EmptyFieldListFilter)


@admin.register(Review)
class ReviewAdmin(HideableAdmin):
    list_display = ["__str__", "reviewer", "rating", "confidence", "created_at", "hidden_at"]
    list_filter = [HIDDEN_FILTER, "rating", "confidence"]
    list_select_related = ["claim", "reviewer", "rating"]
    search_fields = ["rationale", "reviewer__username", "claim__exact"]
    raw_id_fields = ["claim", "reviewer", "hidden_by"]


@admin.register(Source)
class SourceAdmin(HideableAdmin):
    list_display = [
        "__str__",
        "claim",
        "stance",
        "added_by",
        "created_at",
        "hidden_at",
        "deleted_at",
    ]
    list_filter = [HIDDEN_FILTER, "stance", ("deleted_at", admin.EmptyFieldListFilter)]
    list_select_related = ["claim", "added_by"]
    search_fields = ["url", "title", "publisher", "excerpt", "added_by__username"]
    raw_id_fields = ["claim", "added_by", "hidden_by"]


@admin.register(Comment)
class CommentAdmin(HideableAdmin):
    list_display = ["__str__", "claim", "author", "created_at", "hidden_at", "deleted_at"]
    list_filter = [HIDDEN_FILTER, ("deleted_at", admin.EmptyFieldListFilter)]
    list_select_related = ["claim", "author"]
    search_fields = ["body", "author__username"]
    raw_id_fields = ["claim", "author", "hidden_by"]


@admin.register(Verdict)
class VerdictAdmin(ServiceActionsMixin, admin.ModelAdmin):
    """Read-only: verdicts are decided and corrected in the workbench
    (factcheck/editorial/services.py)."""

    list_display = ["claim", "rating", "decided_by", "decided_at", "replaces"]
    list_filter = ["rating"]
    list_select_related = ["claim", "rating", "decided_by", "replaces"]
    search_fields = ["public_summary", "rationale", "correction_note", "claim__exact"]
    raw_id_fields = ["claim", "decided_by", "replaces", "sources"]
    date_hierarchy = "decided_at"
