"""The query layer: models -> export records, streamed in chunks (issue 5).

`claim_records(claim_filter, context, needs=...)` reads the chosen claims in pages of
`chunk_size` claims by primary key (keyset pagination: `pk > last ORDER BY pk LIMIT n`), and
builds each page's records from a fixed set of queries, whatever the page holds:

    the page's claim ids (the filter, through the ORM)                 1
    claims (with revision number, creator, current verdict)           1
    the page's articles                                               1
    tags, visible reviews (or their number), visible sources (with "counts", or their
        URLs only), earlier verdicts: one each, for the parts the format `needs`  0-4

plus two queries up front for the rating scales. A test pins it (tests/exports/
test_query.py). Apart from the ids, rows are read through the raw DB-API cursor, not as
model instances or values_list: model objects cost more than everything else an export does,
and Django's per-value date conversion cost more than the reads (see _Sql).

Keyset pages instead of one server-side cursor: each page is a short statement, so a slow
HTTP client never holds a cursor (or, on SQLite, a read snapshot) open for the whole
download. The price is that an export running beside writers sees each page as of its own
statements; a claim changed mid-export appears in its old or its new state (one deleted
between its page's id query and claims query is left out).

Hidden reviews and sources, deleted sources and deleted claims never become records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections
from django.db.models import Max, Min, QuerySet
from django.urls import reverse
from django.utils import timezone

from factcheck.articles.models import Article, Revision
from factcheck.claims.models import Claim, Rating, Review, Source, Tag, Verdict
from factcheck.exports.records import (
    ArticleRecord,
    ClaimRecord,
    CorrectionRecord,
    ExportContext,
    RatingRecord,
    ReviewRecord,
    SourceRecord,
)

CHUNK_SIZE = 2000
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

# The parts of a record a format may do without (ExportFormat.needs). The claim, its article
# and its current verdict are always read; a part that is not needed costs no query and its
# record field is an empty tuple. A format leaves out only parts its output never shows.
TAGS, REVIEWS, SOURCES, CORRECTIONS = "tags", "reviews", "sources", "corrections"
# Narrower reads of two parts, for formats that show no more of them (CSV, W3C): the number
# of visible reviews (ClaimRecord.review_count; `reviews` stays empty), and the sources with
# only their id and URL filled in. Reading whole reviews and sources cost three times as much.
# Beside REVIEWS or SOURCES they read nothing more.
REVIEW_COUNT, SOURCE_URLS = "review_count", "source_urls"
# Where and when the claim was marked: its revision (id and number), the text around the
# quote (prefix, suffix), who marked it, when it was created and last updated. Read with the
# claim, but without ORIGIN those columns are constants and two joins go (a tenth of a
# ClaimReview export): the record holds None there, or "" for the texts.
ORIGIN = "origin"
# Of the origin, only the quote's prefix and suffix and the claim's created and updated times
# (W3C's TextQuoteSelector, created and modified): no joins; revision and creator stay None/"".
QUOTE_TIMES = "quote_times"
# Of the origin, only the revision the claim is anchored on (id and number, one join): what
# a format that carries offsets needs to say which text they count (CSV).
REVISION = "revision"
EVERYTHING = frozenset(
    {TAGS, REVIEWS, SOURCES, CORRECTIONS, REVIEW_COUNT, SOURCE_URLS, ORIGIN, QUOTE_TIMES,
     REVISION}
)  # fmt: skip


def claim_records(
    claim_filter: ClaimFilter,
    context: ExportContext,
    *,
    chunk_size: int = CHUNK_SIZE,
    needs: frozenset[str] = EVERYTHING,
) -> Iterator[ClaimRecord]:
    """The filter's claims as records, in primary key order, `chunk_size` at a time, with
    the parts in `needs` (besides the claim, its article and its current verdict)."""
    if not needs <= EVERYTHING:
        raise ValueError(f"unknown record parts: {sorted(needs - EVERYTHING)}")
    claims = claim_filter.queryset().order_by("pk")
    reader = _PageReader(connections[claims.db], needs, rating_records(),
                         public_url_maker(context))  # fmt: skip
    last = 0
    while True:
        # The page: the filter's next `chunk_size` ids, through the ORM (one index query),
        # then the wide claims query for exactly those ids, as parameters.
        ids = list(claims.filter(pk__gt=last).values_list("pk", flat=True)[:chunk_size])
        if not ids:
            return
        listed: _Page = (f"IN ({', '.join(['%s'] * len(ids))})", tuple(ids))
        first, last = ids[0], ids[-1]
        if last - first < 2 * len(ids):
            # A dense page (the usual export: most ids in its range are in it): the related
            # tables read by a range of claim ids, in the order of their claim_id index. The
            # rows of claims in the range but not in the page are read and never looked up.
            page: _Page = ("BETWEEN %s AND %s", (first, last))
        else:
            page = listed  # a sparse page: the related tables read by its ids too
        yield from reader.page(reader.read(reader.claims_sql, listed), page)
        if len(ids) < chunk_size:
            return


# The queries are raw SQL, not values_list: Django converts every date and datetime value
# one call at a time (on SQLite twice: the sqlite3 module's declared-type decoder, then
# make_aware), which cost more than everything else the query layer does.
def _sqlite_datetime(text: str | None) -> datetime | None:
    # Django stores aware datetimes on SQLite as naive UTC text "YYYY-MM-DD HH:MM:SS[.ffffff]";
    # with the offset appended, fromisoformat gives tzinfo datetime.UTC (utc_iso's fast path).
    return None if text is None else datetime.fromisoformat(text + "+00:00")


def _sqlite_date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _as_read(value: Any) -> Any:
    return value


class _Sql:
    """The page queries for one database connection, and how to read its dates.

    The one difference between the databases: SQLite hands dates and datetimes over as the
    text it stores, psycopg as date and aware datetime objects. Django's SQLite connection
    decodes columns declared "date"/"datetime" itself (sqlite3 PARSE_DECLTYPES); a unary
    plus makes such a column an expression, which arrives as its text, for fromisoformat.
    Table and column names come from the models' _meta; values are parameters.
    """

    def __init__(self, connection: Any) -> None:
        sqlite = connection.vendor == "sqlite"
        self.datetime = _sqlite_datetime if sqlite else _as_read
        self.date = _sqlite_date if sqlite else _as_read
        qn = connection.ops.quote_name
        names = {"raw": "+" if sqlite else "", "page": "{page}"}
        for key, model in (
            ("claim", Claim), ("verdict", Verdict), ("article", Article), ("revision", Revision),
            ("user", get_user_model()), ("review", Review), ("source", Source), ("tag", Tag),
            ("ctag", Claim.tags.through), ("vsource", Verdict.sources.through),
        ):  # fmt: skip
            names[key] = qn(model._meta.db_table)
            for column in model._meta.concrete_fields:
                names[f"{key}_{column.name}"] = qn(column.column)

        def sql(template: str) -> str:
            # 'c.{claim_end}' -> 'c."end"'; '{raw}c.{claim_created_at}' -> '+c."created_at"'
            # on SQLite; '{page}' stays, for the page's condition on the claim id.
            return template.format_map(names)

        # The article is read once per page (self.articles), not once per claim: its columns
        # cost a sixth of this query. Whether the claim is published is all the export shows
        # of its publication time. The {origin_...} columns are query.ORIGIN.
        claims = (
            "SELECT c.{claim_id}, c.{claim_article}, {origin_revision}, {origin_number},"
            " c.{claim_start}, c.{claim_end}, c.{claim_exact}, {origin_prefix},"
            " {origin_suffix}, c.{claim_summary}, c.{claim_claimant}, {raw}c.{claim_claimed_on},"
            " c.{claim_status}, c.{claim_verdict}, c.{claim_published_at} IS NOT NULL,"
            " {origin_creator}, {origin_created_at}, {origin_updated_at},"
            " v.{verdict_rating}, v.{verdict_public_summary}, v.{verdict_rationale},"
            " du.{user_username}, {raw}v.{verdict_decided_at}, v.{verdict_replaces},"
            " v.{verdict_correction_note}, c.{claim_anchor}"
            " FROM {claim} c{origin_joins}"
            " LEFT OUTER JOIN {verdict} v ON v.{verdict_id} = c.{claim_verdict}"
            " LEFT OUTER JOIN {user} du ON du.{user_id} = v.{verdict_decided_by}"
            " WHERE c.{claim_id} {page} AND c.{claim_deleted_at} IS NULL ORDER BY c.{claim_id}"
        )
        origin = {
            "origin_revision": sql("c.{claim_revision}"),
            "origin_number": sql("r.{revision_number}"),
            "origin_prefix": sql("c.{claim_prefix}"),
            "origin_suffix": sql("c.{claim_suffix}"),
            "origin_creator": sql("cu.{user_username}"),
            "origin_created_at": sql("{raw}c.{claim_created_at}"),
            "origin_updated_at": sql("{raw}c.{claim_updated_at}"),
            "origin_joins": sql(
                " INNER JOIN {revision} r ON r.{revision_id} = c.{claim_revision}"
                " INNER JOIN {user} cu ON cu.{user_id} = c.{claim_created_by}"
            ),
        }
        no_origin = dict.fromkeys(origin, "NULL") | {
            "origin_prefix": "''", "origin_suffix": "''", "origin_creator": "''",
            "origin_joins": "",
        }  # fmt: skip
        quote_times = ("origin_prefix", "origin_suffix", "origin_created_at", "origin_updated_at")
        revision = {
            "origin_revision": origin["origin_revision"],
            "origin_number": origin["origin_number"],
            "origin_joins": sql(" INNER JOIN {revision} r ON r.{revision_id} = c.{claim_revision}"),
        }

        def claims_sql(needs: frozenset[str]) -> str:
            if ORIGIN in needs:
                return claims.format_map(names | origin)
            parts = dict(no_origin)
            if QUOTE_TIMES in needs:
                parts |= {name: origin[name] for name in quote_times}
            if REVISION in needs:
                parts |= revision
            return claims.format_map(names | parts)

        self.claims_sql = claims_sql
        # The articles of the page's claims (a dense page's range may hold a few more).
        self.articles = sql(
            "SELECT a.{article_id}, a.{article_title}, a.{article_source_url},"
            " a.{article_publisher}, a.{article_author}, a.{article_language},"
            " {raw}a.{article_published_on} FROM {article} a WHERE a.{article_id} IN"
            " (SELECT c.{claim_article} FROM {claim} c WHERE c.{claim_id} {page})"
        )
        self.tags = sql(
            "SELECT ct.{ctag_claim}, t.{tag_name} FROM {ctag} ct"
            " INNER JOIN {tag} t ON t.{tag_id} = ct.{ctag_tag}"
            " WHERE ct.{ctag_claim} {page} ORDER BY ct.{ctag_claim}, t.{tag_name}"
        )
        self.reviews = sql(
            "SELECT w.{review_id}, w.{review_claim}, u.{user_username}, w.{review_rating},"
            " w.{review_rationale}, w.{review_confidence}, {raw}w.{review_created_at},"
            " {raw}w.{review_updated_at}"
            " FROM {review} w INNER JOIN {user} u ON u.{user_id} = w.{review_reviewer}"
            " WHERE w.{review_hidden_at} IS NULL AND w.{review_claim} {page}"
            " ORDER BY w.{review_claim}, w.{review_id}"
        )
        self.review_counts = sql(
            "SELECT w.{review_claim}, COUNT(*) FROM {review} w"
            " WHERE w.{review_hidden_at} IS NULL AND w.{review_claim} {page}"
            " GROUP BY w.{review_claim}"
        )
        # A source counts when the claim's current verdict rests on it. A verdict rests only
        # on its own claim's sources (editorial.services._sources_that_count), so the source's
        # claim leads to the verdict: a join instead of a query of its own.
        self.sources = sql(
            "SELECT s.{source_id}, s.{source_claim}, s.{source_url}, s.{source_title},"
            " s.{source_publisher}, s.{source_stance}, s.{source_excerpt},"
            " {raw}s.{source_accessed_on}, s.{source_archive_url}, u.{user_username},"
            " vs.{vsource_id}"
            " FROM {source} s INNER JOIN {user} u ON u.{user_id} = s.{source_added_by}"
            " INNER JOIN {claim} c ON c.{claim_id} = s.{source_claim}"
            " LEFT OUTER JOIN {vsource} vs ON vs.{vsource_source} = s.{source_id}"
            " AND vs.{vsource_verdict} = c.{claim_verdict}"
            " WHERE s.{source_hidden_at} IS NULL AND s.{source_deleted_at} IS NULL"
            " AND s.{source_claim} {page} ORDER BY s.{source_claim}, s.{source_id}"
        )
        self.source_urls = sql(
            "SELECT s.{source_id}, s.{source_claim}, s.{source_url} FROM {source} s"
            " WHERE s.{source_hidden_at} IS NULL AND s.{source_deleted_at} IS NULL"
            " AND s.{source_claim} {page} ORDER BY s.{source_claim}, s.{source_id}"
        )
        # The page's earlier verdicts, for the corrections (the current ones come with the
        # claims); usually none.
        self.earlier_verdicts = sql(
            "SELECT v.{verdict_id}, v.{verdict_claim}, v.{verdict_rating},"
            " v.{verdict_public_summary}, du.{user_username}, {raw}v.{verdict_decided_at},"
            " v.{verdict_replaces}, v.{verdict_correction_note}"
            " FROM {verdict} v INNER JOIN {claim} c ON c.{claim_id} = v.{verdict_claim}"
            " INNER JOIN {user} du ON du.{user_id} = v.{verdict_decided_by}"
            " WHERE v.{verdict_claim} {page} AND v.{verdict_id} <> c.{claim_verdict}"
        )


_Page = tuple[str, tuple[Any, ...]]  # "IN (%s, ...)" or "BETWEEN %s AND %s", parameters


class _PageReader:
    """Pages of claim rows -> records: one query per part in `needs`, whatever the page."""

    def __init__(
        self,
        connection: Any,
        needs: frozenset[str],
        ratings: dict[int, RatingRecord],
        url_of: Any,
    ) -> None:
        self.connection = connection
        self.sql = sql = _Sql(connection)
        self.needs = needs
        self.claims_sql = sql.claims_sql(needs)
        self.ratings = ratings
        self.url_of = url_of
        self.articles: dict[int, ArticleRecord] = {}

    def read(self, template: str, page: tuple[str, tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """`template` with its claim id column restricted to `page` (SQL, parameters)."""
        with self.connection.cursor() as cursor:
            cursor.execute(template.format(page=page[0]), page[1])
            return cursor.fetchall()

    def page(self, rows: list[tuple[Any, ...]], page: _Page) -> Iterator[ClaimRecord]:
        ratings, articles, url_of = self.ratings, self.articles, self.url_of
        to_datetime, to_date = self.sql.datetime, self.sql.date
        self._read_articles(page)
        tags, reviews, counted, sources, earlier = self._parts(page)
        verified = Claim.Status.VERIFIED.value
        empty: tuple[Any, ...] = ()
        for (claim_id, article_id, revision_id, revision_number, start, end, exact, prefix,
             suffix, summary, claimant, claimed_on, status, verdict_id, published,
             created_by, created_at, updated_at, rating_id, public_summary, rationale,
             decided_by, decided_at, replaces_id, correction_note, anchor) in rows:  # fmt: skip
            corrections = empty
            if verdict_id is None:
                verdict, public_summary, rationale, decided_by = None, "", "", ""
                decided_at = None
            else:
                verdict = ratings[rating_id]
                decided_at = to_datetime(decided_at)
                if replaces_id is not None and earlier:
                    corrections = _corrections(verdict_id, replaces_id, decided_at, decided_by,
                                               correction_note, earlier.get(claim_id),
                                               ratings)  # fmt: skip
            # Positional, in the order of ClaimRecord's fields: keyword arguments
            # for its 27 fields cost more than the rest of building the record.
            yield ClaimRecord(
                claim_id, f"claim-{claim_id}", articles[article_id], revision_id,
                revision_number, start, end, exact, prefix, suffix, summary, claimant,
                to_date(claimed_on), tags.get(claim_id, empty), status,
                verdict, public_summary, rationale, decided_by, decided_at,
                url_of(claim_id) if published and status == verified and verdict
                else "",  # published_url
                sources.get(claim_id, empty), reviews.get(claim_id, empty), corrections,
                created_by, to_datetime(created_at), to_datetime(updated_at),
                counted_reviews=None if counted is None else counted.get(claim_id, 0),
                anchor=anchor,
            )  # fmt: skip

    def _parts(self, page: _Page) -> tuple[Any, ...]:
        """The page's tags, reviews, review counts (None when the reviews are read: then
        ClaimRecord.counted_reviews stays None), sources and earlier verdicts, by claim id;
        empty for the parts the format does not need."""
        needs = self.needs
        tags = self._tags(page) if TAGS in needs else {}
        reviews = self._reviews(page) if REVIEWS in needs else {}
        counted = None
        if REVIEW_COUNT in needs and REVIEWS not in needs:
            counted = self._review_counts(page)
        if SOURCES in needs:
            sources = self._sources(page)
        else:
            sources = self._source_urls(page) if SOURCE_URLS in needs else {}
        earlier = self._earlier_verdicts(page) if CORRECTIONS in needs else {}
        return tags, reviews, counted, sources, earlier

    def _read_articles(self, page: _Page) -> None:
        """Adds the page's articles to self.articles (claims come grouped by article, so
        most pages hold one or two, and most of those were seen on the page before)."""
        articles, to_date = self.articles, self.sql.date
        for row in self.read(self.sql.articles, page):
            id_, title, url, publisher, author, language, published_on = row
            if id_ not in articles:
                articles[id_] = ArticleRecord(
                    id_, title, url, publisher, author, language, to_date(published_on)
                )

    def _tags(self, page: _Page) -> dict[int, tuple[str, ...]]:
        out: dict[int, list[str]] = defaultdict(list)
        for claim_id, name in self.read(self.sql.tags, page):
            out[claim_id].append(name)
        return {claim_id: tuple(names) for claim_id, names in out.items()}

    def _reviews(self, page: _Page) -> dict[int, tuple[ReviewRecord, ...]]:
        out: dict[int, list[ReviewRecord]] = defaultdict(list)
        ratings, to_datetime = self.ratings, self.sql.datetime
        for row in self.read(self.sql.reviews, page):
            id_, claim_id, reviewer, rating_id, rationale, confidence, created, updated = row
            review = ReviewRecord(id_, reviewer, ratings[rating_id], rationale, confidence,
                                  to_datetime(created), to_datetime(updated))  # fmt: skip
            out[claim_id].append(review)
        return {claim_id: tuple(rows) for claim_id, rows in out.items()}

    def _review_counts(self, page: _Page) -> dict[int, int]:
        return dict(self.read(self.sql.review_counts, page))

    def _source_urls(self, page: _Page) -> dict[int, tuple[SourceRecord, ...]]:
        """The sources with their id and URL, the rest of each record left blank."""
        out: dict[int, list[SourceRecord]] = defaultdict(list)
        for id_, claim_id, url in self.read(self.sql.source_urls, page):
            out[claim_id].append(SourceRecord(id_, url, "", "", "", "", None, "", "", False))
        return {claim_id: tuple(rows) for claim_id, rows in out.items()}

    def _sources(self, page: _Page) -> dict[int, tuple[SourceRecord, ...]]:
        out: dict[int, list[SourceRecord]] = defaultdict(list)
        to_date = self.sql.date
        for row in self.read(self.sql.sources, page):
            id_, claim_id, url, title, publisher, stance, excerpt, accessed, archive, by, link = row
            source = SourceRecord(id_, url, title, publisher, stance, excerpt, to_date(accessed),
                                  archive, by, link is not None)  # fmt: skip
            out[claim_id].append(source)
        return {claim_id: tuple(rows) for claim_id, rows in out.items()}

    def _earlier_verdicts(self, page: _Page) -> dict[int, dict[int, tuple[Any, ...]]]:
        """claim id -> verdict id -> (rating id, public summary, decided by, decided at,
        replaces id, correction note), for the verdicts that are no longer current."""
        out: dict[int, dict[int, tuple[Any, ...]]] = defaultdict(dict)
        to_datetime = self.sql.datetime
        for id_, claim_id, rating_id, summary, by, at, replaces, note in self.read(
            self.sql.earlier_verdicts, page
        ):
            out[claim_id][id_] = (rating_id, summary, by, to_datetime(at), replaces, note)
        return out


def _corrections(
    verdict_id: int,
    replaces_id: int | None,
    decided_at: datetime | None,
    decided_by: str,
    note: str,
    earlier: dict[int, tuple[Any, ...]] | None,
    ratings: dict[int, RatingRecord],
) -> tuple[CorrectionRecord, ...]:
    """Oldest first: each verdict that replaced another is one correction of it. `earlier`
    holds the claim's other verdicts by id."""
    out = []
    seen: set[int] = set()
    while replaces_id is not None and verdict_id not in seen:
        seen.add(verdict_id)
        previous = earlier.get(replaces_id) if earlier else None
        if previous is None:
            break  # a verdict of another claim: not ours to show
        rating_id, summary, by, at, replaces, previous_note = previous
        out.append(
            CorrectionRecord(
                corrected_at=decided_at,  # type: ignore[arg-type]
                corrected_by=decided_by,
                note=note,
                previous_rating_label=ratings[rating_id].label,
                previous_summary=summary,
            )
        )
        verdict_id, replaces_id, decided_at, decided_by, note = (
            replaces_id, replaces, at, by, previous_note,
        )  # fmt: skip
    out.reverse()
    return tuple(out)
