"""The editors' dashboard (issue 4): who sees it, what each chart and table says, and a
query count that does not grow with the data."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from factcheck.claims.models import Claim, Rating, Review
from factcheck.dashboard import queries
from factcheck.editorial import services as decisions
from factcheck.moderation.services import flag_item
from tests.factories import make_article, make_claim, make_review, rating

pytestmark = pytest.mark.django_db
URL = reverse("dashboard:index")


def table(html: str, caption: str) -> dict[str, list[str]]:
    """{row header: [cells]} of the table with this caption (tags stripped)."""
    match = re.search(rf"<caption>{re.escape(caption)}.*?</caption>(.*?)</table>", html, re.S)
    assert match, f"no table captioned {caption!r}"
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", match.group(1), re.S):
        cells = [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        rows[cells[0]] = cells[1:]
    return rows


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_reviewers_and_outsiders_are_refused(alice_client, olga_client):
    assert alice_client.get(URL).status_code == 403
    assert olga_client.get(URL).status_code == 403
    assert alice_client.get(URL, headers={"HX-Request": "true"}).status_code == 403


def test_editor_and_admin_see_every_chart_with_its_numbers_in_a_table(erin_client, admin_client_):
    for client in (erin_client, admin_client_):
        html = client.get(URL).text
        assert html.count('<div class="chart ') == 4  # no reviews yet: no activity chart
        for caption in (
            "Claims by workflow status",
            "Claims by final verdict rating",
            "Open flags",
            "Agreement per article",
        ):
            assert f"<caption>{caption}" in html
        assert "No reviews in the last 12 weeks." in html
        assert " style=" not in html  # the CSP forbids inline styles
        assert "<script" not in html.split("</header>", 1)[1]  # no chart JavaScript


def test_numbers_come_from_the_data(erin_client, erin, alice, bob):
    article = make_article(
        "The report lists 62 cases. It has 35 pages. Officials met 185 times.", created_by=erin
    )
    cases = make_claim(article, "62 cases", created_by=alice)
    pages = make_claim(article, "35 pages", created_by=alice)
    make_claim(article, "185 times", created_by=bob)
    make_review(cases, alice, "true")
    review = make_review(cases, bob, "false")  # contested
    make_review(pages, alice, "false")
    make_review(pages, bob, "false")  # in review, the reviewers agree
    pages.refresh_from_db()
    decisions.decide_verdict(
        claim=pages,
        editor=erin,
        rating=rating("false"),
        public_summary="It has 36.",
        rationale="Counted.",
    )
    flag_item(item=review, flagged_by=alice, reason="Rude rationale.")

    html = erin_client.get(URL).text
    statuses = table(html, "Claims by workflow status")
    assert statuses["Open"] == ["1"] and statuses["Contested"] == ["1"]
    assert statuses["Verified"] == ["1"] and statuses["In review"] == ["0"]
    assert statuses["All claims"] == ["3"]
    verdicts = table(html, "Claims by final verdict rating")
    assert verdicts["False"] == ["1"] and verdicts["True"] == ["0"]
    flags = table(html, "Open flags")
    assert flags["Reviews"] == ["1"] and flags["All open flags"] == ["1"]
    weeks = table(html, "Reviews written per reviewer and week")
    assert weeks["alice"][-2:] == ["2", "2"] and weeks["bob"][-1] == "2"
    assert weeks["All reviewers"][-1] == "4"
    per_article = table(html, "Agreement per article")
    assert per_article[article.title] == ["2", "1", "50%", per_article[article.title][-1]]
    assert html.count('<div class="chart ') == 5


def test_agreement_says_not_available_without_the_engine(erin_client, monkeypatch):
    monkeypatch.setattr(queries, "agreement", lambda: None)
    html = erin_client.get(URL).text
    assert "Agreement figures are not available yet." in html


def test_reviews_per_week_keep_twelve_weeks_and_sum_the_quiet_reviewers(erin):
    article = make_article("One. Two. Three.", created_by=erin)
    claim = make_claim(article, "One.", created_by=erin)
    group = Group.objects.get(name="reviewer")
    now = timezone.now()
    for number in range(13):
        user = User.objects.create_user(f"r{number:02}")
        user.groups.add(group)
        review = make_review(claim, user, "true")
        # r00 wrote 13 weeks ago (outside the window); the others this week
        if number == 0:
            Review.objects.filter(pk=review.pk).update(created_at=now - dt.timedelta(weeks=13))
    activity = queries.reviews_per_reviewer(now)
    assert len(activity.weeks) == 12 and activity.weeks[-1] <= now.date()
    assert [row.name for row in activity.reviewers][-1] == "3 others"
    assert len(activity.reviewers) == queries.TOP_REVIEWERS
    assert activity.total == 12 and activity.totals[-1] == 12


def bulk_data(*, articles: int, claims: int, reviewers: int, flags: int) -> None:
    """Rows straight into the tables (no services): enough to show the counts stay put."""
    editor = User.objects.create_user(f"editor-{claims}")
    group = Group.objects.get(name="reviewer")
    people = User.objects.bulk_create(
        User(username=f"bulk-{claims}-{number}") for number in range(reviewers)
    )
    group.user_set.add(*people)
    ratings = list(Rating.objects.of_default_scale())
    for number in range(articles):
        article = make_article(
            "The report lists 62 cases. " * 5, title=f"Bulk {number}", created_by=editor
        )
        made = Claim.objects.bulk_create(
            Claim(
                article=article,
                revision=article.current_revision,
                start=4,
                end=10,
                exact="report",
                created_by=editor,
                status=[Claim.Status.IN_REVIEW, Claim.Status.CONTESTED][index % 2],
            )
            for index in range(claims // articles)
        )
        Review.objects.bulk_create(
            Review(
                claim=claim,
                reviewer=people[(index + offset) % reviewers],
                rating=ratings[(index * offset) % len(ratings)],
            )
            for index, claim in enumerate(made)
            for offset in range(2)
        )
        for review in Review.objects.filter(claim__article=article)[:flags]:
            flag_item(item=review, flagged_by=editor, reason="Check this.")


def test_query_count_does_not_grow_with_the_data(erin_client, django_assert_num_queries):
    bulk_data(articles=1, claims=4, reviewers=2, flags=1)
    cache.delete(queries.AGREEMENT_CACHE_KEY)
    # session, user, roles; claims by status; verdict counts and their
    # ratings; open flags; reviews per week and reviewer, and the reviewers' names;
    # agreement's reviews and article titles; the header bell's unread count
    with django_assert_num_queries(12):
        small_page = erin_client.get(URL)
    bulk_data(articles=20, claims=600, reviewers=15, flags=5)
    cache.delete(queries.AGREEMENT_CACHE_KEY)
    with django_assert_num_queries(12):
        large_page = erin_client.get(URL)
    # Agreement figures are kept a minute: the next request skips their two queries.
    with django_assert_num_queries(10):
        erin_client.get(URL)
    assert table(small_page.text, "Claims by workflow status")["All claims"] == ["4"]
    assert table(large_page.text, "Claims by workflow status")["All claims"] == ["604"]
    assert table(large_page.text, "Open flags")["All open flags"] == ["101"]
    compared = table(large_page.text, "Agreement per article")
    assert len(compared) == 1 + queries.TOP_ARTICLES  # the header row, then the articles
