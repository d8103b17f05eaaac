"""A revision's computed suggestions and findings, and what each reviewer did with them.

RevisionAnalysis is derived data: computed when a revision is created (services.
store_analysis, called from articles.services.create_revision) and again whenever the text
core's rules change (RULES_VERSION), so the reading page never waits for the rules. It is
left out of the native backup for that reason. SuggestionDecision is people's work and
travels in the backup.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class RevisionAnalysis(models.Model):
    revision = models.OneToOneField("articles.Revision", models.CASCADE, related_name="analysis")
    # factcheck.text.suggest.RULES_VERSION when computed; older ones are recomputed.
    rules_version = models.PositiveIntegerField()
    # The shapes of factcheck/suggestions/analysis.py: [{"start", "end", "exact", "score",
    # "reasons"}] and [{"kind", "status", "spans", "explanation"}].
    suggestions = models.JSONField(default=list)
    checks = models.JSONField(default=list)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "revision analyses"

    def __str__(self) -> str:
        return f"Analysis of {self.revision} (rules {self.rules_version})"


class SuggestionDecision(models.Model):
    class Source(models.TextChoices):
        SUGGESTION = "suggestion"
        CHECK = "check"  # a consistency finding

    class Decision(models.TextChoices):
        ACCEPTED = "accepted"  # turned into claim
        DISMISSED = "dismissed"  # for this revision, by this user

    # Indexed by suggestions_one_decision_per_user, which leads with it.
    revision = models.ForeignKey(
        "articles.Revision", models.CASCADE, related_name="suggestion_decisions", db_index=False
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    source = models.CharField(max_length=16, choices=Source, default=Source.SUGGESTION)
    kind = models.CharField(max_length=32, blank=True)  # a finding's kind ("sum", ...)
    start = models.PositiveIntegerField()  # code points into revision.text
    end = models.PositiveIntegerField()
    exact = models.TextField()
    reasons = models.JSONField(default=list)  # the suggestion's reasons, or the finding's line
    decision = models.CharField(max_length=16, choices=Decision)
    claim = models.ForeignKey(
        "claims.Claim", models.SET_NULL, null=True, blank=True, related_name="suggestions"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="suggestions_decision_start_before_end"
            ),
            # One decision per user and suggestion: the reading page hides what a user dismissed.
            models.UniqueConstraint(
                fields=["revision", "user", "source", "kind", "start", "end"],
                name="suggestions_one_decision_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision} {self.source} {self.start}-{self.end} on {self.revision}"
