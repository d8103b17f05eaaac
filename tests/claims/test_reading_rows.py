"""The reading page's claims and reviews as plain rows (claims.listing.reading_claims):
blind review, hidden reviews and escaping hold for them, and the live poll's rows, read
the same way, come out as the page's."""

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from factcheck.claims import access
from factcheck.claims.listing import claim_rows, highlight_tuples, reading_claims
from factcheck.claims.models import Claim, Rating, Review
from factcheck.editorial import agreement
from tests.factories import make_claim, make_review

from .conftest import HX, PAYLOADS, assert_escaped

pytestmark = pytest.mark.django_db


def rows_for(user, article):
    claims = reading_claims(Claim.objects.visible().for_article(article))
    return access.with_shown_reviews(user, claims, blind_review=article.blind_review)


def shown(rows) -> dict[int, list[str]]:
    return {row.pk: [review.reviewer for review in row.shown_reviews] for row in rows}


@pytest.fixture
def reviewed(article, alice, bob):
    """`only_bob`: reviewed by bob alone; `both`: by alice and bob."""
    only_bob = make_claim(article, "185 assemblies", created_by=alice)
    make_review(only_bob, bob, "mostly-false")
    both = make_claim(article, "62 cases", created_by=alice)
    make_review(both, alice, "true")
    make_review(both, bob, "false")
    return only_bob, both


def test_rows_show_a_reviewer_only_what_blind_review_allows(
    article, alice, bob, erin, admin_user, reviewed
):
    only_bob, both = reviewed
    assert shown(rows_for(alice, article)) == {only_bob.pk: [], both.pk: ["alice", "bob"]}
    assert shown(rows_for(bob, article)) == {only_bob.pk: ["bob"], both.pk: ["alice", "bob"]}
    for editor in (erin, admin_user):
        assert shown(rows_for(editor, article))[only_bob.pk] == ["bob"]
    article.blind_review = False
    assert shown(rows_for(alice, article))[only_bob.pk] == ["bob"]


def test_rows_not_passed_through_the_blind_review_rule_show_no_reviews(article, reviewed):
    rows = reading_claims(Claim.objects.visible().for_article(article))
    assert all(row.reviews for row in rows)
    assert all(row.shown_reviews == [] for row in rows)
    listed = claim_rows(rows)
    assert listed.count('class="claim-row') == len(rows) and "rating-chip" not in listed


def test_hidden_reviews_give_no_chip_no_filter_and_no_agreement(
    alice_client, erin_client, article, alice, bob, reviewed
):
    _, both = reviewed
    Review.objects.filter(claim=both, reviewer=bob).update(hidden_at=timezone.now())
    rows = {row.pk: row for row in rows_for(alice, article)}
    assert [review.reviewer for review in rows[both.pk].reviews] == ["alice"]
    page = erin_client.get(article.get_absolute_url()).text
    row = re.search(rf'<li id="claim-row-{both.pk}".*?</li>', page).group(0)
    assert 'title="alice"' in row and 'title="bob"' not in row
    assert agreement.measure_claims(rows.values()).claims_compared == 0
    assert "no claim has two reviews yet" in page
    # her own review hidden, alice no longer counts as having reviewed: bob's stays blind
    Review.objects.filter(claim=both, reviewer=alice).update(hidden_at=timezone.now())
    Review.objects.filter(claim=both, reviewer=bob).update(hidden_at=None)
    listed = alice_client.get(
        article.get_absolute_url(), {"reviewer": "bob"}, headers=HX | {"HX-Target": "claim-list"}
    ).text
    assert f'id="claim-row-{both.pk}"' not in listed


def test_the_agreement_line_from_rows_matches_the_dashboard_figures(article, alice, bob, erin):
    for exact, ratings in [("62 cases", ("true", "true")), ("185 assemblies", ("true", "false"))]:
        claim = make_claim(article, exact, created_by=alice)
        make_review(claim, alice, ratings[0])
        make_review(claim, bob, ratings[1])
    from_rows = agreement.measure_claims(rows_for(erin, article))
    overall = agreement.summary([article])
    assert (from_rows.claims_compared, from_rows.agreeing) == (2, 1)
    assert (from_rows.claims_compared, from_rows.alpha) == (overall.claims_compared, overall.alpha)


def row_of(html: str, claim) -> str:
    return re.search(rf'<li id="claim-row-{claim.pk}".*?</li>', html).group(0)


def test_live_poll_rows_are_the_page_rows_with_their_swap(
    alice_client, erin_client, article, reviewed
):
    """claims.views.changes reads the same plain rows as the reading page (reading_claims,
    then with_shown_reviews): the same markup, blind review included, plus the swap."""
    changes = reverse("claims:changes", args=[article.pk])
    for client in (alice_client, erin_client):
        page = client.get(article.get_absolute_url()).text
        since_start = client.get(changes, {"since": 0}, headers=HX).text  # every claim new
        for claim in reviewed:
            appended = row_of(page, claim).replace(">", ' hx-swap-oob="beforeend:#claim-list">', 1)
            assert row_of(since_start, claim) == appended
    assert 'title="bob"' not in row_of(alice_client.get(changes, {"since": 0}).text, reviewed[0])


def test_rows_come_in_start_order_and_highlights_keep_the_order_they_are_given(article, alice, bob):
    """listing.highlight_tuples does not sort: reading_claims gives the rows in start order
    (outer before inner at the same start is reading._coverage's business)."""
    later = make_claim(article, "185 assemblies", created_by=alice)
    outer = make_claim(article, "62 cases were recorded", created_by=bob)
    inner = make_claim(article, "62 cases", created_by=alice)
    rows = reading_claims(Claim.objects.for_article(article))
    assert [row.pk for row in rows] == [inner.pk, outer.pk, later.pk]
    revision = article.current_revision_id
    spans = highlight_tuples(rows, revision)
    assert spans == [(row.pk, row.start, row.end, row.status) for row in rows]
    assert highlight_tuples(rows[::-1], revision) == spans[::-1]
    rows[0].revision_id = revision + 1  # a claim on an older revision is not drawn
    assert highlight_tuples(rows, revision) == spans[1:]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_rating_labels_and_reviewer_names_in_rows_and_filters_are_escaped(
    markup_from_before_the_rule, erin_client, article, alice, payload
):
    Rating.objects.filter(slug="true").update(label=payload)
    # create_user skips the username validators: a name from another source could be anything
    odd = User.objects.create_user(username=payload[:150])
    claim = make_claim(article, "62 cases", created_by=alice, summary=payload)
    make_review(claim, odd, "true")
    page = erin_client.get(article.get_absolute_url()).text
    assert_escaped(page, payload)


ARABIC = "قال الوزير إن «62 حالة» سُجّلت في عام 2020. ونفى المسؤولون ذلك."


def test_an_arabic_quote_carries_its_language_and_direction_in_the_list_and_panel(
    alice_client, alice, erin
):
    from tests.factories import make_article

    article = make_article(ARABIC, title="Arabic", created_by=erin, language="ar")
    claim = make_claim(article, "62 حالة", created_by=alice)
    page = alice_client.get(article.get_absolute_url()).text
    row = re.search(rf'<li id="claim-row-{claim.pk}".*?</li>', page, re.S).group(0)
    assert '<q lang="ar" dir="rtl">62 حالة</q>' in row
    panel = alice_client.get(reverse("claims:detail", args=[claim.pk]), headers=HX).text
    assert '<blockquote class="claim-quote" dir="rtl" lang="ar">62 حالة</blockquote>' in panel
    # The live poll's rows too.
    poll = alice_client.get(reverse("claims:changes", args=[article.pk]), {"since": 0}).text
    assert '<q lang="ar" dir="rtl">62 حالة</q>' in poll
