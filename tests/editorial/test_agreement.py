"""Reviewer agreement: the share of claims (with two or more reviews) where everyone gave
the same rating, and Krippendorff's alpha on the ordinal ratings, against a hand-computed
example; per article and overall; on the reading page."""

import pytest
from django.urls import reverse

from factcheck.claims.models import Claim, Review
from factcheck.editorial import agreement
from tests.factories import make_article, make_claim, make_review

pytestmark = pytest.mark.django_db

# Five claims, two reviewers, ordinal values 1 < 2 < 3 (here False=1, Mostly false=2,
# Misleading=3 of the default scale):
#   c1 (1,1)  c2 (2,2)  c3 (3,3)  c4 (1,2)  c5 (1,3)
# Coincidences (each unit with 2 values adds 1 per ordered pair): o11=o22=o33=2,
# o12=o21=1, o13=o31=1; n1=4, n2=3, n3=3, n=10.
# Ordinal distances d(c,k) = (sum_{g=c..k} n_g - (n_c+n_k)/2)^2:
#   d12 = (7-3.5)^2 = 12.25, d13 = (10-3.5)^2 = 42.25, d23 = (6-3)^2 = 9.
# Observed D_o = (2*12.25 + 2*42.25) / 10 = 10.9
# Expected D_e = 2*(4*3*12.25 + 4*3*42.25 + 3*3*9) / (10*9) = 1470/90
# alpha = 1 - D_o/D_e = 1 - 981/1470 = 489/1470 = 0.33265...
HAND_ALPHA = 489 / 1470
VALUES = {1: "false", 2: "mostly-false", 3: "misleading"}
PAIRS = [(1, 1), (2, 2), (3, 3), (1, 2), (1, 3)]
TEXT = "Claim one. Claim two. Claim three. Claim four. Claim five. Claim six. Claim seven."
WORDS = ["one", "two", "three", "four", "five", "six", "seven"]


@pytest.fixture
def rated(alice, bob, erin):
    article = make_article(TEXT, title="Agreement", created_by=erin)
    for word, (a, b) in zip(WORDS, PAIRS, strict=False):
        claim = make_claim(article, f"Claim {word}", created_by=alice)
        make_review(claim, alice, VALUES[a])
        make_review(claim, bob, VALUES[b])
    # One review only: not compared. Two "Unverifiable" (no value): they agree, no alpha.
    single = make_claim(article, "Claim six", created_by=alice)
    make_review(single, alice, "true")
    unverifiable = make_claim(article, "Claim seven", created_by=alice)
    make_review(unverifiable, alice, "unverifiable")
    make_review(unverifiable, bob, "unverifiable")
    return article


def test_hand_computed_example(rated):
    result = agreement.summary()
    assert result.claims_compared == 6  # five pairs and the two Unverifiable
    assert result.agreeing == 4  # c1, c2, c3 and the Unverifiable pair
    assert result.agreeing_share == pytest.approx(4 / 6)
    assert result.alpha == pytest.approx(HAND_ALPHA, abs=1e-12)
    [only] = result.per_article
    assert (only.article_id, only.title, only.claims_compared) == (rated.pk, "Agreement", 6)
    assert only.alpha == pytest.approx(HAND_ALPHA, abs=1e-12)


def test_pure_function_matches_the_hand_example():
    units = {index: {1: a, 2: b} for index, (a, b) in enumerate(PAIRS)}
    assert agreement.ordinal_alpha(units) == pytest.approx(HAND_ALPHA, abs=1e-12)
    # undefined: everyone gives the same value, or no claim has two valued reviews
    assert agreement.ordinal_alpha({1: {1: 3, 2: 3}, 2: {1: 3, 2: 3}}) is None
    assert agreement.ordinal_alpha({1: {1: 3}, 2: {2: 1}}) is None
    # perfect agreement over different values
    assert agreement.ordinal_alpha({1: {1: 1, 2: 1}, 2: {1: 3, 2: 3}}) == pytest.approx(1.0)


def test_per_article_overall_and_what_is_left_out(rated, alice, bob, erin):
    other = make_article("Other one. Other two.", title="Another", created_by=erin)
    first = make_claim(other, "Other one", created_by=alice)
    make_review(first, alice, "true")
    make_review(first, bob, "false")
    deleted = make_claim(other, "Other two", created_by=alice)
    make_review(deleted, alice, "true")
    make_review(deleted, bob, "true")
    Claim.objects.filter(pk=deleted.pk).update(deleted_at=deleted.created_at)
    result = agreement.summary()
    assert [a.title for a in result.per_article] == ["Agreement", "Another"]
    another = result.per_article[1]
    assert (another.claims_compared, another.agreeing, another.agreeing_share) == (1, 0, 0.0)
    # one disagreeing pair (6, 1): D_o = D_e = the pair's distance, so alpha is exactly 0
    assert another.alpha == pytest.approx(0.0)
    assert result.claims_compared == 7 and result.agreeing == 4
    only = agreement.summary(articles=[other])
    assert only.claims_compared == 1 and [a.article_id for a in only.per_article] == [other.pk]
    assert agreement.summary(articles=[other.pk]).claims_compared == 1
    # a hidden review leaves the numbers
    Review.objects.filter(claim=first, reviewer=bob).update(hidden_at=first.created_at)
    assert agreement.summary(articles=[other]).claims_compared == 0


def test_empty_data_gives_no_numbers(db):
    result = agreement.summary()
    assert (result.claims_compared, result.agreeing_share, result.alpha) == (0, None, None)
    assert result.per_article == []


def test_summary_costs_two_queries(rated, django_assert_num_queries):
    with django_assert_num_queries(2):
        agreement.summary()


def test_the_reading_page_shows_agreement_to_editors_and_to_reviewers_only_without_blinding(
    rated, erin_client, alice_client
):
    page = erin_client.get(rated.get_absolute_url()).text
    assert "reviewers agree on <strong>4 of 6</strong> claims" in page
    assert '<strong class="alpha">0.33</strong>' in page
    assert 'id="agreement"' not in alice_client.get(rated.get_absolute_url()).text
    erin_client.post(reverse("decisions:blind-review", args=[rated.pk]), {"blind_review": "off"})
    assert "4 of 6" in alice_client.get(rated.get_absolute_url()).text
