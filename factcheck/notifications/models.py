"""In-app notifications, email opt-ins and the mentions that caused them.

Notifications are written by services.py, called from the claims, editorial and moderation
services inside their transactions (so a rolled-back action leaves no notification). They
are the recipient's own inbox: reading one is not part of the record, so it has no history
event (the event of the action that caused it is in factcheck/history).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Kind(models.TextChoices):
    """What a notification is about. Also the unit of the email opt-in (EmailPreference);
    the labels are the settings page's checkboxes."""

    MENTION = "mention", "Someone mentions you in a comment or a review"
    ASSIGNMENT = "assignment", "A claim or a whole article is assigned to you"
    REPLY = "reply", "Someone comments on a claim you reviewed"
    VERDICT = (
        "verdict",
        "An editor decides, corrects or confirms the verdict on a claim you reviewed",
    )
    FLAGGED = "flagged", "Your review, source or comment, or one on your claim, is flagged"
    HIDDEN = "hidden", "Your review, source or comment, or one on your claim, is hidden"


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)

    def for_recipient(self, user: object) -> "NotificationQuerySet":
        return self.filter(recipient=user)


class Notification(models.Model):
    recipient = models.ForeignKey(  # indexed by the two indexes below
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications", db_index=False
    )
    kind = models.CharField(max_length=16, choices=Kind)
    # The claim it is about; for an assignment of a whole article, the article instead.
    claim = models.ForeignKey(
        "claims.Claim", models.CASCADE, null=True, blank=True, related_name="+"
    )
    article = models.ForeignKey(
        "articles.Article", models.CASCADE, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What exactly, for the sentence: mention "comment"/"review"; verdict "decided"/
    # "corrected"/"confirmed"; flagged and hidden the item's kind ("review", "source",
    # "comment"). `yours` (flagged, hidden): the recipient wrote the item, rather than
    # marked the claim it is on.
    item = models.CharField(max_length=16, blank=True)
    item_id = models.PositiveBigIntegerField(null=True, blank=True)  # no FK: several tables
    yours = models.BooleanField(default=True)
    text = models.CharField(max_length=300, blank=True)  # an excerpt the recipient may read
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        indexes = [
            # the notifications page, newest first
            models.Index(fields=["recipient", "-id"], name="notifications_by_recipient"),
            # the bell's count on every page and every live poll (queries.unread_count)
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notifications_unread",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient_id}"


class EmailPreference(models.Model):
    """A user's opt-in to email for one kind of notification (no row: no email)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", db_index=False
    )
    kind = models.CharField(max_length=16, choices=Kind)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notifications_email_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}"


class Mention(models.Model):
    """A colleague a comment or a review's rationale mentions and who may read it: the
    claim panel marks exactly these names (mentions.mark_mentions); any other @name in the
    text stays plain text."""

    claim = models.ForeignKey("claims.Claim", models.CASCADE, related_name="+")
    comment = models.ForeignKey(
        "claims.Comment", models.CASCADE, null=True, blank=True, related_name="+"
    )
    review = models.ForeignKey(
        "claims.Review", models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(comment__isnull=True) ^ Q(review__isnull=True),
                name="notifications_mention_one_item",
            ),
            models.UniqueConstraint(
                fields=["comment", "user"],
                condition=Q(comment__isnull=False),
                name="notifications_mention_comment_once",
            ),
            models.UniqueConstraint(
                fields=["review", "user"],
                condition=Q(review__isnull=False),
                name="notifications_mention_review_once",
            ),
        ]

    def __str__(self) -> str:
        return f"@{self.user_id} on claim {self.claim_id}"
