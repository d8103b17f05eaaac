"""Flag -> hide -> unhide, and what each role sees on each surface meanwhile: the claim
panel, the reading page's chips, the live-changes rows, the timelines and work pages, and
the status rule (a hidden review does not count)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck.claims.models import Claim, Comment, Review, Source
from factcheck.history.models import Event
from factcheck.moderation.models import Flag
from factcheck.moderation.services import flag_item, hide_item
from tests.factories import rating

from .conftest import HX

pytestmark = pytest.mark.django_db


def panel(client, claim) -> str:
    response = client.get(reverse("claims:detail", args=[claim.pk]), headers=HX)
    assert response.status_code == 200
    return response.text


def claim_row(client, article, claim) -> str:
    html = client.get(article.get_absolute_url()).text
    return re.search(rf'<li id="claim-row-{claim.pk}".*?</li>', html, re.S).group(0)


def new_events(since: int) -> list[Event]:
    return list(Event.objects.filter(pk__gt=since))


# --- flagging ---------------------------------------------------------------------------


def test_a_reviewer_flags_a_comment_with_a_reason(bob_client, bob, things):
    comment = things["comment"]
    last = Event.objects.latest("pk").pk
    response = bob_client.post(
        reverse("moderation:flag", args=["comment", comment.pk]),
        {"reason": "Off topic."},
        headers=HX,
    )
    assert response.status_code == 200 and "<html" not in response.text
    assert "Flagged: an editor will look at it." in response.text
    flag = Flag.objects.get()
    assert (flag.comment, flag.claim, flag.flagged_by) == (comment, things["claim"], bob)
    assert flag.status == Flag.Status.OPEN and flag.reason == "Off topic."
    [event] = new_events(last)
    assert event.action == "flag.raised" and event.claim_id == things["claim"].pk
    assert event.after["item"] == "comment" and event.after["item_id"] == comment.pk


def test_flagging_works_without_javascript(bob_client, things):
    url = reverse("moderation:flag", args=["source", things["source"].pk])
    page = bob_client.get(url)
    assert page.status_code == 200 and "<html" in page.text and "ALICE-SOURCE" in page.text
    response = bob_client.post(url, {"reason": "Dead link."})
    assert response.status_code == 302
    assert response["Location"] == things["claim"].get_absolute_url()
    assert Flag.objects.get().source == things["source"]


def test_a_flag_needs_a_reason_and_one_open_flag_per_person(bob_client, alice_client, things):
    url = reverse("moderation:flag", args=["comment", things["comment"].pk])
    events = Event.objects.count()
    assert bob_client.post(url, {"reason": "  "}, headers=HX).status_code == 400
    assert not Flag.objects.exists() and Event.objects.count() == events
    assert bob_client.post(url, {"reason": "Spam."}).status_code == 302
    again = bob_client.post(url, {"reason": "Still spam."}, headers=HX)
    assert again.status_code == 409 and "already flagged" in again.text
    assert Flag.objects.count() == 1
    # someone else may add their own flag
    assert (
        alice_client.post(
            reverse("moderation:flag", args=["review", things["bob_review"].pk]),
            {"reason": "Rude."},
        ).status_code
        == 302
    )
    assert Flag.objects.count() == 2


def test_hidden_or_unknown_items_cannot_be_flagged(bob_client, erin, things):
    hide_item(item=things["comment"], editor=erin, reason="Spam.")
    url = reverse("moderation:flag", args=["comment", things["comment"].pk])
    assert bob_client.post(url, {"reason": "Spam."}).status_code == 404
    assert (
        bob_client.post(
            reverse("moderation:flag", args=["claim", things["claim"].pk]), {"reason": "x"}
        ).status_code
        == 404
    )
    assert not Flag.objects.exists()


def test_outsiders_cannot_flag(olga_client, client, things):
    url = reverse("moderation:flag", args=["comment", things["comment"].pk])
    assert olga_client.post(url, {"reason": "Spam."}).status_code == 403
    assert client.post(url, {"reason": "Spam."}).status_code == 302  # to the login page
    assert not Flag.objects.exists()


def test_the_panel_offers_flags_on_others_items_only(alice_client, bob_client, things):
    def flag_url(kind, item):
        return reverse("moderation:flag", args=[kind, item.pk])

    alices = panel(alice_client, things["claim"])
    assert flag_url("review", things["bob_review"]) in alices
    assert flag_url("comment", things["comment"]) not in alices  # her own
    bobs = panel(bob_client, things["claim"])
    for kind in ("review", "source", "comment"):
        assert flag_url(kind, things[kind]) in bobs
    assert reverse("moderation:hide", args=["comment", things["comment"].pk]) not in bobs


# --- hiding and unhiding ----------------------------------------------------------------


def test_hiding_a_flagged_review_resolves_the_flag_and_recomputes_the_status(
    erin_client, alice, erin, things
):
    bobs = things["bob_review"]
    assert Claim.objects.get(pk=things["claim"].pk).status == "contested"
    flag = flag_item(item=bobs, flagged_by=alice, reason="Insulting.")
    last = Event.objects.latest("pk").pk
    response = erin_client.post(
        reverse("moderation:resolve-hide", args=[flag.pk]), {"reason": "Insults a colleague."}
    )
    assert response.status_code == 302
    review = Review.objects.get(pk=bobs.pk)
    assert review.hidden_by == erin and review.hidden_reason == "Insults a colleague."
    flag.refresh_from_db()
    assert flag.status == Flag.Status.HIDDEN and flag.resolved_by == erin
    assert flag.resolution_note == "Insults a colleague."
    # only alice's "True" counts now
    assert Claim.objects.get(pk=things["claim"].pk).status == "in_review"
    [event] = new_events(last)
    assert event.action == "content.hidden" and event.target_type == "review"
    assert event.after["flags_resolved"] == [flag.pk]
    assert event.before["claim_status"] == "contested"
    assert event.after["claim_status"] == "in_review"


def test_a_hidden_review_leaves_every_surface_for_others_and_stays_marked_for_editors(
    alice_client, bob_client, erin_client, article, bob, erin, things
):
    claim, bobs = things["claim"], things["bob_review"]
    since = Event.objects.latest("pk").pk
    assert 'class="rating-chip rating-false"' in claim_row(alice_client, article, claim)
    hide_item(item=bobs, editor=erin, reason="Insults a colleague.")

    # alice, another reviewer: gone from the panel, the chips and the live rows
    alices = panel(alice_client, claim)
    assert "BOB-RATIONALE" not in alices and f'id="review-{bobs.pk}"' not in alices
    assert "rating-false" not in claim_row(alice_client, article, claim)
    changes = alice_client.get(
        reverse("claims:changes", args=[article.pk]) + f"?since={since}", headers=HX
    )
    assert changes.status_code == 200 and "rating-false" not in changes.text
    # ... and from the history pages, where the event stays without the text
    for url in (
        reverse("history:claim-timeline", args=[claim.pk]),
        reverse("history:article-activity", args=[article.pk]),
    ):
        html = alice_client.get(url).text
        assert 'data-action="review.created"' in html and "BOB-RATIONALE" not in html
        assert "Content hidden by an editor." in html and 'data-action="content.hidden"' in html

    # bob, its author: sees why, cannot change it
    bobs_panel = panel(bob_client, claim)
    assert "BOB-RATIONALE" in bobs_panel and "Hidden by an editor" in bobs_panel
    assert "Insults a colleague." in bobs_panel and "Update my review" not in bobs_panel
    blocked = bob_client.post(
        reverse("claims:review", args=[claim.pk]),
        {
            "rating": rating("true").pk,
            "rationale": "sneaky",
            "confidence": "low",
            "version": bobs.version,
        },
    )
    assert blocked.status_code == 403
    assert Review.objects.get(pk=bobs.pk).rationale == "BOB-RATIONALE"
    assert "BOB-RATIONALE" in bob_client.get(reverse("history:my-work"), follow=True).text

    # erin, an editor: sees it, marked, with who hid it and why, and Unhide
    erins = panel(erin_client, claim)
    assert "BOB-RATIONALE" in erins and "by erin" in erins and "Insults a colleague." in erins
    assert reverse("moderation:unhide", args=["review", bobs.pk]) in erins
    timeline = erin_client.get(reverse("history:claim-timeline", args=[claim.pk])).text
    assert "BOB-RATIONALE" in timeline and "Content hidden by an editor." not in timeline
    work = erin_client.get(reverse("history:person-work", args=["bob"])).text
    assert "BOB-RATIONALE" in work


def test_hidden_sources_and_comments_leave_the_panel_but_not_the_database(
    bob_client, erin_client, erin, things
):
    hide_item(item=things["source"], editor=erin, reason="Spam link.")
    hide_item(item=things["comment"], editor=erin, reason="Off topic.")
    bobs = panel(bob_client, things["claim"])
    assert "ALICE-SOURCE" not in bobs and "ALICE-COMMENT" not in bobs
    erins = panel(erin_client, things["claim"])
    assert "ALICE-SOURCE" in erins and "ALICE-COMMENT" in erins and "Spam link." in erins
    # the vocabulary the exports use
    assert not Source.objects.visible().not_hidden().exists()
    assert not Comment.objects.visible().not_hidden().exists()
    assert Source.objects.hidden().count() == Comment.objects.hidden().count() == 1
    assert list(Review.objects.not_hidden()) == list(Review.objects.all())


def test_the_author_cannot_edit_or_delete_hidden_content(alice_client, erin, things):
    source, comment = things["source"], things["comment"]
    hide_item(item=source, editor=erin, reason="Spam link.")
    hide_item(item=comment, editor=erin, reason="Off topic.")
    posts = [
        (
            reverse("claims:edit-source", args=[source.pk]),
            {
                f"source-{source.pk}-url": "https://example.org/x",
                f"source-{source.pk}-stance": "context",
                f"source-{source.pk}-version": 1,
            },
        ),
        (reverse("claims:delete-source", args=[source.pk]), {}),
        (
            reverse("claims:edit-comment", args=[comment.pk]),
            {f"comment-{comment.pk}-body": "new", f"comment-{comment.pk}-version": 1},
        ),
        (reverse("claims:delete-comment", args=[comment.pk]), {}),
    ]
    events = Event.objects.count()
    for url, data in posts:
        assert alice_client.post(url, data).status_code == 403, url
    assert Event.objects.count() == events
    source.refresh_from_db()
    comment.refresh_from_db()
    assert source.url == "https://example.org/alice" and source.deleted_at is None
    assert comment.body == "ALICE-COMMENT" and comment.deleted_at is None


def test_unhide_from_the_panel_restores_the_item_and_the_status(
    alice_client, erin_client, erin, things
):
    bobs = things["bob_review"]
    hide_item(item=bobs, editor=erin, reason="Mistake.")
    last = Event.objects.latest("pk").pk
    response = erin_client.post(reverse("moderation:unhide", args=["review", bobs.pk]), headers=HX)
    assert response.status_code == 200 and 'class="claim-panel"' in response.text
    assert response["HX-Retarget"] == "#claim-panel"
    review = Review.objects.get(pk=bobs.pk)
    assert review.hidden_at is None and review.hidden_by is None and review.hidden_reason == ""
    assert Claim.objects.get(pk=things["claim"].pk).status == "contested"
    [event] = new_events(last)
    assert event.action == "content.unhidden" and event.before["reason"] == "Mistake."
    assert event.after["claim_status"] == "contested"
    assert "BOB-RATIONALE" in panel(alice_client, things["claim"])
    # unhiding twice is refused, and writes nothing
    again = erin_client.post(reverse("moderation:unhide", args=["review", bobs.pk]))
    assert again.status_code == 302 and Event.objects.latest("pk").pk == event.pk


def test_hide_from_the_panel_needs_a_reason(erin_client, things):
    url = reverse("moderation:hide", args=["comment", things["comment"].pk])
    refused = erin_client.post(url, {"reason": ""}, headers=HX)
    assert refused.status_code == 400 and "<html" not in refused.text
    assert Comment.objects.get(pk=things["comment"].pk).hidden_at is None
    done = erin_client.post(url, {"reason": "Off topic."}, headers=HX)
    assert done.status_code == 200 and done["HX-Retarget"] == "#claim-panel"
    assert Comment.objects.get(pk=things["comment"].pk).hidden_reason == "Off topic."


def test_dismissing_a_flag_leaves_the_item_alone(erin_client, alice, erin, things):
    flag = flag_item(item=things["comment"], flagged_by=alice, reason="Spam?")
    last = Event.objects.latest("pk").pk
    response = erin_client.post(
        reverse("moderation:dismiss", args=[flag.pk]),
        {"note": "It is a fair question.", "show": "open"},
        headers=HX,
    )
    assert response.status_code == 200 and 'id="moderation-queue"' not in response.text
    assert "No open flags." in response.text
    flag.refresh_from_db()
    assert flag.status == Flag.Status.DISMISSED and flag.resolved_by == erin
    assert flag.resolution_note == "It is a fair question."
    assert Comment.objects.get(pk=things["comment"].pk).hidden_at is None
    [event] = new_events(last)
    assert event.action == "flag.dismissed" and event.target_type == "flag"
    # a resolved flag cannot be resolved again
    again = erin_client.post(reverse("moderation:dismiss", args=[flag.pk]), {"note": ""})
    assert again.status_code == 302 and Event.objects.latest("pk").pk == event.pk


def test_flag_reasons_are_for_editors_and_the_flagger(
    alice_client, bob_client, erin_client, alice, things
):
    flag_item(item=things["bob_review"], flagged_by=alice, reason="SECRET-REASON")
    url = reverse("history:claim-timeline", args=[things["claim"].pk])
    assert "SECRET-REASON" in erin_client.get(url).text
    assert "SECRET-REASON" in alice_client.get(url).text
    bobs = bob_client.get(url).text
    assert 'data-action="flag.raised"' in bobs and "SECRET-REASON" not in bobs


def test_the_panel_costs_the_same_queries_with_hidden_items(
    erin_client, bob_client, erin, things, django_assert_num_queries
):
    url = reverse("claims:detail", args=[things["claim"].pk])
    counts = {}
    for name, client in (("erin", erin_client), ("bob", bob_client)):
        client.get(url, headers=HX)
        with CaptureQueriesContext(connection) as queries:
            client.get(url, headers=HX)
        counts[name] = len(queries.captured_queries)
    for kind in ("review", "source", "comment"):
        hide_item(item=things[kind], editor=erin, reason="Hidden.")
    for name, client in (("erin", erin_client), ("bob", bob_client)):
        with django_assert_num_queries(counts[name]):
            assert client.get(url, headers=HX).status_code == 200
