"""The append-only audit log. Every service writes one Event in the same transaction as
its change; timelines (per claim, article, user) and the live "changes since" poll read it.
"""

from typing import Any

from django.conf import settings
from django.db import models


class AppendOnlyError(RuntimeError):
    """Raised when code tries to rewrite or delete history."""


class EventQuerySet(models.QuerySet["Event"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("events are append-only; record a new event instead")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("events are append-only and are never deleted")

    def for_article(self, article: Any) -> "EventQuerySet":
        return self.filter(article=article)

    def since(self, event_id: int) -> "EventQuerySet":
        return self.filter(pk__gt=event_id)

    def for_claim(self, claim: Any) -> "EventQuerySet":
        return self.filter(claim=claim)

    def by_actor(self, user: Any) -> "EventQuerySet":
        return self.filter(actor=user)

    def newest_first(self) -> "EventQuerySet":
        return self.order_by("-pk")


class Event(models.Model):
    at = models.DateTimeField(db_index=True)
    # The FK may go (SET_NULL) when an account is removed; actor_name keeps who it was.
    # The three foreign keys are indexed by the composite indexes in Meta, which lead with
    # them: no index of their own, so every write's event updates three indexes less.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        db_index=False,
    )
    actor_name = models.CharField(max_length=150)
    action = models.CharField(max_length=64)  # "article.imported", "claim.created", ...
    article = models.ForeignKey(
        "articles.Article",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        db_index=False,
    )
    # The claim the event concerns (claim, review, source and comment events), so a claim's
    # timeline and the live poll's "which claims changed" need no join.
    claim = models.ForeignKey(
        "claims.Claim",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        db_index=False,
    )
    # What the event is about, for entities without their own column (review, source, ...).
    target_type = models.CharField(max_length=32, blank=True)
    target_id = models.BigIntegerField(null=True, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        indexes = [
            # the article activity feed and the "changes since" poll
            models.Index(fields=["article", "id"], name="history_event_article_id"),
            # the per-user "my work" page
            models.Index(fields=["actor", "id"], name="history_event_actor_id"),
            models.Index(fields=["target_type", "target_id"], name="history_event_target"),
            # a claim's timeline (history.queries.claim_timeline)
            models.Index(fields=["claim", "id"], name="history_event_claim_id"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("events are append-only; record a new event instead")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("events are append-only and are never deleted")
