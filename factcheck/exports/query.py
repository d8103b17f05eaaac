"""The query layer: models -> export records, streamed in chunks (issue 5).

`claim_records(claim_filter, context)` reads the chosen claims in pages of `chunk_size`
claims by primary key (keyset pagination: `pk > last ORDER BY pk LIMIT n`), and builds each
page's records from a fixed set of queries, whatever the page holds:

    claims (with their revision number, creator, article columns)  1
    tags, visible reviews, visible sources, verdict sources, verdicts  5

plus two queries up front for the rating scales. A test pins it (tests/exports/
test_query.py). Rows are read with `values_list`, not as model instances: building model
objects (and their prefetch caches) costs more than everything else an export does, and the
formats need plain values anyway. Keyset pages instead of one server-side cursor: each page
is a short statement, so a slow HTTP client never holds a cursor (or, on SQLite, a read
snapshot) open for the whole download. The price is that an export running beside writers
sees each page as of its own statement; a claim changed mid-export appears in its old or its
new state, never half of each.

Hidden reviews and sources, deleted sources and deleted claims never become records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Max, Min, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from factcheck.claims.models import Claim, Rating, Review, Source, Verdict
from factcheck.exports.records import (
    ArticleRecord,
    ClaimRecord,
    CorrectionRecord,
    ExportContext,
    RatingRecord,
    ReviewRecord,
    SourceRecord,
)

CHUNK_SIZE = 1000
STATUS_ALL = "all"


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims an export holds. The defaults: every verified claim."""

    articles: tuple[int, ...] = ()
    status: str = Claim.Status.VERIFIED  # a Claim.Status value, or "all"
    rating: str = ""  # slug of the verdict's rating
    reviewer: str = ""  # username of someone with a visible review of the claim
    decided_from: date | None = None  # the current verdict's date, inclusive (UTC)
    decided_to: date | None = None
    tag: str = ""
    claim_ids: tuple[int, ...] = field(default=())  # the public page asks for one claim

    def queryset(self) -> QuerySet[Claim]:
        claims = Claim.objects.visible()
        if self.status != STATUS_ALL:
            claims = claims.filter(status=self.status)
        if self.articles:
            claims = claims.filter(article_id__in=self.articles)
        if self.claim_ids:
            claims = claims.filter(pk__in=self.claim_ids)
        if self.rating:
            claims = claims.filter(verdict__rating__slug=self.rating)
        if self.reviewer:
            reviewed = Review.objects.filter(
                hidden_at__isnull=True, reviewer__username=self.reviewer
            ).values("claim_id")
            claims = claims.filter(pk__in=reviewed)
        if self.decided_from:
            claims = claims.filter(verdict__decided_at__gte=_day_start(self.decided_from))
        if self.decided_to:
            next_day = self.decided_to + timedelta(days=1)
            claims = claims.filter(verdict__decided_at__lt=_day_start(next_day))
        if self.tag:
            claims = claims.filter(pk__in=Claim.tags.through.objects.filter(
                tag__name=self.tag).values("claim_id"))  # fmt: skip
        return claims


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def count(claim_filter: ClaimFilter, *, with_verdict: bool = False) -> int:
    """How many claims the filter selects (W3C's collection total counts those with a
    verdict only: `with_verdict`)."""
    claims = claim_filter.queryset()
    if with_verdict:
        claims = claims.filter(verdict__isnull=False)
    return claims.count()


def export_context(
    *, total: int | None = None, generated_at: datetime | None = None
) -> ExportContext:
    return ExportContext(
        organisation_name=settings.FACTCHECK_ORGANISATION_NAME,
        organisation_url=settings.FACTCHECK_ORGANISATION_URL,
        base_url=settings.FACTCHECK_PUBLIC_BASE_URL.rstrip("/"),
        generated_at=generated_at or timezone.now(),
        total=total,
    )


_URL_SENTINEL = 987654321


def public_url(context: ExportContext, claim_id: int) -> str:
    return public_url_maker(context)(claim_id)


def public_url_maker(context: ExportContext) -> Any:
    """claim id -> absolute URL of its public page, with one reverse() per export."""
    path = reverse("public:fact-check", kwargs={"claim_id": _URL_SENTINEL})
    head, _, tail = context.iri(path).partition(str(_URL_SENTINEL))
    return lambda claim_id: f"{head}{claim_id}{tail}"


# --- ratings --------------------------------------------------------------------------


def rating_records() -> dict[int, RatingRecord]:
    """Every rating as a record, keyed by id (two queries; scales are small)."""
    bounds = {
        row["scale_id"]: (row["best"], row["worst"])
        for row in Rating.objects.filter(value__isnull=False)
        .order_by()
        .values("scale_id")
        .annotate(best=Max("value"), worst=Min("value"))
    }
    records = {}
    rows = Rating.objects.values_list(
        "id", "label", "slug", "value", "fever_label", "averitec_label", "scale_id",
        "scale__slug", "scale__is_ordinal",
    )  # fmt: skip
    for id_, label, slug, value, fever, averitec, scale_id, scale, ordinal in rows:
        best, worst = bounds.get(scale_id, (None, None)) if ordinal else (None, None)
        records[id_] = RatingRecord(
            label, slug, value, best, worst, ordinal, fever, averitec, scale
        )
    return records


# --- claims ---------------------------------------------------------------------------

_CLAIM_COLUMNS = (
    "id", "article_id", "revision_id", "revision__number", "start", "end", "exact", "prefix",
    "suffix", "summary", "claimant", "claimed_on", "status", "verdict_id", "published_at",
    "created_by__username", "created_at", "updated_at",
    "article__title", "article__source_url", "article__publisher", "article__author",
    "article__language", "article__published_on",
)  # fmt: skip
_VERDICT_COLUMNS = (
    "id", "claim_id", "rating_id", "public_summary", "rationale", "decided_by__username",
    "decided_at", "replaces_id", "correction_note",
)  # fmt: skip

_REVIEW_COLUMNS = (
    "id", "claim_id", "reviewer__username", "rating_id", "rationale", "confidence",
    "created_at", "updated_at",
)  # fmt: skip
_SOURCE_COLUMNS = (
    "id", "claim_id", "url", "title", "publisher", "stance", "excerpt", "accessed_on",
    "archive_url", "added_by__username",
)  # fmt: skip


def claim_records(
    claim_filter: ClaimFilter, context: ExportContext, *, chunk_size: int = CHUNK_SIZE
) -> Iterator[ClaimRecord]:
    """The filter's claims as records, in primary key order, `chunk_size` at a time."""
    ratings = rating_records()
    url_of = public_url_maker(context)
    articles: dict[int, ArticleRecord] = {}
    claims = claim_filter.queryset().order_by("pk")
    last = 0
    while True:
        rows = list(claims.filter(pk__gt=last).values_list(*_CLAIM_COLUMNS)[:chunk_size])
        if not rows:
            return
        # The page's claims again, as a subquery for the related tables: the same rows (the
        # first `chunk_size` after `last` are all the matches up to the page's last id), and
        # the database reads the ids instead of Python preparing 1,000 parameters 5 times.
        page = claims.filter(pk__gt=last, pk__lte=rows[-1][0]).values("pk")
        last = rows[-1][0]
        yield from _page(rows, page, ratings, articles, url_of)
        if len(rows) < chunk_size:
            return


def _page(
    rows: list[tuple[Any, ...]],
    ids: QuerySet[Claim],
    ratings: dict[int, RatingRecord],
    articles: dict[int, ArticleRecord],
    url_of: Any,
) -> Iterator[ClaimRecord]:
    tags: dict[int, list[str]] = defaultdict(list)
    for claim_id, name in (
        Claim.tags.through.objects.filter(claim_id__in=ids)
        .order_by("tag__name")
        .values_list("claim_id", "tag__name")
    ):
        tags[claim_id].append(name)
    reviews = _reviews(ids, ratings)
    verdicts: dict[int, dict[int, tuple[Any, ...]]] = defaultdict(dict)
    for verdict in (
        Verdict.objects.filter(claim_id__in=ids).order_by("pk").values_list(*_VERDICT_COLUMNS)
    ):
        verdicts[verdict[1]][verdict[0]] = verdict
    # Every verdict's sources (not only the current ones): an IN list that could be empty
    # would skip its query and make the count per page vary.
    current = {row[13] for row in rows}
    counting = {
        source_id
        for verdict_id, source_id in Verdict.sources.through.objects.filter(
            verdict__claim_id__in=ids
        ).values_list("verdict_id", "source_id")
        if verdict_id in current
    }
    sources = _sources(ids, counting)
    for row in rows:
        (claim_id, article_id, revision_id, revision_number, start, end, exact, prefix, suffix,
         summary, claimant, claimed_on, status, verdict_id, published_at, created_by,
         created_at, updated_at) = row[:18]  # fmt: skip
        article = articles.get(article_id)
        if article is None:
            title, url, publisher, author, language, published_on = row[18:]
            article = articles[article_id] = ArticleRecord(
                article_id, title, url, publisher, author, language, published_on
            )
        chain = verdicts.get(claim_id, {})
        verdict = chain.get(verdict_id) if verdict_id is not None else None
        public = published_at is not None and status == Claim.Status.VERIFIED
        yield ClaimRecord(
            id=claim_id,
            uid=f"claim-{claim_id}",
            article=article,
            revision_id=revision_id,
            revision_number=revision_number,
            start=start,
            end=end,
            exact=exact,
            prefix=prefix,
            suffix=suffix,
            summary=summary,
            claimant=claimant,
            claimed_on=claimed_on,
            tags=tuple(tags.get(claim_id, ())),
            status=status,
            verdict=ratings[verdict[2]] if verdict else None,
            public_summary=verdict[3] if verdict else "",
            rationale=verdict[4] if verdict else "",
            decided_by=verdict[5] if verdict else "",
            decided_at=verdict[6] if verdict else None,
            published_url=url_of(claim_id) if public and verdict else "",
            sources=tuple(sources.get(claim_id, ())),
            reviews=tuple(reviews.get(claim_id, ())),
            corrections=_corrections(verdict, chain, ratings),
            created_by=created_by,
            created_at=created_at,
            updated_at=updated_at,
        )


def _reviews(
    ids: QuerySet[Claim], ratings: dict[int, RatingRecord]
) -> dict[int, list[ReviewRecord]]:
    out: dict[int, list[ReviewRecord]] = defaultdict(list)
    rows = (
        Review.objects.filter(claim_id__in=ids, hidden_at__isnull=True)
        .order_by("pk")
        .values_list(*_REVIEW_COLUMNS)
    )
    for id_, claim_id, reviewer, rating_id, rationale, confidence, created, updated in rows:
        out[claim_id].append(
            ReviewRecord(id_, reviewer, ratings[rating_id], rationale, confidence, created, updated)
        )
    return out


def _sources(ids: QuerySet[Claim], counting: set[int]) -> dict[int, list[SourceRecord]]:
    out: dict[int, list[SourceRecord]] = defaultdict(list)
    rows = (
        Source.objects.filter(claim_id__in=ids)
        .filter(Q(hidden_at__isnull=True) & Q(deleted_at__isnull=True))
        .order_by("pk")
        .values_list(*_SOURCE_COLUMNS)
    )
    for id_, claim_id, url, title, publisher, stance, excerpt, accessed, archive, by in rows:
        out[claim_id].append(
            SourceRecord(
                id_, url, title, publisher, stance, excerpt, accessed, archive, by, id_ in counting
            )
        )
    return out


def _corrections(
    verdict: tuple[Any, ...] | None,
    chain: dict[int, tuple[Any, ...]],
    ratings: dict[int, RatingRecord],
) -> tuple[CorrectionRecord, ...]:
    """Oldest first: each verdict that replaced another is one correction of it."""
    out = []
    seen: set[int] = set()
    while verdict is not None and verdict[7] is not None and verdict[0] not in seen:
        seen.add(verdict[0])
        previous = chain.get(verdict[7])
        if previous is None:
            break  # a verdict of another claim: not ours to show
        out.append(
            CorrectionRecord(
                corrected_at=verdict[6],
                corrected_by=verdict[5],
                note=verdict[8],
                previous_rating_label=ratings[previous[2]].label,
                previous_summary=previous[3],
            )
        )
        verdict = previous
    out.reverse()
    return tuple(out)
