"""Articles and their immutable revisions. Offsets everywhere are code points into
`Revision.text` (see factcheck/text and DESIGN.md "Text, spans and offsets")."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse


class ArticleQuerySet(models.QuerySet["Article"]):
    def search(self, query: str) -> "ArticleQuerySet":
        query = query.strip()
        if not query:
            return self
        return self.filter(Q(title__icontains=query) | Q(publisher__icontains=query))

    def for_listing(self) -> "ArticleQuerySet":
        return self.select_related("current_revision", "created_by").order_by("-created_at", "-pk")


class Article(models.Model):
    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=120, unique=True, allow_unicode=True)
    source_url = models.URLField(max_length=2000, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=35, default="en")  # BCP 47 tag, e.g. "en", "km"
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Blind review: a reviewer sees others' ratings on a claim only after their own review.
    blind_review = models.BooleanField(default=True)
    # Set by services.import_article / add_revision; the reading page renders this one.
    current_revision = models.OneToOneField(
        "Revision", models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        indexes = [
            # the article list's default ordering
            models.Index(fields=["-created_at", "-id"], name="articles_article_newest"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("claims:read-article", args=[self.pk])


class Revision(models.Model):
    """One version of an article's text. Never rewritten: a correction is a new revision."""

    # Indexed by articles_revision_unique_number (article, number), which leads with it.
    article = models.ForeignKey(Article, models.CASCADE, related_name="revisions", db_index=False)
    number = models.PositiveIntegerField()
    text = models.TextField()  # normalised (factcheck.text.normalise); offsets count this
    sha256 = models.CharField(max_length=64)
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="articles_revision_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="articles_revision_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article} (revision {self.number})"


class Span(models.Model):
    class Kind(models.TextChoices):
        PARAGRAPH = "paragraph"
        SENTENCE = "sentence"

    # Indexed by articles_span_unique_index (revision, ...), which leads with it.
    revision = models.ForeignKey(Revision, models.CASCADE, related_name="spans", db_index=False)
    kind = models.CharField(max_length=9, choices=Kind)
    index = models.PositiveIntegerField()  # order within the revision, per kind
    start = models.PositiveIntegerField()  # code points into revision.text
    end = models.PositiveIntegerField()
    paragraph = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="sentences"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="articles_span_start_before_end"
            ),
            models.UniqueConstraint(
                fields=["revision", "kind", "index"], name="articles_span_unique_index"
            ),
            # a sentence belongs to a paragraph, a paragraph to none
            models.CheckConstraint(
                condition=(
                    Q(kind="paragraph", paragraph__isnull=True)
                    | Q(kind="sentence", paragraph__isnull=False)
                ),
                name="articles_span_sentence_has_paragraph",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.index} [{self.start}:{self.end}]"
