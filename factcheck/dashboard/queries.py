"""The dashboard's numbers, each aggregated in the database: a fixed number of queries
whatever the number of claims, reviews or flags (tests/dashboard/test_dashboard.py pins
it). Python only shapes the aggregated rows (a handful of statuses, ratings, reviewers).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count, IntegerField, Q, Value
from django.utils import timezone

from factcheck.claims.models import Claim, Rating, Review
from factcheck.editorial import agreement as engine
from factcheck.moderation.models import Flag

WEEKS = 12  # reviews per reviewer: the last twelve weeks, the current one included
TOP_REVIEWERS = 10  # the rest are summed into one "others" row
TOP_ARTICLES = 15  # agreement per article: the articles with the most compared claims


@dataclass(frozen=True)
class Tally:
    key: str
    label: str
    value: int
    colour: str = ""  # "#rrggbb" for ratings (Rating.colour); statuses use CSS classes


def claims_by_status() -> list[Tally]:
    """Every workflow status, zero included, in the order of Claim.Status. One query."""
    counts = dict(Claim.objects.visible().values_list("status").annotate(n=Count("pk")).order_by())
    return [Tally(value, str(label), counts.get(value, 0)) for value, label in Claim.Status.choices]


def claims_by_verdict_rating() -> list[Tally]:
    """Claims by the rating of their current verdict: the default scale's ratings in order
    (zero included), then any other scale's that occur. Two queries."""
    counts = dict(
        Claim.objects.visible()
        .filter(verdict__isnull=False)
        .values_list("verdict__rating_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    ratings = Rating.objects.filter(Q(scale__is_default=True) | Q(pk__in=list(counts))).order_by(
        "-scale__is_default", "scale_id", "order"
    )
    return [
        Tally(rating.slug, rating.label, counts.get(rating.pk, 0), rating.colour)
        for rating in ratings
    ]


@dataclass(frozen=True)
class ReviewerWeeks:
    name: str
    counts: list[int]  # one per week, oldest first

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class ReviewActivity:
    weeks: list[dt.date]  # the Monday each week starts on, oldest first
    reviewers: list[ReviewerWeeks]  # busiest first, then "others" if any
    totals: list[int]  # all reviewers, per week

    @property
    def total(self) -> int:
        return sum(self.totals)


def week_starts(now: dt.datetime | None = None, weeks: int = WEEKS) -> list[dt.datetime]:
    """The start (Monday 00:00, current time zone) of each of the last `weeks` weeks, and
    of the next week as the last bound: weeks + 1 aware datetimes."""
    local = timezone.localtime(now)
    monday = local.date() - dt.timedelta(days=local.weekday())
    zone = timezone.get_current_timezone()
    return [
        dt.datetime.combine(monday - dt.timedelta(weeks=weeks - 1 - index), dt.time(), zone)
        for index in range(weeks + 1)
    ]


def reviews_per_reviewer(now: dt.datetime | None = None) -> ReviewActivity:
    """Reviews written per reviewer and week (by creation time; hidden reviews left out).
    Two queries: one count per (week, reviewer), as a UNION ALL of one grouped range per
    week, each read from the claims_review_week index alone (a single pass with a
    conditional count per week cost five times as much on 30,000 reviews:
    bench/bench_editorial.py); then the reviewers' names."""
    bounds = week_starts(now)
    weeks = [
        Review.objects.filter(
            hidden_at__isnull=True, created_at__gte=bounds[index], created_at__lt=bounds[index + 1]
        )
        .annotate(week=Value(index, output_field=IntegerField()))
        .values("week", "reviewer_id")
        .annotate(n=Count("pk"))
        .values_list("week", "reviewer_id", "n")
        .order_by()
        for index in range(WEEKS)
    ]
    counts: dict[int, list[int]] = {}
    for week, reviewer_id, n in weeks[0].union(*weeks[1:], all=True):
        counts.setdefault(reviewer_id, [0] * WEEKS)[week] = n
    names = dict(get_user_model().objects.filter(pk__in=list(counts)).values_list("pk", "username"))
    reviewers = sorted(
        (ReviewerWeeks(names.get(pk, str(pk)), per_week) for pk, per_week in counts.items()),
        key=lambda row: (-row.total, row.name),
    )
    if len(reviewers) > TOP_REVIEWERS:
        rest = reviewers[TOP_REVIEWERS - 1 :]
        merged = [sum(column) for column in zip(*(r.counts for r in rest), strict=True)]
        others = ReviewerWeeks(f"{len(rest)} others", merged)
        reviewers = [*reviewers[: TOP_REVIEWERS - 1], others]
    totals = [sum(column) for column in zip(*(r.counts for r in reviewers), strict=True)] or [
        0
    ] * WEEKS
    return ReviewActivity([bound.date() for bound in bounds[:-1]], reviewers, totals)


def open_flags() -> list[Tally]:
    """Open flags by what they are on. One query."""
    counts = Flag.objects.open().aggregate(
        review=Count("pk", filter=Q(review__isnull=False)),
        source=Count("pk", filter=Q(source__isnull=False)),
        comment=Count("pk", filter=Q(comment__isnull=False)),
    )
    return [
        Tally("review", "Reviews", counts["review"]),
        Tally("source", "Sources", counts["source"]),
        Tally("comment", "Comments", counts["comment"]),
    ]


def agreement() -> dict[str, Any]:
    """factcheck.editorial.agreement.summary() for the dashboard.

    Alpha needs every review (30,000 rows cost ~150 ms: bench/bench_editorial.py), and an
    agreement figure a minute old serves an editor as well as a fresh one, so each server
    process keeps the result for DASHBOARD_AGREEMENT_SECONDS (default 60; the page says
    when it was computed). Per-article rows are cut to the TOP_ARTICLES most compared."""
    seconds = getattr(settings, "DASHBOARD_AGREEMENT_SECONDS", 60)
    cached = cache.get(AGREEMENT_CACHE_KEY) if seconds else None
    if cached is not None:
        return cached
    result = engine.summary()
    per_article = sorted(result.per_article, key=lambda row: (-row.claims_compared, row.title))
    shown = per_article[:TOP_ARTICLES]
    figures = {
        "overall": result,
        "share_text": percent(result.agreeing_share),
        "per_article": shown,
        "rows": [(row, percent(row.agreeing_share)) for row in shown],
        "articles_total": len(per_article),
        "computed_at": timezone.now(),
        "cached_for": seconds,
    }
    if seconds:
        cache.set(AGREEMENT_CACHE_KEY, figures, seconds)
    return figures


AGREEMENT_CACHE_KEY = "factcheck.dashboard.agreement"


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.0f}%"
