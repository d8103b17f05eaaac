"""Moderation through the API: flags raised by anyone who works on articles and resolved by
editors, hiding and unhiding, locking claims against reviewers' edits, restoring deleted
claims; each through moderation's access guards and services, as on the pages."""

import json

import pytest

from factcheck.api.schemas.moderation import ItemKind
from factcheck.claims.models import Claim, Comment, Review
from factcheck.claims.services import add_comment, add_source, delete_claim
from factcheck.history.models import Event
from factcheck.moderation.models import Flag
from factcheck.moderation.services import KINDS, flag_item
from tests.factories import make_claim, make_review

from .conftest import api_client, bearer, token_for

pytestmark = pytest.mark.django_db


def send(method, raw, path, body=None, **headers):
    return api_client().generic(
        method,
        path,
        json.dumps(body) if body is not None else "",
        content_type="application/json",
        headers=bearer(raw) | headers,
    )


@pytest.fixture
def claim(article, alice):
    return make_claim(article, "62 cases", created_by=alice)


@pytest.fixture
def source(claim, alice):
    return add_source(claim=claim, added_by=alice, url="https://example.org/a", title="A")


def actions() -> list[str]:
    return list(Event.objects.order_by("pk").values_list("action", flat=True))


def test_the_api_kinds_are_moderations_kinds():
    assert {kind.value for kind in ItemKind} == set(KINDS)


# --- flags ----------------------------------------------------------------------------------


def test_a_reviewer_flags_and_an_editor_dismisses(bob, erin, source):
    raw = token_for(bob)
    body = {"kind": "source", "id": source.pk, "reason": "A dead link."}
    response = send("POST", raw, "/api/v1/flags", body)
    assert response.status_code == 201, response.json()
    flag = response.json()
    assert (flag["kind"], flag["item"], flag["claim"]) == ("source", source.pk, source.claim_id)
    assert (flag["status"], flag["flagged_by"], flag["reason"]) == ("open", bob.pk, "A dead link.")
    assert actions()[-1] == "flag.raised"
    # A second open flag from the same person is refused, and records nothing.
    count = Event.objects.count()
    response = send("POST", raw, "/api/v1/flags", body)
    assert response.status_code == 409 and response.json()["error"] == "moderation_refused"
    assert Event.objects.count() == count

    editor = token_for(erin)
    listed = send("GET", editor, "/api/v1/flags").json()
    assert [item["id"] for item in listed["items"]] == [flag["id"]]
    url = f"/api/v1/flags/{flag['id']}/dismissal"
    response = send("POST", editor, url, {"note": "The link works."})
    assert response.status_code == 200
    answer = response.json()
    assert (answer["status"], answer["resolved_by"]) == ("dismissed", erin.pk)
    assert answer["resolution_note"] == "The link works." and answer["resolved_at"]
    assert actions()[-1] == "flag.dismissed"
    assert send("GET", editor, "/api/v1/flags").json()["items"] == []
    count = Event.objects.count()
    response = send("POST", editor, url, {})
    assert response.status_code == 409 and response.json()["error"] == "moderation_refused"
    assert Event.objects.count() == count


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"kind": "source", "reason": "   "}, "invalid"),
        ({"kind": "claim", "reason": "Bad"}, "invalid"),
        ({"kind": "source", "reason": "x" * 2001}, "invalid"),
    ],
)
def test_a_bad_flag_is_400_and_records_nothing(bob, source, body, code):
    raw = token_for(bob)
    count = Event.objects.count()
    response = send("POST", raw, "/api/v1/flags", body | {"id": source.pk})
    assert response.status_code == 400 and response.json()["error"] == code
    assert Event.objects.count() == count and not Flag.objects.exists()


def test_a_reviewer_may_not_list_or_dismiss_flags(alice, bob, source):
    flag = flag_item(item=source, flagged_by=alice, reason="Dead link")
    raw = token_for(bob)
    assert send("GET", raw, "/api/v1/flags").status_code == 403
    response = send("POST", raw, f"/api/v1/flags/{flag.pk}/dismissal", {})
    assert response.status_code == 403
    assert Flag.objects.get(pk=flag.pk).status == Flag.Status.OPEN


def test_the_open_flags_come_oldest_first_page_by_page_and_by_kind(alice, bob, erin, claim, source):
    comment = add_comment(claim=claim, author=alice, body="A comment")
    review = make_review(claim, alice, "true")
    flags = [
        flag_item(item=source, flagged_by=bob, reason="1"),
        flag_item(item=comment, flagged_by=bob, reason="2"),
        flag_item(item=review, flagged_by=bob, reason="3"),
        flag_item(item=source, flagged_by=erin, reason="4"),
    ]
    raw, seen, cursor = token_for(erin), [], None
    for _ in range(3):
        url = "/api/v1/flags?limit=3" + (f"&cursor={cursor}" if cursor else "")
        body = send("GET", raw, url).json()
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [flag.pk for flag in flags]
    body = send("GET", raw, "/api/v1/flags?kind=source").json()
    assert [item["id"] for item in body["items"]] == [flags[0].pk, flags[3].pk]
    for forged in ("abc", "1", "1.x", "99999999999999999999.1"):
        response = send("GET", raw, f"/api/v1/flags?cursor={forged}")
        assert response.status_code == 400 and response.json()["error"] == "bad_cursor"


def test_the_flag_list_costs_the_same_however_many_flags(
    alice, bob, erin_client, claim, django_assert_num_queries
):
    def flag_another(number):
        comment = add_comment(claim=claim, author=alice, body=f"Comment {number}")
        flag_item(item=comment, flagged_by=bob, reason=f"Reason {number}")

    flag_another(0)
    # session, user, roles, the flags
    with django_assert_num_queries(4):
        assert len(erin_client.get("/api/v1/flags").json()["items"]) == 1
    for number in range(1, 12):
        flag_another(number)
    with django_assert_num_queries(4):
        assert len(erin_client.get("/api/v1/flags").json()["items"]) == 12


# --- hiding ---------------------------------------------------------------------------------


def test_hide_then_unhide(alice, bob, erin, claim):
    review = make_review(claim, alice, "true")
    make_review(claim, bob, "false")
    flag = flag_item(item=review, flagged_by=bob, reason="Rude")
    assert Claim.objects.get(pk=claim.pk).status == "contested"
    raw, url = token_for(erin), f"/api/v1/moderation/review/{review.pk}/hiding"
    response = send("POST", raw, url, {"reason": "Rude words."})
    assert response.status_code == 201, response.json()
    hidden = response.json()
    assert (hidden["kind"], hidden["id"], hidden["hidden"]) == ("review", review.pk, True)
    assert (hidden["hidden_by"], hidden["hidden_reason"]) == (erin.pk, "Rude words.")
    # Only bob's review counts now; the hide resolved the flag.
    assert hidden["claim_status"] == Claim.objects.get(pk=claim.pk).status == "in_review"
    assert Flag.objects.get(pk=flag.pk).status == Flag.Status.HIDDEN
    assert actions()[-1] == "content.hidden"
    count = Event.objects.count()
    response = send("POST", raw, url, {"reason": "Again."})
    assert response.status_code == 409 and response.json()["error"] == "moderation_refused"
    assert Event.objects.count() == count

    assert send("DELETE", raw, url).status_code == 204
    assert Review.objects.get(pk=review.pk).hidden_at is None
    assert Claim.objects.get(pk=claim.pk).status == "contested"
    assert actions()[-1] == "content.unhidden"
    response = send("DELETE", raw, url)
    assert response.status_code == 409 and response.json()["error"] == "moderation_refused"


def test_hiding_needs_a_reason_and_an_editor(alice, bob, erin, claim):
    comment = add_comment(claim=claim, author=alice, body="A comment")
    url = f"/api/v1/moderation/comment/{comment.pk}/hiding"
    response = send("POST", token_for(erin), url, {"reason": " "})
    assert response.status_code == 400 and "reason" in response.json()["detail"]
    response = send("POST", token_for(bob), url, {"reason": "Spam"})
    assert response.status_code == 403
    response = send("POST", token_for(erin), f"/api/v1/moderation/claim/{claim.pk}/hiding", {})
    assert response.status_code == 400
    assert Comment.objects.get(pk=comment.pk).hidden_at is None


# --- lock and restore -----------------------------------------------------------------------


def test_a_locked_claim_refuses_a_reviewers_edit_through_the_api(bob, erin, claim):
    editor, reviewer = token_for(erin), token_for(bob)
    lock_url = f"/api/v1/claims/{claim.pk}/lock"
    response = send("POST", editor, lock_url)
    assert response.status_code == 201
    assert response.json()["locked"] is True and response.json()["locked_by"] == erin.pk
    assert actions()[-1] == "claim.locked"
    assert send("POST", editor, lock_url).status_code == 409

    count = Event.objects.count()
    edit = {"summary": "Bob's summary", "version": claim.version}
    response = send("PATCH", reviewer, f"/api/v1/claims/{claim.pk}", edit)
    assert response.status_code == 403 and "locked" in response.json()["message"]
    assert Claim.objects.get(pk=claim.pk).summary == "" and Event.objects.count() == count

    assert send("DELETE", editor, lock_url).status_code == 204
    assert actions()[-1] == "claim.unlocked"
    response = send("PATCH", reviewer, f"/api/v1/claims/{claim.pk}", edit)
    assert response.status_code == 200 and response.json()["summary"] == "Bob's summary"


def test_an_editor_restores_a_deleted_claim(alice, erin, claim):
    delete_claim(claim=claim, deleted_by=alice)
    deleted_version = Claim.objects.get(pk=claim.pk).version
    raw = token_for(erin)
    assert send("GET", raw, f"/api/v1/claims/{claim.pk}").status_code == 404
    response = send("POST", raw, f"/api/v1/claims/{claim.pk}/restoration")
    assert response.status_code == 200, response.json()
    # A form read before the deletion is stale now.
    assert response.json()["id"] == claim.pk and response.json()["version"] == deleted_version + 1
    assert Claim.objects.get(pk=claim.pk).deleted_at is None
    assert actions()[-1] == "claim.restored"
    assert send("GET", raw, f"/api/v1/claims/{claim.pk}").status_code == 200
    # A live claim is not restorable: as unknown as a forged id.
    assert send("POST", raw, f"/api/v1/claims/{claim.pk}/restoration").status_code == 404


def test_the_openapi_document_names_the_kinds(db):
    schema = api_client().get("/api/v1/openapi.json").json()
    hiding = schema["paths"]["/api/v1/moderation/{kind}/{item_id}/hiding"]
    [kind] = [param for param in hiding["post"]["parameters"] if param["name"] == "kind"]
    assert set(kind["schema"]["enum"]) == set(KINDS)
    assert {"201", "400", "403", "404", "409"} <= set(hiding["post"]["responses"])
    assert {"204", "403", "404", "409"} <= set(hiding["delete"]["responses"])
