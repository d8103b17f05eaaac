from django.contrib import admin

from .models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Read-only: events are append-only, so the admin can neither add, edit nor delete."""

    list_display = ["at", "actor_name", "action", "article", "claim", "target_type", "target_id"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_name", "action", "=target_id", "=claim__id"]
    list_select_related = ["article", "claim"]
    raw_id_fields = ["actor", "article", "claim"]
    date_hierarchy = "at"
    actions = None  # not even "delete selected": nothing updates or deletes an event

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
