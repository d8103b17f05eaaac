"""The decisions queue: needs recheck first, then contested, then in review, each oldest
first by when the claim was marked; filters by article, rating and reviewer; counts per
status; paginated; and a query count that does not grow with the data."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from factcheck.claims.models import Claim
from factcheck.claims.services import create_claim, record_review
from factcheck.editorial import services as decisions
from factcheck.text import quote_at
from tests.factories import make_article, make_claim, make_review, rating, sentences_text

from .conftest import HX

pytestmark = pytest.mark.django_db
QUEUE = reverse("decisions:queue")


def row_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'id="queue-claim-(\d+)"', html)]


def age(claim, days: int) -> None:
    Claim.objects.filter(pk=claim.pk).update(created_at=timezone.now() - dt.timedelta(days=days))


@pytest.fixture
def waiting(article, alice, bob, erin):
    """Two contested and two in-review claims of different ages, one open, one verified."""
    claims = {}
    for name, exact, reviews, days in [
        ("new contested", "62 cases", {alice: "true", bob: "false"}, 1),
        ("old contested", "185 assemblies", {alice: "true", bob: "half-true"}, 5),
        ("new in review", "April 2019", {bob: "mostly-true"}, 2),
        ("old in review", "March 2020", {alice: "false"}, 9),
        ("open", "35-page report", {}, 20),
        ("verified", "published in March", {alice: "true"}, 30),
    ]:
        claim = make_claim(article, exact, created_by=alice)
        for reviewer, slug in reviews.items():
            make_review(claim, reviewer, slug)
        age(claim, days)
        claims[name] = Claim.objects.get(pk=claim.pk)
    decisions.decide_verdict(
        claim=claims["verified"],
        editor=erin,
        rating=rating("true"),
        public_summary="Right.",
        rationale="Checked.",
    )
    return claims


def test_contested_first_then_in_review_each_oldest_first(erin_client, waiting):
    html = erin_client.get(QUEUE).text
    expected = ["old contested", "new contested", "old in review", "new in review"]
    assert row_ids(html) == [waiting[name].pk for name in expected]
    row = re.search(
        rf'<li class="queue-row[^"]*" id="queue-claim-{waiting["old contested"].pk}"'
        r".*?</li>",
        html,
        re.S,
    ).group(0)
    assert f'href="{waiting["old contested"].get_absolute_url()}"' in row
    assert "Half true · bob" in row and "True · alice" in row
    counts = re.search(r'<p class="queue-counts".*?</p>', html, re.S).group(0)
    assert re.search(r'data-status="contested">.*?</span> 2</span>', counts, re.S)
    assert re.search(r'data-status="in_review">.*?</span> 2</span>', counts, re.S)


def test_filters_by_status_article_rating_and_reviewer_with_counts(
    erin_client, waiting, erin, alice, bob
):
    other = make_article("Another text with 99 problems in it.", title="Other", created_by=erin)
    elsewhere = make_claim(other, "99 problems", created_by=bob)
    make_review(elsewhere, bob, "false")
    assert len(row_ids(erin_client.get(QUEUE).text)) == 5

    def ids(**query):
        response = erin_client.get(QUEUE, query, headers=HX)
        assert "<html" not in response.text  # the results partial
        return set(row_ids(response.text)), response.context["counts"]

    found, counts = ids(article=other.pk)
    assert found == {elsewhere.pk} and counts == {
        "needs_recheck": 0,
        "contested": 0,
        "in_review": 1,
    }
    found, counts = ids(rating="false")  # some reviewer gave False
    assert found == {waiting["new contested"].pk, waiting["old in review"].pk, elsewhere.pk}
    assert counts == {"needs_recheck": 0, "contested": 1, "in_review": 2}
    found, counts = ids(reviewer="bob")
    assert found == {
        waiting["new contested"].pk,
        waiting["old contested"].pk,
        waiting["new in review"].pk,
        elsewhere.pk,
    }
    found, counts = ids(reviewer="bob", rating="mostly-true", status="in_review")
    assert found == {waiting["new in review"].pk}
    found, counts = ids(status="contested")
    assert found == {waiting["new contested"].pk, waiting["old contested"].pk}
    assert counts == {
        "needs_recheck": 0,
        "contested": 2,
        "in_review": 3,
    }  # counts ignore the status filter
    found, _ = ids(article="not-a-number", rating="<script>")
    assert found == set()  # unknown rating: nothing; a bad article id is ignored
    assert (
        "No waiting claim matches these filters."
        in erin_client.get(QUEUE, {"reviewer": "nobody"}).text
    )


def test_deleted_claims_are_not_in_the_queue(erin_client, waiting):
    Claim.objects.filter(pk=waiting["old contested"].pk).update(deleted_at=timezone.now())
    assert waiting["old contested"].pk not in row_ids(erin_client.get(QUEUE).text)


def fill(article, users, count):
    """`count` claims, one per sentence: pairs of reviews that disagree every third claim."""
    revision = article.current_revision
    spans = revision.spans.filter(kind="sentence").order_by("index")[:count]
    for number, span in enumerate(spans):
        claim = create_claim(
            article_id=article.pk,
            revision_id=revision.pk,
            start=span.start,
            end=span.end,
            quote=quote_at(revision.text, span.start, span.end),
            created_by=users[0],
        )
        record_review(claim=claim, reviewer=users[0], rating=rating("true"), rationale="")
        second = "false" if number % 3 == 0 else "true"
        record_review(claim=claim, reviewer=users[1], rating=rating(second), rationale="")


def test_the_queue_costs_the_same_queries_for_10_or_200_claims(
    erin_client, alice, bob, erin, django_assert_num_queries
):
    small = make_article(sentences_text(10), title="Small", created_by=erin)
    fill(small, [alice, bob], 10)
    # session, user, roles, counts, one page of claims with articles, reviews,
    # the filter options (articles, ratings, reviewers), the rows' assignments, and the
    # load per reviewer (reviewers, claims' own assignments, whole articles'); the
    # header bell's unread count
    with django_assert_num_queries(14):
        page = erin_client.get(QUEUE)
    assert len(row_ids(page.text)) == 10
    large = make_article(sentences_text(200), title="Large", created_by=erin)
    fill(large, [alice, bob], 200)
    with django_assert_num_queries(14):
        page = erin_client.get(QUEUE)
    assert len(row_ids(page.text)) == 50  # one page
    assert page.context["counts"] == {"needs_recheck": 0, "contested": 4 + 67, "in_review": 6 + 133}
    with django_assert_num_queries(14):
        last = erin_client.get(QUEUE, {"page": 5, "rating": "true"})
    assert len(row_ids(last.text)) == 10 and "Page 5 of 5" in last.text
    assert "rating=true&amp;page=4" in last.text  # pagination keeps the filters
