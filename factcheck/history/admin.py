from django.contrib import admin

from .models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Read-only: events are append-only, so the admin can neither add, edit nor delete."""

    list_display = ["at", "actor_name", "action", "article", "target_type", "target_id"]
    list_filter = ["action"]
    search_fields = ["actor_name", "action"]
    list_select_related = ["article"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
