from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: notifications are made by the services, with the actions they tell of."""

    list_display = ("created_at", "recipient", "kind", "claim", "actor", "read_at")
    list_filter = ("kind",)
    list_select_related = ("recipient", "claim", "actor")
    raw_id_fields = ("recipient", "claim", "actor")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
