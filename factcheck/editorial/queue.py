"""The decisions queue (views.decisions_queue): claims waiting for an editor.

`needs_recheck` claims first (a new revision of the article changed or removed their
words), then `contested`, then `in_review`, each oldest first by when the claim was marked
(`created_at`, then id). There is no "entered this state at" column, and the review events
that would tell are a history query per claim; the age of the claim is what the editor sees
on each row. Filters: article, a rating some reviewer gave, a reviewer; counts per status
under the same filters. The page costs a fixed number of queries whatever the data
(tests/editorial/test_queue.py pins it): the counts, one page of claims with their
articles, their reviews, and the filter options.
"""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, When

from factcheck.claims.models import Claim, ClaimQuerySet, Rating, Review

# Claims a new revision of their article sent back (changed or orphaned words) come first,
# then those reviewers disagree on, then those in review.
QUEUE_STATUSES = (Claim.Status.NEEDS_RECHECK, Claim.Status.CONTESTED, Claim.Status.IN_REVIEW)


@dataclass(frozen=True)
class QueueFilter:
    status: str = ""  # one of QUEUE_STATUSES, or "" for both
    article: int | None = None
    rating: str = ""  # a rating slug: claims where some reviewer gave it
    reviewer: str = ""  # a username: claims that person reviewed

    @classmethod
    def from_query(cls, query: Any) -> "QueueFilter":
        status = query.get("status", "")
        article = query.get("article", "")
        return cls(
            status=status if status in QUEUE_STATUSES else "",
            article=int(article)
            if article.isascii() and article.isdigit() and len(article) < 12
            else None,
            rating=query.get("rating", "")[:60],
            reviewer=query.get("reviewer", "")[:150],
        )

    @property
    def statuses(self) -> tuple[str, ...]:
        return (self.status,) if self.status else tuple(QUEUE_STATUSES)

    @property
    def active(self) -> bool:
        return bool(self.status or self.article or self.rating or self.reviewer)

    def as_querystring(self) -> str:
        """The filters for pagination links (the page number is added by the template)."""
        pairs = [
            ("status", self.status),
            ("article", self.article or ""),
            ("rating", self.rating),
            ("reviewer", self.reviewer),
        ]
        return urlencode([(key, value) for key, value in pairs if value])


def _waiting(query: QueueFilter) -> ClaimQuerySet:
    """Queue claims under the filters, whatever their status within the queue."""
    claims = Claim.objects.visible().with_status(*QUEUE_STATUSES)
    if query.article:
        claims = claims.filter(article_id=query.article)
    reviews = Review.objects.not_hidden().filter(claim=OuterRef("pk"))
    if query.rating:
        claims = claims.filter(Exists(reviews.filter(rating__slug=query.rating)))
    if query.reviewer:
        claims = claims.filter(Exists(reviews.filter(reviewer__username=query.reviewer)))
    return claims


def queue(query: QueueFilter) -> ClaimQuerySet:
    """Ordered, with each row's article and reviews (one query each, for a page)."""
    reviews = (
        Review.objects.not_hidden()
        .select_related("rating", "reviewer")
        .only(
            "id",
            "claim_id",
            "created_at",
            "rating__label",
            "rating__slug",
            "rating__order",
            "reviewer__username",
        )
        .order_by("rating__order", "pk")
    )
    return (
        _waiting(query)
        .with_status(*query.statuses)
        .select_related("article")
        .only(
            "id",
            "exact",
            "summary",
            "status",
            "anchor",
            "created_at",
            "article__id",
            "article__title",
        )
        .annotate(
            priority=Case(
                When(status=Claim.Status.NEEDS_RECHECK, then=0),
                When(status=Claim.Status.CONTESTED, then=1),
                default=2,
                output_field=IntegerField(),
            )
        )
        .prefetch_related(Prefetch("reviews", reviews))
        .order_by("priority", "created_at", "pk")
    )


def status_counts(query: QueueFilter) -> dict[str, int]:
    """{status: count} under the filters other than the status: one aggregate query."""
    counts = _waiting(query).aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in QUEUE_STATUSES}
    )
    return {str(status): counts[status] or 0 for status in QUEUE_STATUSES}


def filter_options() -> dict[str, Any]:
    """Articles with claims in the queue, the default scale's ratings, and the people who
    have reviewed something: three queries."""
    from factcheck.articles.models import Article

    waiting = Claim.objects.visible().with_status(*QUEUE_STATUSES).filter(article=OuterRef("pk"))
    reviewed = Review.objects.filter(reviewer=OuterRef("pk"))
    return {
        "statuses": [(status, Claim.Status(status).label) for status in QUEUE_STATUSES],
        "articles": list(
            Article.objects.filter(Exists(waiting))
            .order_by("title", "pk")
            .values_list("pk", "title")
        ),
        "ratings": list(Rating.objects.of_default_scale().values_list("slug", "label")),
        "reviewers": list(
            get_user_model()
            .objects.filter(Exists(reviewed))
            .order_by("username")
            .values_list("username", flat=True)
        ),
    }
