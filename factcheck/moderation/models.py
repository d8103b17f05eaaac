"""Flags raised on reviews, sources and comments, and how editors resolved them."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q


class FlagQuerySet(models.QuerySet["Flag"]):
    def open(self) -> "FlagQuerySet":
        return self.filter(status=Flag.Status.OPEN)


class Flag(models.Model):
    class Status(models.TextChoices):
        OPEN = "open"
        HIDDEN = "hidden"  # resolved by hiding the item
        DISMISSED = "dismissed"  # resolved, item left as it is

    # Exactly one of these is set (constraint below); `claim` is kept for the queue's filters.
    review = models.ForeignKey(
        "claims.Review", models.CASCADE, null=True, blank=True, related_name="flags"
    )
    source = models.ForeignKey(
        "claims.Source", models.CASCADE, null=True, blank=True, related_name="flags"
    )
    comment = models.ForeignKey(
        "claims.Comment", models.CASCADE, null=True, blank=True, related_name="flags"
    )
    claim = models.ForeignKey("claims.Claim", models.CASCADE, related_name="flags")
    reason = models.TextField()
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="flags_raised"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=9, choices=Status, default=Status.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.TextField(blank=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(review__isnull=False, source__isnull=True, comment__isnull=True)
                    | Q(review__isnull=True, source__isnull=False, comment__isnull=True)
                    | Q(review__isnull=True, source__isnull=True, comment__isnull=False)
                ),
                name="moderation_flag_exactly_one_target",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="moderation_flag_has_reason"),
        ]
        indexes = [
            # the moderation queue: open flags, oldest first
            models.Index(fields=["status", "created_at"], name="moderation_flag_queue"),
        ]

    def __str__(self) -> str:
        return f"Flag on {self.target_kind} {self.target.pk}: {self.reason[:40]}"

    @property
    def target(self) -> Any:
        return self.review or self.source or self.comment

    @property
    def target_kind(self) -> str:
        return "review" if self.review_id else "source" if self.source_id else "comment"
