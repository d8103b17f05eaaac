"""The claim resources beyond create/read: an article's claims in text order, editing a
claim (PATCH) and deleting it, both under the claim's optimistic lock, through the claim
panel's form and services."""

import json

import pytest

from factcheck.claims.models import Claim
from factcheck.history.models import Event
from tests.factories import make_claim

from .conftest import READ, api_client, bearer, token_for

pytestmark = pytest.mark.django_db


def send(method, raw, path, body=None, **headers):
    return api_client().generic(
        method,
        path,
        json.dumps(body) if body is not None else "",
        content_type="application/json",
        headers=bearer(raw) | headers,
    )


def patch(raw, claim, body, **headers):
    return send("PATCH", raw, f"/api/v1/claims/{claim.pk}", body, **headers)


def delete(raw, claim, body=None, **headers):
    return send("DELETE", raw, f"/api/v1/claims/{claim.pk}", body, **headers)


# --- the list -----------------------------------------------------------------------------


def test_an_articles_claims_come_in_text_order_page_by_page(alice, erin, article):
    later = make_claim(article, "62 cases", created_by=alice, occurrence=1)
    first = make_claim(article, "62 cases", created_by=alice)
    middle = make_claim(article, "185 assemblies", created_by=alice)
    gone = make_claim(article, "2020", created_by=alice)
    assert delete(token_for(erin), gone, {"version": 1}).status_code == 204
    raw, seen, cursor = token_for(alice), [], None
    for _ in range(4):
        url = f"/api/v1/articles/{article.pk}/claims?limit=2" + (
            f"&cursor={cursor}" if cursor else ""
        )
        body = api_client().get(url, headers=bearer(raw)).json()
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [first.pk, middle.pk, later.pk]


def test_the_claim_list_filters_by_status_and_refuses_unknown_ones(alice, article):
    open_claim = make_claim(article, "62 cases", created_by=alice)
    verified = make_claim(article, "185 assemblies", created_by=alice)
    Claim.objects.filter(pk=verified.pk).update(status=Claim.Status.VERIFIED)
    raw, url = token_for(alice), f"/api/v1/articles/{article.pk}/claims"
    body = api_client().get(url + "?status=verified", headers=bearer(raw)).json()
    assert [item["id"] for item in body["items"]] == [verified.pk]
    body = api_client().get(url + "?status=open", headers=bearer(raw)).json()
    assert [item["id"] for item in body["items"]] == [open_claim.pk]
    response = api_client().get(url + "?status=bogus", headers=bearer(raw))
    assert response.status_code == 400 and response.json()["error"] == "invalid"


@pytest.mark.parametrize("cursor", ["abc", "1.2", "1.2.x", "-1.2.3"])
def test_a_forged_claim_cursor_is_400(alice, article, cursor):
    url = f"/api/v1/articles/{article.pk}/claims?cursor={cursor}"
    response = api_client().get(url, headers=bearer(token_for(alice)))
    assert response.status_code == 400 and response.json()["error"] == "bad_cursor"


# --- edit ---------------------------------------------------------------------------------


def test_if_match_and_a_body_version_both_edit(alice, bob, article):
    claim = make_claim(article, "62 cases", created_by=alice)
    response = patch(token_for(bob), claim, {"summary": "Cases counted"}, **{"If-Match": '"1"'})
    assert response.status_code == 200, response.json()
    assert response.json()["summary"] == "Cases counted" and response.json()["version"] == 2
    response = patch(
        token_for(alice), claim, {"claimant": "Ministry", "tags": ["b", "a"], "version": 2}
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["summary"], body["claimant"], body["tags"]) == (
        "Cases counted",
        "Ministry",
        ["a", "b"],
    )
    claim.refresh_from_db()
    assert (claim.summary, claim.claimant, claim.version) == ("Cases counted", "Ministry", 3)
    events = Event.objects.filter(action="claim.updated").order_by("pk")
    assert [event.actor for event in events] == [bob, alice]
    # Only what was sent is recorded as changed.
    assert set(events[0].before) == {"summary"}


def test_a_stale_version_is_409_with_the_stored_claim(alice, bob, article):
    claim = make_claim(article, "62 cases", created_by=alice)
    assert patch(token_for(alice), claim, {"summary": "Alice's", "version": 1}).status_code == 200
    raw = token_for(bob)
    events = Event.objects.count()
    response = patch(raw, claim, {"summary": "Bob's"}, **{"If-Match": '"1"'})
    assert response.status_code == 409
    body = response.json()
    assert body["error"] == "stale_version" and body["message"]
    assert body["stored"]["summary"] == "Alice's" and body["stored"]["version"] == 2
    assert body["stored"]["id"] == claim.pk
    claim.refresh_from_db()
    assert (claim.summary, claim.version, Event.objects.count()) == ("Alice's", 2, events)


def test_no_version_is_428_and_a_disagreeing_one_400(alice, article):
    claim = make_claim(article, "62 cases", created_by=alice)
    raw = token_for(alice)
    response = patch(raw, claim, {"summary": "x"})
    assert response.status_code == 428 and response.json()["error"] == "precondition_required"
    response = patch(raw, claim, {"summary": "x", "version": 1}, **{"If-Match": '"2"'})
    assert response.status_code == 400 and response.json()["error"] == "version_mismatch"
    response = patch(raw, claim, {"summary": "x"}, **{"If-Match": "one"})
    assert response.status_code == 400 and response.json()["error"] == "bad_if_match"
    claim.refresh_from_db()
    assert (claim.summary, claim.version) == ("", 1)
    assert not Event.objects.filter(action="claim.updated").exists()


def test_a_read_token_may_not_edit_or_delete(alice, article):
    claim = make_claim(article, "62 cases", created_by=alice)
    raw = token_for(alice, scope=READ)
    for response in (
        patch(raw, claim, {"summary": "x", "version": 1}),
        delete(raw, claim, {"version": 1}),
    ):
        assert response.status_code == 403 and response.json()["error"] == "read_only_token"
    claim.refresh_from_db()
    assert (claim.summary, claim.version, claim.deleted_at) == ("", 1, None)


def test_the_api_refuses_and_accepts_what_the_edit_form_does(alice, alice_client, article):
    """The same input through the panel's form and through the API ends the same way."""
    from django.urls import reverse

    script = "<script>alert(1)</script> said <b>62</b>"
    cases = [  # (fields, whether the form takes them)
        ({"summary": "Fewer than 5 < 62 cases & more", "claimant": "A & B"}, True),
        ({"summary": script}, False),  # markup is refused, by the form and the service
        ({"claimant": "<img src=x onerror=alert(1)>"}, False),
        ({"claimant": "x" * 201}, False),
        ({"summary": "y" * 1001}, False),
        ({"claimed_on": "2020-13-01"}, False),
    ]
    for n, (fields, accepted) in enumerate(cases):
        by_form = make_claim(article, "62 cases", created_by=alice, occurrence=n % 2)
        by_api = make_claim(article, "185 assemblies" if n % 2 == 0 else "2020", created_by=alice)
        data = {"summary": "", "claimant": "", "claimed_on": "", "tags": "", "version": 1} | fields
        form_status = alice_client.post(reverse("claims:edit", args=[by_form.pk]), data).status_code
        api_status = patch(token_for(alice), by_api, fields | {"version": 1}).status_code
        assert (form_status, api_status) == ((302, 200) if accepted else (400, 400)), fields
        by_form.refresh_from_db()
        by_api.refresh_from_db()
        assert (by_form.summary, by_form.claimant, by_form.version) == (
            by_api.summary,
            by_api.claimant,
            by_api.version,
        )


# --- delete -------------------------------------------------------------------------------


def test_the_creator_deletes_with_if_match_and_gets_204(alice, article):
    claim = make_claim(article, "62 cases", created_by=alice)
    response = delete(token_for(alice), claim, **{"If-Match": '"1"'})
    assert response.status_code == 204 and response.content == b""
    claim.refresh_from_db()
    assert claim.deleted_at is not None and claim.deleted_by == alice
    assert Event.objects.filter(action="claim.deleted", claim=claim, actor=alice).exists()
    response = api_client().get(f"/api/v1/claims/{claim.pk}", headers=bearer(token_for(alice)))
    assert response.status_code == 404


def test_a_reviewer_who_did_not_mark_the_claim_may_not_delete_it_like_the_page(
    alice, bob, bob_client, article
):
    from django.urls import reverse

    claim = make_claim(article, "62 cases", created_by=alice)
    response = delete(token_for(bob), claim, {"version": 1})
    page = bob_client.post(reverse("claims:delete", args=[claim.pk]))
    assert response.status_code == page.status_code == 403
    assert response.json()["error"] == "forbidden"
    claim.refresh_from_db()
    assert claim.deleted_at is None
    assert not Event.objects.filter(action="claim.deleted").exists()


def test_a_stale_delete_is_409_with_the_stored_claim_and_none_is_428(alice, bob, erin, article):
    claim = make_claim(article, "62 cases", created_by=alice)
    assert patch(token_for(bob), claim, {"summary": "Edited", "version": 1}).status_code == 200
    response = delete(token_for(erin), claim, {"version": 1})
    assert response.status_code == 409 and response.json()["stored"]["summary"] == "Edited"
    response = delete(token_for(erin), claim)
    assert response.status_code == 428
    claim.refresh_from_db()
    assert claim.deleted_at is None
    assert delete(token_for(erin), claim, {"version": 2}).status_code == 204


def test_a_locked_claim_refuses_a_reviewers_edit_and_delete_but_not_an_editors(
    alice, erin, article
):
    from factcheck.moderation.services import lock_claim

    claim = make_claim(article, "62 cases", created_by=alice)
    claim = lock_claim(claim=claim, editor=erin)
    version = claim.version
    raw = token_for(alice)
    events = Event.objects.count()
    for response in (
        patch(raw, claim, {"summary": "x", "version": version}),
        delete(raw, claim, {"version": version}),
    ):
        assert response.status_code == 403 and "locked" in response.json()["message"]
    assert Event.objects.count() == events
    response = patch(token_for(erin), claim, {"summary": "Editor's", "version": version})
    assert response.status_code == 200 and response.json()["summary"] == "Editor's"
