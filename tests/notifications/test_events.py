"""Which actions notify whom (services.notify and its callers in the claims, editorial and
moderation services): replies, verdicts, flags, hiding and assignments. Never the actor,
never someone who may not read the claim, and nothing when the action rolls back."""

import datetime as dt

import pytest
from django.db import transaction

from factcheck.claims import services
from factcheck.claims.services import delete_claim
from factcheck.editorial import services as decisions
from factcheck.moderation import services as moderation
from factcheck.notifications.models import Kind, Notification
from factcheck.notifications.services import notify_assignment
from tests.factories import make_review, rating

pytestmark = pytest.mark.django_db


def told(user):
    return list(
        Notification.objects.filter(recipient=user)
        .order_by("pk")
        .values_list("kind", "item", "yours", "text")
    )


def test_a_comment_on_a_claim_you_reviewed_is_a_reply_for_you(claim, alice, bob, erin):
    make_review(claim, bob, "true")
    make_review(claim, alice, "false")
    services.add_comment(claim=claim, author=alice, body="The annex has 63.")
    assert told(bob) == [(Kind.REPLY, "comment", True, "The annex has 63.")]
    assert told(alice) == []  # her own comment
    assert told(erin) == []  # erin did not review it


def test_editing_a_comment_is_not_a_new_reply(claim, alice, bob):
    make_review(claim, bob, "true")
    comment = services.add_comment(claim=claim, author=alice, body="First.")
    services.edit_comment(comment=comment, author=alice, expected_version=1, body="Second.")
    assert len(told(bob)) == 1


def test_a_reviewer_who_lost_their_role_is_not_told(claim, alice, bob):
    make_review(claim, bob, "true")
    bob.groups.clear()
    services.add_comment(claim=claim, author=alice, body="Anyone?")
    assert told(bob) == []


def test_a_verdict_a_correction_and_a_confirmation_tell_the_reviewers(claim, alice, bob, erin):
    make_review(claim, alice, "true")
    make_review(claim, bob, "true")
    make_review(claim, erin, "true")
    verdict = decisions.decide_verdict(
        claim=claim,
        editor=erin,
        rating=rating("true"),
        public_summary="The report lists 62 cases.",
        rationale="Checked.",
    )
    decisions.correct_verdict(
        claim=claim,
        editor=erin,
        rating=rating("mostly-true"),
        public_summary="Mostly.",
        rationale="Recounted.",
        sources=[],
        note="The annex adds one case.",
    )
    expected = [
        (Kind.VERDICT, "decided", True, "True: The report lists 62 cases."),
        (Kind.VERDICT, "corrected", True, "The annex adds one case."),
    ]
    assert told(alice) == expected and told(bob) == expected
    assert told(erin) == []  # the editor decided it
    assert Notification.objects.filter(item_id=verdict.pk, item="decided").count() == 2


def test_confirming_a_verdict_after_a_revision_tells_the_reviewers(claim, alice, erin):
    from factcheck.claims.models import Claim

    make_review(claim, alice, "true")
    decisions.decide_verdict(
        claim=claim, editor=erin, rating=rating("true"), public_summary="Yes.", rationale="R."
    )
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.NEEDS_RECHECK)
    claim.refresh_from_db()
    decisions.confirm_verdict(claim=claim, editor=erin, note="Still right.")
    assert told(alice)[-1] == (Kind.VERDICT, "confirmed", True, "Still right.")


def test_a_flag_tells_the_author_and_the_claims_marker_but_not_the_reason(claim, alice, bob, erin):
    comment = services.add_comment(claim=claim, author=bob, body="Off topic rant.")
    moderation.flag_item(item=comment, flagged_by=erin, reason="Rude to the source.")
    assert told(bob) == [(Kind.FLAGGED, "comment", True, "")]
    assert told(alice) == [(Kind.FLAGGED, "comment", False, "")]  # she marked the claim


def test_the_flagger_is_not_told_of_their_own_flag(claim, alice, bob):
    comment = services.add_comment(claim=claim, author=bob, body="Hmm.")
    moderation.flag_item(item=comment, flagged_by=alice, reason="Spam.")
    assert told(alice) == []
    assert told(bob) == [(Kind.FLAGGED, "comment", True, "")]


def test_hiding_tells_the_author_why_and_the_claims_marker_only_that(claim, alice, bob, erin):
    source = services.add_source(claim=claim, added_by=bob, url="https://example.org/a")
    moderation.hide_item(item=source, editor=erin, reason="Broken link.")
    assert told(bob) == [(Kind.HIDDEN, "source", True, "Broken link.")]
    assert told(alice) == [(Kind.HIDDEN, "source", False, "")]


def test_hiding_a_comment_takes_its_excerpt_out_of_others_notifications(claim, alice, bob, erin):
    make_review(claim, erin, "true")
    comment = services.add_comment(claim=claim, author=bob, body="@alice the insult here.")
    moderation.hide_item(item=comment, editor=erin, reason="Abusive.")
    assert told(alice) == [
        (Kind.MENTION, "comment", True, ""),
        (Kind.HIDDEN, "comment", False, ""),
    ]
    assert told(erin) == [(Kind.REPLY, "comment", True, "")]
    assert told(bob) == [(Kind.HIDDEN, "comment", True, "Abusive.")]


def test_hiding_your_own_item_on_your_own_claim_tells_you_once(claim, alice, erin):
    review = make_review(claim, alice, "true")
    moderation.hide_item(item=review, editor=erin, reason="Copied.")
    assert told(alice) == [(Kind.HIDDEN, "review", True, "Copied.")]


def test_an_assignment_tells_the_reviewer_once(claim, bob, erin):
    notification = notify_assignment(
        assignment_id=7, claim=claim, recipient=bob, actor=erin, due_on=dt.date(2026, 12, 10)
    )
    assert notification is not None
    assert told(bob) == [(Kind.ASSIGNMENT, "assignment", True, "due 2026-12-10")]
    assert notify_assignment(assignment_id=7, claim=claim, recipient=bob, actor=erin) is None
    assert len(told(bob)) == 1
    assert notify_assignment(assignment_id=8, claim=claim, recipient=bob, actor=erin)
    assert len(told(bob)) == 2


def test_an_assignment_to_an_outsider_or_to_oneself_tells_nobody(claim, olga, erin):
    assert notify_assignment(assignment_id=1, claim=claim, recipient=olga, actor=erin) is None
    assert notify_assignment(assignment_id=2, claim=claim, recipient=erin, actor=erin) is None
    assert not Notification.objects.exists()


def test_an_action_that_rolls_back_leaves_no_notification(claim, alice, bob):
    make_review(claim, bob, "true")

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        services.add_comment(claim=claim, author=alice, body="@bob look.")
        raise Boom
    assert told(bob) == []


def test_notifications_of_a_deleted_claim_stay_and_open_its_timeline(
    claim, alice, bob, erin, bob_client
):
    services.add_comment(claim=claim, author=alice, body="@bob look.")
    delete_claim(claim=claim, deleted_by=erin)
    notification = Notification.objects.get(recipient=bob)
    response = bob_client.get(f"/notifications/{notification.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/claims/{claim.pk}/timeline/"
