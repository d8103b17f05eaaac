"""A locked claim takes no more edits from reviewers (every mutating URL, with and without
htmx, leaves the database as it was); editors still edit; unlocking opens it again."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from factcheck.claims.access import ClaimLocked
from factcheck.claims.models import Claim, Comment, Review, Source
from factcheck.claims.services import add_comment, update_claim
from factcheck.history.models import Event
from factcheck.moderation.services import lock_claim
from tests.factories import rating

from .conftest import HX

pytestmark = pytest.mark.django_db


def snapshot(claim):
    stored = Claim.objects.get(pk=claim.pk)
    return (
        model_to_dict(stored, exclude=["tags"]) | {"tags": stored.tag_names()},
        list(Review.objects.order_by("pk").values()),
        list(Source.objects.order_by("pk").values()),
        list(Comment.objects.order_by("pk").values()),
        Event.objects.count(),
    )


def reviewer_writes(things):
    claim, source, comment = things["claim"], things["source"], things["comment"]
    return [
        (reverse("claims:edit", args=[claim.pk]), {"summary": "Locked out?", "version": 1}),
        (reverse("claims:delete", args=[claim.pk]), {}),
        (
            reverse("claims:review", args=[claim.pk]),
            {
                "rating": rating("false").pk,
                "rationale": "changed",
                "confidence": "low",
                "version": things["review"].version,
            },
        ),
        (
            reverse("claims:add-source", args=[claim.pk]),
            {"url": "https://example.org/new", "stance": "context"},
        ),
        (
            reverse("claims:edit-source", args=[source.pk]),
            {
                f"source-{source.pk}-url": "https://example.org/x",
                f"source-{source.pk}-stance": "refutes",
                f"source-{source.pk}-version": 1,
            },
        ),
        (reverse("claims:delete-source", args=[source.pk]), {}),
        (reverse("claims:add-comment", args=[claim.pk]), {"body": "Let me in."}),
        (
            reverse("claims:edit-comment", args=[comment.pk]),
            {f"comment-{comment.pk}-body": "Edited.", f"comment-{comment.pk}-version": 1},
        ),
        (reverse("claims:delete-comment", args=[comment.pk]), {}),
    ]


@pytest.mark.parametrize("headers", [{}, HX], ids=["form", "htmx"])
def test_a_locked_claim_refuses_every_reviewer_write(alice_client, erin, things, headers):
    """alice marked the claim and owns the review, source and comment: all hers, all shut."""
    lock_claim(claim=things["claim"], editor=erin)
    before = snapshot(things["claim"])
    for url, data in reviewer_writes(things):
        response = alice_client.post(url, data, headers=headers)
        assert response.status_code == 403, (url, response.status_code)
        assert b"locked" in response.content, url
    assert snapshot(things["claim"]) == before


def test_a_locked_claim_refuses_a_first_review_too(carol_client, erin, things):
    lock_claim(claim=things["claim"], editor=erin)
    before = snapshot(things["claim"])
    response = carol_client.post(
        reverse("claims:review", args=[things["claim"].pk]),
        {"rating": rating("true").pk, "confidence": "low"},
    )
    assert response.status_code == 403 and snapshot(things["claim"]) == before


def test_the_services_enforce_the_lock_for_every_caller(alice, erin, things):
    lock_claim(claim=things["claim"], editor=erin)
    with pytest.raises(ClaimLocked):
        add_comment(claim=things["claim"], author=alice, body="From the API.")
    with pytest.raises(ClaimLocked):
        update_claim(claim=things["claim"], editor=alice, expected_version=1, summary="x")
    assert not Comment.objects.filter(body="From the API.").exists()


def test_reviewers_see_the_lock_and_no_edit_forms(alice_client, erin_client, erin, things):
    claim = things["claim"]
    url = reverse("claims:detail", args=[claim.pk])
    assert reverse("claims:edit", args=[claim.pk]) in alice_client.get(url).text
    response = erin_client.post(reverse("moderation:lock", args=[claim.pk]), headers=HX)
    assert response.status_code == 200 and "Locked" in response.text
    assert reverse("moderation:unlock", args=[claim.pk]) in response.text
    alices = alice_client.get(url, headers=HX).text
    assert "Locked" in alices and "Only editors can change it" in alices
    for name in (
        "claims:edit",
        "claims:review",
        "claims:add-source",
        "claims:add-comment",
        "moderation:unlock",
        "moderation:lock",
    ):
        assert reverse(name, args=[claim.pk]) not in alices, name


def test_editors_still_edit_a_locked_claim(erin_client, erin, things):
    claim = things["claim"]
    lock_claim(claim=claim, editor=erin)
    assert (
        erin_client.post(
            reverse("claims:edit", args=[claim.pk]), {"summary": "Editor's summary.", "version": 1}
        ).status_code
        == 302
    )
    assert (
        erin_client.post(
            reverse("claims:add-comment", args=[claim.pk]), {"body": "Editor's note."}
        ).status_code
        == 302
    )
    assert (
        erin_client.post(
            reverse("claims:review", args=[claim.pk]),
            {"rating": rating("true").pk, "confidence": "high"},
        ).status_code
        == 302
    )
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.summary == "Editor's summary." and stored.locked_at is not None
    assert Comment.objects.filter(body="Editor's note.", author=erin).exists()
    assert Review.objects.filter(claim=claim, reviewer=erin).exists()


def test_unlocking_opens_the_claim_again(alice_client, erin_client, erin, things):
    claim = things["claim"]
    lock_claim(claim=claim, editor=erin)
    last = Event.objects.latest("pk").pk
    assert erin_client.post(reverse("moderation:unlock", args=[claim.pk])).status_code == 302
    [event] = Event.objects.filter(pk__gt=last)
    assert event.action == "claim.unlocked" and event.actor == erin
    assert Claim.objects.get(pk=claim.pk).locked_at is None
    assert (
        alice_client.post(
            reverse("claims:add-comment", args=[claim.pk]), {"body": "Back in."}
        ).status_code
        == 302
    )


def test_locking_twice_is_refused_without_an_event(erin_client, erin, things):
    lock_claim(claim=things["claim"], editor=erin)
    events = Event.objects.count()
    response = erin_client.post(reverse("moderation:lock", args=[things["claim"].pk]), headers=HX)
    assert response.status_code == 409 and "already locked" in response.text
    assert Event.objects.count() == events


@pytest.fixture
def carol_client(db):
    from tests.conftest import client_for, make_user

    return client_for(make_user("carol", role="reviewer"))
