"""Timelines are queries on the Event table (DESIGN.md "History"): per claim, per article,
per user, and the newest event id the reading page's live poll starts from."""

from typing import Any

from django.db.models import Max

from .diff import changes
from .models import Event, EventQuerySet


def claim_timeline(claim: Any) -> list[Event]:
    """Oldest first, each event with its `.changes` (history_event_claim_id)."""
    events = list(Event.objects.for_claim(claim).order_by("pk"))
    for event in events:
        event.changes = changes(event.before, event.after)
    return events


def article_activity(article: Any) -> EventQuerySet:
    """Newest first (history_event_article_id); paginate it."""
    return Event.objects.for_article(article).select_related("claim").newest_first()


def user_activity(user: Any) -> EventQuerySet:
    """Newest first (history_event_actor_id); paginate it."""
    return Event.objects.by_actor(user).select_related("claim", "article").newest_first()


def latest_event_id(article: Any) -> int:
    """Where the reading page's "changes since" poll starts (0 when nothing happened)."""
    return Event.objects.for_article(article).aggregate(newest=Max("pk"))["newest"] or 0


def with_changes(events: Any) -> list[Event]:
    events = list(events)
    for event in events:
        event.changes = changes(event.before, event.after)
    return events
