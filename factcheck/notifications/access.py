"""Every permission-checked read of notifications. The inbox is for people who work on
claims (reviewers, editors, admins), and each sees only their own: anyone else's
notification id answers 404, as if it did not exist."""

from typing import Any

from django.shortcuts import get_object_or_404

from factcheck.articles.access import require_reader

from .models import Notification


def require_inbox(user: Any) -> None:
    require_reader(user)


def notifications_of(user: Any) -> Any:
    """The user's notifications, newest first (notifications_by_recipient), with what each
    sentence shows."""
    require_inbox(user)
    return (
        Notification.objects.for_recipient(user)
        .select_related("actor", "claim", "article")
        .only(
            "kind",
            "item",
            "yours",
            "text",
            "created_at",
            "read_at",
            "claim_id",
            "claim__exact",
            "claim__deleted_at",
            "article__title",
            "actor__username",
        )
        .order_by("-pk")
    )


def notification_of(user: Any, notification_id: int) -> Notification:
    require_inbox(user)
    return get_object_or_404(
        Notification.objects.select_related("claim", "article"),
        pk=notification_id,
        recipient=user,
    )


def unread_count(user: Any) -> int:
    """The bell's number: one query on the notifications_unread index."""
    return Notification.objects.for_recipient(user).unread().count()
