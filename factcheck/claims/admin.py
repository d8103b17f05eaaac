from django.contrib import admin

from .models import Claim, Rating, RatingScale, Tag


class RatingInline(admin.TabularInline):
    model = Rating
    fields = ["order", "label", "slug", "colour", "value", "fever_label", "averitec_label",
              "description"]
    extra = 0
    prepopulated_fields = {"slug": ["label"]}


@admin.register(RatingScale)
class RatingScaleAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_default", "is_ordinal"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RatingInline]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    """Read-only: claims change through the workbench's services, which record history."""

    list_display = ["__str__", "article", "status", "created_by", "created_at", "deleted_at"]
    list_filter = ["status"]
    list_select_related = ["article", "created_by"]
    search_fields = ["exact", "summary", "claimant"]
    raw_id_fields = ["article", "revision", "created_by", "deleted_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
