"""The query layer: which claims become records, what a record holds, and how many queries
it costs (a fixed number per page of claims)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factcheck.claims.models import Claim
from factcheck.exports.query import (
    EVERYTHING,
    ClaimFilter,
    claim_records,
    count,
    export_context,
)
from tests.exports.world import SCRIPT, build_world, decide
from tests.factories import make_article, make_claim, make_review

pytestmark = pytest.mark.django_db

CONTEXT_AT = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)


def records(claim_filter=None):
    return list(
        claim_records(claim_filter or ClaimFilter(), export_context(generated_at=CONTEXT_AT))
    )


@pytest.fixture
def world(alice, bob, erin):
    return build_world(alice, bob, erin)


def test_default_filter_exports_verified_claims_in_id_order(world):
    got = records()
    assert [record.id for record in got] == sorted(
        world.claims[name].pk for name in ("cases", "khmer", "formula")
    )
    assert all(record.status == "verified" for record in got)


def test_deleted_claims_never_become_records(world):
    everything = records(ClaimFilter(status="all"))
    assert world.claims["deleted"].pk not in {record.id for record in everything}
    assert "DELETED" not in repr(everything)
    assert count(ClaimFilter(status="all")) == 4


def test_hidden_reviews_and_sources_are_left_out(world):
    (cases,) = [r for r in records() if r.id == world.claims["cases"].pk]
    assert world.hidden_source.pk not in {source.id for source in cases.sources}
    assert "SPAM" not in repr(cases)
    assert [review.reviewer for review in cases.reviews] == ["alice"]
    assert SCRIPT not in "".join(review.rationale for review in cases.reviews)


def test_record_carries_current_verdict_counting_sources_and_corrections(world):
    (cases,) = [r for r in records() if r.id == world.claims["cases"].pk]
    assert cases.verdict.slug == "true"
    assert (cases.verdict.value, cases.verdict.best, cases.verdict.worst) == (6, 6, 1)
    assert cases.public_summary == "Right: 62 cases 👍"
    assert cases.decided_by == "erin"
    assert {source.title: source.counts for source in cases.sources} == {
        f"Report {SCRIPT}": True,
        "NGO data": True,
    }
    (correction,) = cases.corrections
    assert correction.previous_rating_label == "Mostly true"
    assert correction.previous_summary == f"Roughly right {SCRIPT} 😀"
    assert correction.note == "The NGO data confirms the count."
    assert correction.corrected_by == "erin"
    assert cases.tags == ("emoji", "statistics")
    assert cases.article.url == "https://news.example/2021/ministry"


def test_published_url_is_the_absolute_public_page_only_when_published(world, settings):
    got = {record.id: record for record in records()}
    cases = got[world.claims["cases"].pk]
    assert cases.published_url == f"http://127.0.0.1:8000/fact-checks/{cases.id}/"
    assert got[world.claims["khmer"].pk].published_url == ""


def test_one_article_record_per_article(world):
    got = records()
    english = [r.article for r in got if r.article.language == "en"]
    assert len(english) == 2 and english[0] is english[1]


@pytest.mark.parametrize(
    ("claim_filter", "names"),
    [
        (ClaimFilter(rating="true"), {"cases"}),
        (ClaimFilter(reviewer="bob"), {"khmer"}),  # bob's review of "cases" is hidden
        (ClaimFilter(tag="statistics"), {"cases", "formula"}),
        (ClaimFilter(status="in_review"), {"open"}),
        (ClaimFilter(decided_from=dt.date(2000, 1, 1), decided_to=dt.date(2000, 1, 2)), set()),
    ],
)
def test_filters(world, claim_filter, names):
    assert {r.id for r in records(claim_filter)} == {world.claims[n].pk for n in names}


def test_article_and_date_filters(world):
    today = dt.datetime.now(dt.UTC).date()
    khmer = world.articles[1].pk
    assert {r.id for r in records(ClaimFilter(articles=(khmer,)))} == {world.claims["khmer"].pk}
    assert len(records(ClaimFilter(decided_from=today, decided_to=today))) == 3


def make_verified_claims(number, alice, erin):
    text = " ".join(f"Claim {n} counts {n} cases." for n in range(number))
    article = make_article(text, created_by=erin)
    for n in range(number):
        claim = make_claim(article, f"Claim {n} counts {n} cases", created_by=alice, tags=["t"])
        make_review(claim, alice, "true")
        decide(claim, erin, "true", summary=f"s{n}", rationale="r")


def queries_for(claim_filter, chunk_size, needs=EVERYTHING):
    with CaptureQueriesContext(connection) as captured:
        got = list(
            claim_records(claim_filter, export_context(), chunk_size=chunk_size, needs=needs)
        )
    return len(got), len(captured)


@pytest.mark.parametrize(
    ("needs", "expected_per_page"),
    [
        # the page's ids, claims (with verdict), articles, tags, reviews, sources, corrections
        (EVERYTHING, 7),
        (frozenset({"sources"}), 4),  # FEVER, AVeriTeC
        (frozenset({"source_urls"}), 4),  # W3C
        (frozenset({"source_urls", "tags", "review_count"}), 6),  # CSV
        (frozenset(), 3),  # ClaimReview
    ],
)
def test_query_count_is_fixed_per_page_of_claims(alice, erin, needs, expected_per_page):
    setup = 2  # the rating scales
    make_verified_claims(10, alice, erin)
    small = queries_for(ClaimFilter(), chunk_size=7, needs=needs)  # 2 pages
    one_small_page = queries_for(ClaimFilter(), chunk_size=2000, needs=needs)
    make_verified_claims(290, alice, erin)
    large = queries_for(ClaimFilter(), chunk_size=7, needs=needs)  # 43 pages
    one_large_page = queries_for(ClaimFilter(), chunk_size=2000, needs=needs)
    assert small[0] == one_small_page[0] == 10 and large[0] == one_large_page[0] == 300
    assert (small[1] - setup) / 2 == expected_per_page
    assert large[1] == setup + 43 * expected_per_page
    assert one_small_page[1] == one_large_page[1] == setup + expected_per_page


def test_sparse_pages_give_the_same_records_as_dense_ones(alice, erin):
    # Pages whose ids are spread out read the related rows through a subquery instead of an
    # id range: the records are the same.
    make_verified_claims(12, alice, erin)
    everything = {r.id: r for r in claim_records(ClaimFilter(), export_context(), chunk_size=5)}
    ids = sorted(everything)
    chosen = (ids[0], ids[5], ids[11])
    sparse = list(claim_records(ClaimFilter(claim_ids=chosen), export_context(), chunk_size=2))
    assert [r.id for r in sparse] == list(chosen)
    assert sparse == [everything[i] for i in chosen]
    assert all(r.tags and r.reviews and r.verdict for r in sparse)


def test_parts_a_format_does_not_need_are_left_empty(world):
    full = {r.id: r for r in records()}
    bare = list(
        claim_records(ClaimFilter(), export_context(generated_at=CONTEXT_AT), needs=frozenset())
    )
    assert [r.id for r in bare] == sorted(full)
    for record in bare:
        assert (record.tags, record.sources, record.reviews, record.corrections) == ((),) * 4
        assert (record.prefix, record.suffix, record.created_by) == ("", "", "")
        revision = (record.revision_id, record.revision_number)
        assert (*revision, record.created_at, record.updated_at) == (None,) * 4
        assert record.exact == full[record.id].exact and full[record.id].prefix
        assert record.verdict == full[record.id].verdict
        assert record.decided_at == full[record.id].decided_at
        assert record.published_url == full[record.id].published_url
    with pytest.raises(ValueError):
        list(claim_records(ClaimFilter(), export_context(), needs=frozenset({"comments"})))


def full_and_narrow(needs):
    """Every claim's full record by id, and the records read with only `needs`."""
    full = {r.id: r for r in records(ClaimFilter(status="all"))}
    context = export_context(generated_at=CONTEXT_AT)
    narrow = list(claim_records(ClaimFilter(status="all"), context, needs=frozenset(needs)))
    assert [r.id for r in narrow] == sorted(full)
    return full, narrow


def test_narrow_reads_give_the_review_count_and_source_urls_of_the_full_ones(world):
    # CSV and W3C read the number of visible reviews and the sources' URLs only; hidden and
    # deleted ones stay out of those too.
    full, narrow = full_and_narrow({"review_count", "source_urls"})
    for record in narrow:
        whole = full[record.id]
        assert record.reviews == () and record.review_count == len(whole.reviews)
        assert [(s.id, s.url) for s in record.sources] == [(s.id, s.url) for s in whole.sources]
    cases = next(r for r in narrow if r.id == world.claims["cases"].pk)
    assert cases.review_count == 1  # bob's review is hidden
    assert world.hidden_source.pk not in {source.id for source in cases.sources}
    assert full[cases.id].review_count == 1  # counted from the reviews when they are read


def test_quote_times_read_the_quote_context_and_times_of_the_origin_only(world):
    # W3C needs the prefix, suffix, created and updated times of the origin, not its
    # revision or creator (which cost two joins).
    full, narrow = full_and_narrow({"quote_times"})
    for record in narrow:
        whole = full[record.id]
        assert (record.prefix, record.suffix) == (whole.prefix, whole.suffix)
        assert (record.created_at, record.updated_at) == (whole.created_at, whole.updated_at)
        assert (record.revision_id, record.revision_number, record.created_by) == (None, None, "")
        assert whole.revision_number and whole.created_by and whole.prefix


def test_a_deleted_claim_keeps_out_even_when_asked_for_by_id(world):
    gone = Claim.objects.get(pk=world.claims["deleted"].pk)
    assert records(ClaimFilter(status="all", claim_ids=(gone.pk,))) == []
