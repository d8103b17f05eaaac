"""Timelines are queries on the Event table (DESIGN.md "History"): per claim, per article,
per user, and the newest event id the reading page's live poll starts from."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.utils import timezone

from .describe import Labels, describe
from .diff import changes
from .models import Event, EventQuerySet


def claim_timeline(claim: Any) -> EventQuerySet:
    """Oldest first (history_event_claim_id)."""
    return Event.objects.for_claim(claim).order_by("pk")


def article_activity(article: Any) -> EventQuerySet:
    """Newest first (history_event_article_id); paginate it."""
    return Event.objects.for_article(article).select_related("claim").newest_first()


def user_activity(user: Any) -> EventQuerySet:
    """Newest first (history_event_actor_id); paginate it."""
    return Event.objects.by_actor(user).select_related("claim", "article").newest_first()


def latest_event_id(article: Any) -> int:
    """Where the reading page's "changes since" poll starts (0 when nothing happened)."""
    return Event.objects.for_article(article).aggregate(newest=Max("pk"))["newest"] or 0


def readable(events: Any) -> list[Event]:
    """The events as a page shows them: each with its sentence (`.readable`, describe.py)
    and its raw field changes (`.changes`, for the "Raw fields" disclosure). Call it after
    the access rules have redacted the events. Labels are read once for the whole page."""
    events = list(events)
    labels = Labels()
    for event in events:
        event.changes = changes(event.before, event.after)
        event.readable = describe(event, labels)
    return events


@dataclass
class Group:
    """A work page's events on one claim (or one article, or people's roles) in one day."""

    claim: Any
    article: Any
    events: list[Event] = field(default_factory=list)


@dataclass
class Day:
    date: dt.date
    groups: list[Group] = field(default_factory=list)

    @property
    def heading(self) -> str:
        today = timezone.localdate()
        if self.date == today:
            return "Today"
        if self.date == today - dt.timedelta(days=1):
            return "Yesterday"
        return f"{self.date:%A} {self.date.day} {self.date:%B %Y}"


def by_day_and_claim(events: list[Event]) -> list[Day]:
    """A page of events, newest first, grouped by day (in the site's time zone) and within
    a day by claim, the group with the latest event first. Events without a claim group by
    article, and account events (roles) in one group. The events' claim and article come
    from user_activity's select_related: no query here."""
    days: dict[dt.date, Day] = {}
    groups: dict[tuple[Any, ...], Group] = {}
    for event in events:
        date = timezone.localdate(event.at)
        day = days.setdefault(date, Day(date))
        key = (date, event.claim_id, None if event.claim_id else event.article_id)
        if key not in groups:
            groups[key] = Group(
                claim=event.claim if event.claim_id else None,
                article=event.article if event.article_id else None,
            )
            day.groups.append(groups[key])
        groups[key].events.append(event)
    # Ids follow time, so days come out newest first; sorting keeps that should two
    # servers' clocks disagree across midnight.
    return sorted(days.values(), key=lambda day: day.date, reverse=True)
