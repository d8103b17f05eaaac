"""An editor's request that a reviewer review a claim, or every claim of an article.

A claim's own assignments replace its article's: a claim with at least one claim-level
assignment inherits none from the article (queries.effective_assignments). Removing an
assignment deletes its row; the history keeps it (services.unassign records the event).
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q


class Assignment(models.Model):
    class Priority(models.IntegerChoices):
        # Smaller sorts first in "My queue" (queries.queue_for).
        HIGH = 1, "High"
        NORMAL = 2, "Normal"
        LOW = 3, "Low"

    # Always set, also for a claim's assignment (its claim's article): the article-level
    # inheritance and the load per reviewer look assignments up by article.
    article = models.ForeignKey(
        "articles.Article", models.CASCADE, related_name="assignments", db_index=False
    )
    # Null: the whole article is assigned.
    claim = models.ForeignKey(
        "claims.Claim", models.CASCADE, null=True, blank=True, related_name="assignments"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="assignments", db_index=False
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    due_on = models.DateField(null=True, blank=True)
    priority = models.PositiveSmallIntegerField(choices=Priority, default=Priority.NORMAL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "assignee"],
                condition=Q(claim__isnull=False),
                name="assignments_one_per_claim_and_assignee",
            ),
            models.UniqueConstraint(
                fields=["article", "assignee"],
                condition=Q(claim__isnull=True),
                name="assignments_one_per_article_and_assignee",
            ),
        ]
        indexes = [
            # a reviewer's queue (queries.queue_for) and the load per reviewer
            models.Index(fields=["assignee", "claim"], name="assignments_assignee"),
            # an article's whole-article assignments (inheritance, the reading page)
            models.Index(fields=["article", "claim"], name="assignments_article"),
        ]

    def __str__(self) -> str:
        what = f"claim {self.claim_id}" if self.claim_id else f"article {self.article_id}"
        return f"{what} to {self.assignee_id}"

    @property
    def is_whole_article(self) -> bool:
        return self.claim_id is None

    def as_event(self) -> dict[str, Any]:
        return {
            "assignee": self.assignee.get_username(),
            "whole_article": self.claim_id is None,
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "priority": self.priority,
        }
