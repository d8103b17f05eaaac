"""Claims on an article's text, and the reviews, sources and comments that check them.

Offsets are code points into `Revision.text` (DESIGN.md "Text, spans and offsets"). Every
write goes through services.py, which records its history event; `version` columns are
optimistic locks (services.update_claim and friends do UPDATE ... WHERE version = ?).
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

SUMMARY_MAX = 300


class RatingScale(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=50, unique=True)
    description = models.TextField(blank=True)
    is_default = models.BooleanField(default=False)  # the scale the review form offers
    # Ordinal scales can be compared (ClaimReview best/worst ratings come from `value`).
    is_ordinal = models.BooleanField(default=True)

    class Meta:
        constraints = [
            # Rating.objects.of_default_scale() relies on at most one default
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="claims_scale_one_default"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RatingQuerySet(models.QuerySet["Rating"]):
    def of_default_scale(self) -> "RatingQuerySet":
        return self.filter(scale__is_default=True).order_by("order")


class Rating(models.Model):
    class Fever(models.TextChoices):
        SUPPORTS = "SUPPORTS"
        REFUTES = "REFUTES"
        NOT_ENOUGH_INFO = "NOT ENOUGH INFO"

    class Averitec(models.TextChoices):
        SUPPORTED = "Supported"
        REFUTED = "Refuted"
        NOT_ENOUGH_EVIDENCE = "Not Enough Evidence"
        CONFLICTING = "Conflicting Evidence/Cherrypicking"

    # Indexed by claims_rating_unique_slug (scale, slug), which leads with it.
    scale = models.ForeignKey(RatingScale, models.CASCADE, related_name="ratings", db_index=False)
    label = models.CharField(max_length=60)
    slug = models.SlugField(max_length=60)  # also the CSS class suffix (static/css/claims.css)
    description = models.TextField(blank=True)
    colour = models.CharField(max_length=7, default="#777777")  # "#rrggbb"
    order = models.PositiveSmallIntegerField()  # position on the scale, also the number key
    value = models.IntegerField(null=True, blank=True)  # ClaimReview ratingValue, if any
    fever_label = models.CharField(max_length=16, choices=Fever, blank=True)
    averitec_label = models.CharField(max_length=40, choices=Averitec, blank=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        ordering = ["scale", "order"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "slug"], name="claims_rating_unique_slug"),
            models.UniqueConstraint(fields=["scale", "order"], name="claims_rating_unique_order"),
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="claims_rating_colour_hex"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ClaimQuerySet(models.QuerySet["Claim"]):
    def visible(self) -> "ClaimQuerySet":
        return self.filter(deleted_at__isnull=True)

    def for_article(self, article: Any) -> "ClaimQuerySet":
        return self.filter(article=article)

    def with_status(self, *statuses: str) -> "ClaimQuerySet":
        return self.filter(status__in=statuses)

    def reading_values(self) -> "models.QuerySet[Any]":
        """The claims of the reading page and of its live poll as plain rows in start order,
        for listing.ReadingClaim (field for field); deleted ones too unless the queryset
        leaves them out. Plain rows, not instances: building 500 model instances and their
        prefetched reviews cost more than the rest of the page (bench/bench_claims.py)."""
        return self.order_by("start", "end", "pk").values_list(
            "id",
            "revision_id",
            "start",
            "end",
            "exact",
            "summary",
            "status",
            "anchor",
            "deleted_at",
        )

    def reading_review_values(self) -> "models.QuerySet[Any]":
        """The reviews of these claims that are not hidden (hidden reviews give no chips and
        no agreement), as plain rows for listing.ReadingReview (field for field), each
        claim's in rating order."""
        return (
            Review.objects.not_hidden()
            .filter(claim__in=self.values("pk"))
            .order_by("rating__order", "pk")
            .values_list(
                "claim_id",
                "reviewer_id",
                "reviewer__username",
                "rating_id",
                "rating__slug",
                "rating__label",
                "rating__order",
                "rating__value",  # the article's agreement line (editorial.agreement)
            )
        )


class Claim(models.Model):
    class Status(models.TextChoices):
        OPEN = "open"
        IN_REVIEW = "in_review", "In review"
        CONTESTED = "contested"
        VERIFIED = "verified"
        DISMISSED = "dismissed"
        NEEDS_RECHECK = "needs_recheck", "Needs recheck"

    class Anchor(models.TextChoices):
        """What the last new revision of the article did to the claim (claims/revisions.py;
        the rules are factcheck/text/reanchor.py's). A claim never re-anchored is exact."""

        EXACT = "exact"  # same offsets, same words
        MOVED = "moved"  # same words, new offsets
        CHANGED = "changed"  # its words were corrected: it covers the corrected words
        ORPHANED = "orphaned"  # its words are gone: it stays on the last revision with them

    # Indexed by claims_claim_article_start, which leads with it (so no index of its own:
    # one index less to write on every claim). The same for the other foreign keys below
    # that have a composite index in Meta.indexes or a unique constraint leading with them.
    article = models.ForeignKey(
        "articles.Article", models.CASCADE, related_name="claims", db_index=False
    )
    # The revision the claim is anchored on: the current one, or for an orphaned claim the
    # last one that has its words.
    revision = models.ForeignKey("articles.Revision", models.PROTECT, related_name="claims")
    anchor = models.CharField(max_length=8, choices=Anchor, default=Anchor.EXACT)
    start = models.PositiveIntegerField()  # code points into revision.text
    end = models.PositiveIntegerField()
    exact = models.TextField()  # W3C TextQuoteSelector
    prefix = models.TextField(blank=True)
    suffix = models.TextField(blank=True)
    summary = models.CharField(max_length=SUMMARY_MAX, blank=True)  # ClaimReview claimReviewed
    claimant = models.CharField(max_length=200, blank=True)
    claimed_on = models.DateField(null=True, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="claims")
    status = models.CharField(max_length=16, choices=Status, default=Status.OPEN)
    created_by = models.ForeignKey(  # indexed by claims_claim_creator
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="claims_created", db_index=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)  # optimistic lock, see services.update_claim
    # The editor's decision (factcheck/editorial/services.py): the current verdict; earlier
    # ones stay as Verdict rows that this one replaced.
    verdict = models.OneToOneField(
        "Verdict", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dismissed_reason = models.TextField(blank=True)
    # A locked claim takes no more edits from reviewers until an editor unlocks it.
    locked_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Published fact-check page (factcheck/exports/public.py): set while it is public.
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    deleted_at = models.DateTimeField(null=True, blank=True)  # soft delete: history keeps it
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ClaimQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="claims_claim_start_before_end"
            ),
            models.CheckConstraint(
                condition=Q(start__gte=0), name="claims_claim_start_not_negative"
            ),
        ]
        indexes = [
            # the reading page's claim list and highlights (ClaimQuerySet.reading_values)
            models.Index(fields=["article", "start"], name="claims_claim_article_start"),
            # the "my work" page's claims
            models.Index(fields=["created_by", "id"], name="claims_claim_creator"),
            # the dashboard's claims by status (dashboard.queries.claims_by_status, read from
            # the index alone) and the decisions queue's status filter and counts
            models.Index(
                fields=["status", "created_at"],
                condition=Q(deleted_at__isnull=True),
                name="claims_claim_live_status",
            ),
        ]

    def __str__(self) -> str:
        return f"“{self.exact[:60]}”"

    def get_absolute_url(self) -> str:
        return reverse("claims:detail", args=[self.pk])

    def tag_names(self) -> list[str]:
        return sorted(tag.name for tag in self.tags.all())

    def as_event(self, *, tags: list[str] | None = None) -> dict[str, Any]:
        """The claim as its history events record it; `tags` (sorted names) when the caller
        knows them, which saves reading them."""
        return {
            "revision": self.revision_id,
            "start": self.start,
            "end": self.end,
            "exact": self.exact,
            "summary": self.summary,
            "claimant": self.claimant,
            "claimed_on": self.claimed_on.isoformat() if self.claimed_on else None,
            "tags": self.tag_names() if tags is None else tags,
            "status": self.status,
        }


class HideableQuerySet(models.QuerySet[Any]):
    """Vocabulary for moderated content (reviews, sources, comments). `visible()` leaves out
    soft-deleted rows, `not_hidden()` rows an editor hid; pages, the reading view, exports
    and the status rule use `visible().not_hidden()`; editors' views use `for_viewer`."""

    def visible(self) -> "HideableQuerySet":
        if any(field.name == "deleted_at" for field in self.model._meta.fields):
            return self.filter(deleted_at__isnull=True)
        return self.all()

    def not_hidden(self) -> "HideableQuerySet":
        return self.filter(hidden_at__isnull=True)

    def hidden(self) -> "HideableQuerySet":
        return self.filter(hidden_at__isnull=False)

    def for_viewer(self, user: Any, *, author_field: str = "") -> "HideableQuerySet":
        """Editors see hidden items (marked, with who hid them and why); others do not,
        except their own when `author_field` names it (the panel tells a reviewer why their
        review no longer counts). Hideable.is_shown_to is this rule on an item already
        loaded; change both together (tests/claims/test_permissions.py checks they agree)."""
        from factcheck.core import roles

        if roles.is_editor(user):
            return self.visible()
        shown = Q(hidden_at__isnull=True)
        if author_field:
            shown |= Q(**{author_field: user})
        return self.visible().filter(shown)


class Hideable(models.Model):
    """Moderation (factcheck/moderation/services.py): hiding is soft and reversible. Hidden
    items leave pages, the reading view and exports, but editors still see them (marked,
    with who hid them and why) and the history keeps every step."""

    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    def is_shown_to(self, user: Any, *, author_field: str = "", editor: bool | None = None) -> bool:
        """HideableQuerySet.for_viewer's rule on this item, loaded already with hidden ones
        (the review save's answer, access.reviews_for_panel_of). `editor` is
        roles.is_editor(user), for a caller that decided it once for many items."""
        if getattr(self, "deleted_at", None) is not None:
            return False
        if editor is None:
            from factcheck.core import roles

            editor = roles.is_editor(user)
        if editor or self.hidden_at is None:
            return True
        if not author_field:
            return False
        return getattr(self, self._meta.get_field(author_field).attname) == user.pk


class Review(Hideable):
    class Confidence(models.TextChoices):
        LOW = "low"
        MEDIUM = "medium"
        HIGH = "high"

    # Indexed by claims_review_one_per_reviewer and claims_review_reviewer.
    claim = models.ForeignKey(Claim, models.CASCADE, related_name="reviews", db_index=False)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="reviews", db_index=False
    )
    rating = models.ForeignKey(Rating, models.PROTECT, related_name="reviews")
    rationale = models.TextField(blank=True)
    confidence = models.CharField(max_length=6, choices=Confidence, default=Confidence.MEDIUM)
    version = models.PositiveIntegerField(default=1)  # optimistic lock, see services.update_review
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HideableQuerySet.as_manager()

    class Meta:
        constraints = [
            # one review per reviewer; the unique index also serves the "my work" page
            models.UniqueConstraint(
                fields=["claim", "reviewer"], name="claims_review_one_per_reviewer"
            ),
        ]
        indexes = [
            # the "my work" page's reviews
            models.Index(fields=["reviewer", "id"], name="claims_review_reviewer"),
            # the dashboard's reviews per reviewer and week: a range of weeks read from the
            # index alone (dashboard.queries.reviews_per_reviewer)
            models.Index(
                fields=["created_at", "reviewer"],
                condition=Q(hidden_at__isnull=True),
                name="claims_review_week",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} on {self.claim}: {self.rating}"

    def as_event(self) -> dict[str, Any]:
        return {
            "reviewer": self.reviewer.get_username(),
            "rating": self.rating.slug,
            "rating_label": self.rating.label,
            "rationale": self.rationale,
            "confidence": self.confidence,
        }


class LiveQuerySet(HideableQuerySet):
    """Sources and comments: soft-deleted by their authors, hidden by editors."""


class Source(Hideable):
    class Stance(models.TextChoices):
        SUPPORTS = "supports"
        REFUTES = "refutes"
        CONTEXT = "context"

    claim = models.ForeignKey(Claim, models.CASCADE, related_name="sources")
    url = models.URLField(max_length=2000)  # http/https only: validators.validate_source_url
    title = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    stance = models.CharField(max_length=8, choices=Stance, default=Stance.CONTEXT)
    excerpt = models.TextField(blank=True)
    accessed_on = models.DateField(null=True, blank=True)
    archive_url = models.URLField(max_length=2000, blank=True)
    added_by = models.ForeignKey(  # indexed by claims_source_added_by
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="sources", db_index=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = LiveQuerySet.as_manager()

    class Meta:
        indexes = [
            # the "my work" page's sources
            models.Index(fields=["added_by", "id"], name="claims_source_added_by"),
        ]

    def __str__(self) -> str:
        return self.title or self.url

    def as_event(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "title": self.title,
            "publisher": self.publisher,
            "stance": self.stance,
            "excerpt": self.excerpt,
            "accessed_on": self.accessed_on.isoformat() if self.accessed_on else None,
            "archive_url": self.archive_url,
        }


class Comment(Hideable):
    claim = models.ForeignKey(Claim, models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="comments")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = LiveQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:60]}"

    def as_event(self) -> dict[str, Any]:
        return {"body": self.body}


class Verdict(models.Model):
    """An editor's decision on a claim. Never rewritten: a correction is a new Verdict that
    `replaces` the old one and carries a public note; Claim.verdict points at the current."""

    claim = models.ForeignKey(Claim, models.CASCADE, related_name="verdicts")
    rating = models.ForeignKey(Rating, models.PROTECT, related_name="verdicts")
    public_summary = models.CharField(max_length=500)
    rationale = models.TextField()
    sources = models.ManyToManyField("Source", blank=True, related_name="verdicts")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    replaces = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    correction_note = models.TextField(blank=True)  # required when `replaces` is set
    # The revision of the article the verdict was given on: a claim whose words a later
    # revision changed shows its verdict as "given on revision N" until an editor confirms
    # or corrects it. Null only for verdicts from before revisions could change.
    revision = models.ForeignKey(
        "articles.Revision", models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["claim", "decided_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(replaces__isnull=True) | ~Q(correction_note=""),
                name="claims_verdict_correction_has_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating} on {self.claim}"

    def as_event(self) -> dict[str, Any]:
        return {
            "rating": self.rating.slug,
            "rating_label": self.rating.label,
            "public_summary": self.public_summary,
            "rationale": self.rationale,
            "sources": sorted(source.pk for source in self.sources.all()),
            "correction_note": self.correction_note,
        }
