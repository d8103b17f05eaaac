"""Comments through the API: written with the claim panel's comment form (plain text, HTML
never interpreted), listed as the panel shows them, edited under their version and
deleted by their author; mentions notify as on the page; hidden comments and locked
claims refuse as on the page."""

import json

import pytest
from django.urls import reverse

from factcheck.claims.models import Comment
from factcheck.claims.services import add_comment
from factcheck.history.models import Event
from factcheck.moderation.services import hide_item, lock_claim
from factcheck.notifications.models import Kind, Notification
from factcheck.text.markup import find_markup
from tests.claims.conftest import PAYLOADS, assert_escaped
from tests.factories import make_claim

from .conftest import api_client, bearer, token_for

pytestmark = pytest.mark.django_db


def send(method, user, path, body=None, **headers):
    return api_client().generic(
        method,
        path,
        json.dumps(body) if body is not None else "",
        content_type="application/json",
        headers=bearer(token_of(user)) | headers,
    )


def token_of(user) -> str:
    """One token per user and test, made on first use."""
    if not hasattr(user, "api_token_for_test"):
        user.api_token_for_test = token_for(user)
    return user.api_token_for_test


def history() -> int:
    """The events a write may record: a test's tokens, made on first use, are left out."""
    return Event.objects.exclude(action__startswith="token.").count()


def post_comment(user, claim, body: str):
    return send("POST", user, f"/api/v1/claims/{claim.pk}/comments", {"body": body})


def patch_comment(user, comment, body, **headers):
    return send("PATCH", user, f"/api/v1/comments/{comment.pk}", body, **headers)


def listed(user, claim, query: str = "") -> dict:
    response = send("GET", user, f"/api/v1/claims/{claim.pk}/comments{query}")
    assert response.status_code == 200, response.json()
    return response.json()


@pytest.fixture
def claim(article, alice):
    return make_claim(article, "62 cases", created_by=alice)


@pytest.fixture
def bobs_comment(claim, bob):
    return add_comment(claim=claim, author=bob, body="Page 12 has them.")


def test_a_comment_is_added_and_recorded(bob, claim):
    response = post_comment(bob, claim, "  Page 12 has them.\r\nSee the annex.  ")
    assert response.status_code == 201, response.json()
    comment = Comment.objects.get()
    out = response.json()
    assert (out["id"], out["claim"], out["version"]) == (comment.pk, claim.pk, 1)
    assert out["body"] == comment.body == "Page 12 has them.\nSee the annex."
    assert out["author"] == {"id": bob.pk, "username": "bob"}
    assert (out["hidden"], out["mentions"]) == (None, [])
    event = Event.objects.get(action="comment.added")
    assert (event.actor, event.claim_id) == (bob, claim.pk)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_in_a_comment_is_refused_as_on_the_page_and_other_text_kept_escaped(
    bob, bob_client, claim, payload
):
    """Markup is refused by the API and the page alike (factcheck/text/markup.py); what is
    not markup ("javascript:alert(1)" as words, "{{ 7*7 }}") is kept and shown escaped."""
    events = history()
    response = post_comment(bob, claim, payload)
    by_page = bob_client.post(reverse("claims:add-comment", args=[claim.pk]), {"body": payload})
    if find_markup(payload):
        assert response.status_code == 400 and response.json()["error"] == "invalid"
        assert "HTML markup" in str(response.json())
        assert by_page.status_code == 400
        assert not Comment.objects.exists() and history() == events
        return
    assert response.status_code == 201 and response.json()["body"] == payload
    assert by_page.status_code == 302
    assert [comment.body for comment in Comment.objects.order_by("pk")] == [payload, payload]
    panel = bob_client.get(reverse("claims:detail", args=[claim.pk]))
    assert_escaped(panel.text, payload)


@pytest.mark.parametrize("body", ["", "   ", "x" * 10_001])
def test_a_comment_the_form_refuses_is_400_and_stores_nothing(bob, bob_client, claim, body):
    events = history()
    response = post_comment(bob, claim, body)
    assert response.status_code == 400 and response.json()["error"] == "invalid"
    page = bob_client.post(reverse("claims:add-comment", args=[claim.pk]), {"body": body})
    assert page.status_code == 400
    assert not Comment.objects.exists() and history() == events


def test_a_mention_tells_the_colleague_as_the_page_does(alice, bob, claim):
    response = post_comment(bob, claim, "@alice can you check page 12?")
    assert response.status_code == 201 and response.json()["mentions"] == ["alice"]
    notification = Notification.objects.get(recipient=alice, kind=Kind.MENTION)
    assert (notification.item, notification.item_id) == ("comment", response.json()["id"])
    assert listed(bob, claim)["items"][0]["mentions"] == ["alice"]


def test_an_edit_needs_the_version_and_a_stale_one_is_409_with_the_stored_comment(
    bob, bobs_comment
):
    response = patch_comment(bob, bobs_comment, {"body": "No version"})
    assert response.status_code == 428 and response.json()["error"] == "precondition_required"
    response = patch_comment(bob, bobs_comment, {"body": "Page 13."}, **{"If-Match": '"1"'})
    assert response.status_code == 200, response.json()
    assert (response.json()["body"], response.json()["version"]) == ("Page 13.", 2)
    events = history()
    response = patch_comment(bob, bobs_comment, {"body": "Page 14.", "version": 1})
    assert response.status_code == 409
    body = response.json()
    assert body["error"] == "stale_version"
    assert (body["stored"]["id"], body["stored"]["body"], body["stored"]["version"]) == (
        bobs_comment.pk,
        "Page 13.",
        2,
    )
    bobs_comment.refresh_from_db()
    assert (bobs_comment.body, bobs_comment.version, history()) == ("Page 13.", 2, events)
    event = Event.objects.get(action="comment.edited")
    assert (event.before, event.after) == ({"body": "Page 12 has them."}, {"body": "Page 13."})


def test_an_empty_edit_is_400_and_keeps_the_comment(bob, bobs_comment):
    events = history()
    response = patch_comment(bob, bobs_comment, {"body": " ", "version": 1})
    assert response.status_code == 400 and response.json()["error"] == "invalid"
    bobs_comment.refresh_from_db()
    assert (bobs_comment.body, bobs_comment.version, history()) == ("Page 12 has them.", 1, events)


def test_the_author_deletes_a_comment_and_it_leaves_the_list(bob, bobs_comment, claim):
    response = send("DELETE", bob, f"/api/v1/comments/{bobs_comment.pk}")
    assert response.status_code == 204 and response.content == b""
    bobs_comment.refresh_from_db()
    assert bobs_comment.deleted_at is not None
    assert Event.objects.filter(action="comment.deleted", actor=bob).exists()
    assert listed(bob, claim)["items"] == []


def test_a_hidden_comment_shows_to_editors_only_and_its_author_cannot_change_it(
    alice, bob, erin, alice_client, bobs_comment, claim
):
    hide_item(item=bobs_comment, editor=erin, reason="Off topic")
    assert listed(alice, claim)["items"] == listed(bob, claim)["items"] == []
    page = alice_client.get(reverse("claims:detail", args=[claim.pk]))
    assert list(page.context["comments"]) == []
    items = listed(erin, claim)["items"]
    assert [item["id"] for item in items] == [bobs_comment.pk]
    assert items[0]["hidden"]["reason"] == "Off topic"
    assert items[0]["hidden"]["by"]["username"] == "erin"
    events = history()
    for response in (
        patch_comment(bob, bobs_comment, {"body": "x", "version": 1}),
        send("DELETE", bob, f"/api/v1/comments/{bobs_comment.pk}"),
    ):
        assert response.status_code == 403 and "hidden" in response.json()["message"]
    bobs_comment.refresh_from_db()
    assert (bobs_comment.body, bobs_comment.deleted_at, history()) == (
        "Page 12 has them.",
        None,
        events,
    )


def test_a_locked_claim_refuses_a_reviewers_comments_but_not_an_editors(
    bob, erin, bobs_comment, claim
):
    lock_claim(claim=claim, editor=erin)
    events = history()
    for response in (
        post_comment(bob, claim, "More"),
        patch_comment(bob, bobs_comment, {"body": "x", "version": 1}),
        send("DELETE", bob, f"/api/v1/comments/{bobs_comment.pk}"),
    ):
        assert response.status_code == 403 and response.json()["error"] == "claim_locked"
    assert Comment.objects.count() == 1 and history() == events
    assert post_comment(erin, claim, "Locked for now.").status_code == 201


def test_the_comment_list_pages_with_a_cursor(bob, claim):
    comments = [add_comment(claim=claim, author=bob, body=f"Comment {n}") for n in range(5)]
    seen, cursor = [], None
    for _ in range(4):
        body = listed(bob, claim, "?limit=2" + (f"&cursor={cursor}" if cursor else ""))
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [comment.pk for comment in comments]


def test_the_comment_list_costs_the_same_for_3_or_30_comments(
    alice, bob, erin, claim, django_assert_num_queries
):
    client, headers = api_client(), bearer(token_of(erin))
    url = f"/api/v1/claims/{claim.pk}/comments"
    client.get(url, headers=headers)  # the token's first use writes last_used_at
    made = 0
    for count in (3, 30):
        for n in range(made, count):
            comment = add_comment(claim=claim, author=bob, body=f"@alice, see page {n}")
            if n % 3 == 0:  # hidden ones show to the editor, with who hid them
                hide_item(item=comment, editor=erin, reason="Duplicate")
        made = count
        # token + user, roles, the claim (with its article), the page of comments (with
        # author and who hid each), the mentions in them
        with django_assert_num_queries(5):
            response = client.get(url, headers=headers)
        assert len(response.json()["items"]) == count
        assert all(item["mentions"] == ["alice"] for item in response.json()["items"])
