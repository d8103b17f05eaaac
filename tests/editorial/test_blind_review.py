"""Blind review (on by default): a reviewer does not see other reviewers' ratings or
rationales on a claim until they have submitted their own, on any surface; editors and
admins always see them; an editor can turn it off per article (with an event)."""

import pytest
from django.urls import reverse

from factcheck.claims import access
from factcheck.claims.models import Claim
from factcheck.history.models import Event
from tests.factories import make_claim, make_review

from .conftest import HX

pytestmark = pytest.mark.django_db

SECRET = "BOB-SECRET-RATIONALE"
CHIP = "rating-chip rating-mostly-false"


@pytest.fixture
def bobs(article, alice, bob):
    """A claim only bob has reviewed (Mostly false, with a rationale)."""
    claim = make_claim(article, "185 assemblies", created_by=alice)
    make_review(claim, bob, "mostly-false", rationale=SECRET)
    return Claim.objects.select_related("article").get(pk=claim.pk)


def surfaces(client, claim) -> dict[str, str]:
    article = claim.article
    return {
        "panel": client.get(claim.get_absolute_url(), headers=HX).text,
        "claim page": client.get(claim.get_absolute_url()).text,
        "reading page": client.get(article.get_absolute_url()).text,
        "claim list filtered by the hidden rating": client.get(
            article.get_absolute_url(),
            {"rating": "mostly-false"},
            headers=HX | {"HX-Target": "claim-list"},
        ).text,
        "live changes": client.get(reverse("claims:changes", args=[article.pk]), {"since": 0}).text,
        "claim timeline": client.get(reverse("history:claim-timeline", args=[claim.pk])).text,
        "article activity": client.get(reverse("history:article-activity", args=[article.pk])).text,
    }


def test_the_one_rule(alice, bob, erin, admin_user, bobs):
    assert not access.can_see_others_reviews(alice, bobs)
    assert access.can_see_others_reviews(bob, bobs)  # he has reviewed it
    assert access.can_see_others_reviews(erin, bobs)
    assert access.can_see_others_reviews(admin_user, bobs)
    bobs.article.blind_review = False
    assert access.can_see_others_reviews(alice, bobs)


def test_a_reviewer_sees_no_one_elses_rating_or_rationale_before_reviewing(alice_client, bobs):
    for surface, html in surfaces(alice_client, bobs).items():
        assert SECRET not in html, surface
        assert CHIP not in html, surface
    reading = alice_client.get(bobs.article.get_absolute_url()).text
    assert 'value="mostly-false"' not in reading  # the rating filter's options
    assert f'id="claim-row-{bobs.pk}"' in reading  # the claim itself is listed
    filtered = surfaces(alice_client, bobs)["claim list filtered by the hidden rating"]
    assert f'id="claim-row-{bobs.pk}"' not in filtered
    panel = alice_client.get(bobs.get_absolute_url(), headers=HX).text
    assert "1 other review will show once you submit your own" in panel
    timeline = alice_client.get(reverse("history:claim-timeline", args=[bobs.pk])).text
    assert "review.created" in timeline and "hidden until you submit your own review" in timeline


def test_after_her_own_review_she_sees_everything(alice_client, alice, bobs):
    make_review(bobs, alice, "true", rationale="Alice's own.")
    for surface, html in surfaces(alice_client, bobs).items():
        if surface in (
            "claim list filtered by the hidden rating",
            "reading page",
            "live changes",
            "panel",
            "claim page",
        ):
            assert CHIP in html, surface
        if surface in ("panel", "claim page", "claim timeline", "article activity"):
            assert SECRET in html, surface


@pytest.mark.parametrize("who", ["erin_client", "admin_client_", "bob_client"])
def test_editors_admins_and_the_author_always_see_them(request, who, bobs):
    client = request.getfixturevalue(who)
    for surface, html in surfaces(client, bobs).items():
        if surface in ("panel", "claim page", "claim timeline", "article activity"):
            assert SECRET in html, (who, surface)
        if surface in ("panel", "claim page", "reading page", "live changes"):
            assert CHIP in html, (who, surface)


def test_work_pages_show_ratings_only_to_their_owner_and_editors(
    alice_client, bob_client, erin_client, bobs
):
    bobs_page = reverse("history:person-work", args=["bob"])
    assert alice_client.get(bobs_page).status_code == 403
    assert CHIP in bob_client.get(bobs_page).text
    editor_view = erin_client.get(bobs_page).text
    assert CHIP in editor_view and SECRET in editor_view
    assert SECRET not in alice_client.get(reverse("history:person-work", args=["alice"])).text


def test_an_editor_turns_blind_review_off_and_reviewers_see_all(erin_client, alice_client, bobs):
    article = bobs.article
    reading = erin_client.get(article.get_absolute_url()).text
    assert "Blind review <strong>on</strong>" in reading
    switch = reverse("decisions:blind-review", args=[article.pk])
    assert alice_client.post(switch, {"blind_review": "off"}).status_code == 403
    response = erin_client.post(switch, {"blind_review": "off"})
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    article.refresh_from_db()
    assert article.blind_review is False
    event = Event.objects.get(action="article.blind_review_changed")
    assert event.before == {"blind_review": True} and event.after == {"blind_review": False}
    assert event.actor_name == "erin" and event.article_id == article.pk
    # posting the same value again changes nothing and records nothing
    assert erin_client.post(switch, {"blind_review": "off"}).status_code == 302
    assert Event.objects.filter(action="article.blind_review_changed").count() == 1
    for surface, html in surfaces(alice_client, Claim.objects.get(pk=bobs.pk)).items():
        if surface in ("panel", "claim page", "claim timeline", "article activity"):
            assert SECRET in html, surface
    assert erin_client.post(switch, {"blind_review": "maybe"}).status_code == 400


def test_new_articles_have_blind_review_on(article):
    assert article.blind_review is True
