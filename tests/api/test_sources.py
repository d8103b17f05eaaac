"""Sources through the API: added with the claim panel's source form (http and https
only), listed and read as the panel shows them, edited under their version and removed by
whoever added them; hidden sources and locked claims refuse as on the page."""

import json

import pytest
from django.urls import reverse

from factcheck.claims.models import Source
from factcheck.claims.services import add_source
from factcheck.history.models import Event
from factcheck.moderation.services import hide_item, lock_claim
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


def post_source(user, claim, body):
    return send("POST", user, f"/api/v1/claims/{claim.pk}/sources", body)


def patch_source(user, source, body, **headers):
    return send("PATCH", user, f"/api/v1/sources/{source.pk}", body, **headers)


def listed(user, claim, query: str = "") -> dict:
    response = send("GET", user, f"/api/v1/claims/{claim.pk}/sources{query}")
    assert response.status_code == 200, response.json()
    return response.json()


@pytest.fixture
def claim(article, alice):
    return make_claim(article, "62 cases", created_by=alice)


@pytest.fixture
def bobs_source(claim, bob):
    return add_source(claim=claim, added_by=bob, url="https://example.org/report", title="Report")


def test_a_source_is_added_with_every_field_and_recorded(bob, claim):
    body = {
        "url": "https://example.org/report.pdf",
        "title": "  The   annual report ",
        "publisher": "Ministry",
        "stance": "refutes",
        "excerpt": "62 cases",
        "accessed_on": "2026-11-30",
        "archive_url": "https://web.archive.org/web/2026/https://example.org/report.pdf",
    }
    response = post_source(bob, claim, body)
    assert response.status_code == 201, response.json()
    source = Source.objects.get()
    out = response.json()
    assert (out["id"], out["claim"], out["version"]) == (source.pk, claim.pk, 1)
    assert out["title"] == source.title == "The annual report"  # cleaned as by the page
    assert (out["stance"], out["accessed_on"]) == ("refutes", "2026-11-30")
    assert out["added_by"] == {"id": bob.pk, "username": "bob"} and out["hidden"] is None
    event = Event.objects.get(action="source.added")
    assert (event.actor, event.claim_id, event.after["url"]) == (bob, claim.pk, body["url"])


@pytest.mark.parametrize(
    "field, address",
    [
        ("url", "javascript:alert(1)"),
        ("url", "JavaScript:alert(document.cookie)"),
        ("url", "data:text/html,<script>alert(1)</script>"),
        ("url", "file:///etc/passwd"),
        ("url", "https://user:secret@example.org/"),
        ("url", "https://exa mple.org/"),
        ("url", ""),
        ("archive_url", "javascript:alert(1)"),
    ],
)
def test_an_address_the_source_form_refuses_is_400_and_stores_nothing(
    bob, bob_client, claim, field, address
):
    body = {"url": "https://example.org/", field: address}
    events = history()
    response = post_source(bob, claim, body)
    assert response.status_code == 400 and response.json()["error"] == "invalid"
    assert response.json()["detail"][field]  # the form's own message, on its field
    page = bob_client.post(reverse("claims:add-source", args=[claim.pk]), body)
    assert page.status_code == 400
    assert not Source.objects.exists() and history() == events


def test_an_edit_changes_only_what_was_sent_from_its_version(bob, bobs_source):
    response = patch_source(bob, bobs_source, {"stance": "supports"}, **{"If-Match": '"1"'})
    assert response.status_code == 200, response.json()
    assert (response.json()["stance"], response.json()["version"]) == ("supports", 2)
    assert response.json()["title"] == "Report"
    response = patch_source(bob, bobs_source, {"title": "Annex", "version": 2})
    assert response.status_code == 200 and response.json()["version"] == 3
    bobs_source.refresh_from_db()
    assert (bobs_source.title, bobs_source.stance, bobs_source.url) == (
        "Annex",
        "supports",
        "https://example.org/report",
    )
    first, second = Event.objects.filter(action="source.updated").order_by("pk")
    assert (first.before, first.after) == ({"stance": "context"}, {"stance": "supports"})
    assert set(second.after) == {"title"}


def test_an_edit_to_a_javascript_address_is_400_and_keeps_the_source(bob, bobs_source):
    events = history()
    response = patch_source(bob, bobs_source, {"url": "javascript:alert(1)", "version": 1})
    assert response.status_code == 400 and response.json()["error"] == "invalid"
    bobs_source.refresh_from_db()
    assert (bobs_source.url, bobs_source.version) == ("https://example.org/report", 1)
    assert history() == events


def test_an_edit_without_a_version_is_428_and_a_stale_one_409_with_the_stored_source(
    bob, bobs_source
):
    response = patch_source(bob, bobs_source, {"title": "x"})
    assert response.status_code == 428 and response.json()["error"] == "precondition_required"
    assert patch_source(bob, bobs_source, {"title": "Kept", "version": 1}).status_code == 200
    events = history()
    response = patch_source(bob, bobs_source, {"title": "Lost"}, **{"If-Match": '"1"'})
    assert response.status_code == 409
    body = response.json()
    assert body["error"] == "stale_version"
    assert (body["stored"]["id"], body["stored"]["title"], body["stored"]["version"]) == (
        bobs_source.pk,
        "Kept",
        2,
    )
    bobs_source.refresh_from_db()
    assert (bobs_source.title, history()) == ("Kept", events)


def test_whoever_added_a_source_removes_it_and_it_leaves_the_list(bob, bobs_source, claim):
    response = send("DELETE", bob, f"/api/v1/sources/{bobs_source.pk}")
    assert response.status_code == 204 and response.content == b""
    bobs_source.refresh_from_db()
    assert bobs_source.deleted_at is not None
    assert Event.objects.filter(action="source.deleted", actor=bob).exists()
    assert listed(bob, claim)["items"] == []
    assert send("GET", bob, f"/api/v1/sources/{bobs_source.pk}").status_code == 404


def test_a_hidden_source_shows_to_editors_only_and_its_author_cannot_change_it(
    bob, erin, bob_client, erin_client, bobs_source, claim
):
    hide_item(item=bobs_source, editor=erin, reason="Spam link")
    assert listed(bob, claim)["items"] == []
    assert list(bob_client.get(reverse("claims:detail", args=[claim.pk])).context["sources"]) == []
    assert send("GET", bob, f"/api/v1/sources/{bobs_source.pk}").status_code == 404
    items = listed(erin, claim)["items"]
    assert [item["id"] for item in items] == [bobs_source.pk]
    assert items[0]["hidden"]["reason"] == "Spam link"
    assert items[0]["hidden"]["by"]["username"] == "erin"
    page = erin_client.get(reverse("claims:detail", args=[claim.pk]))
    assert [source.pk for source in page.context["sources"]] == [bobs_source.pk]
    events = history()
    for response in (
        patch_source(bob, bobs_source, {"title": "x", "version": 1}),
        send("DELETE", bob, f"/api/v1/sources/{bobs_source.pk}"),
    ):
        assert response.status_code == 403 and "hidden" in response.json()["message"]
    bobs_source.refresh_from_db()
    assert (bobs_source.title, bobs_source.deleted_at, history()) == ("Report", None, events)


def test_a_locked_claim_refuses_a_reviewers_sources_but_not_an_editors(bob, erin, claim):
    source = add_source(claim=claim, added_by=bob, url="https://example.org/a")
    lock_claim(claim=claim, editor=erin)
    events = history()
    for response in (
        post_source(bob, claim, {"url": "https://example.org/b"}),
        patch_source(bob, source, {"title": "x", "version": 1}),
        send("DELETE", bob, f"/api/v1/sources/{source.pk}"),
    ):
        assert response.status_code == 403 and response.json()["error"] == "claim_locked"
    assert Source.objects.count() == 1 and history() == events
    assert post_source(erin, claim, {"url": "https://example.org/c"}).status_code == 201


def test_the_source_list_pages_with_a_cursor_and_refuses_a_forged_one(bob, claim):
    sources = [
        add_source(claim=claim, added_by=bob, url=f"https://example.org/{n}") for n in range(5)
    ]
    seen, cursor = [], None
    for _ in range(4):
        body = listed(bob, claim, "?limit=2" + (f"&cursor={cursor}" if cursor else ""))
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [source.pk for source in sources]
    response = send("GET", bob, f"/api/v1/claims/{claim.pk}/sources?cursor=abc")
    assert response.status_code == 400 and response.json()["error"] == "bad_cursor"


def test_the_source_list_costs_the_same_for_3_or_30_sources(
    bob, erin, claim, django_assert_num_queries
):
    client, headers = api_client(), bearer(token_of(erin))
    url = f"/api/v1/claims/{claim.pk}/sources"
    client.get(url, headers=headers)  # the token's first use writes last_used_at
    made = 0
    for count in (3, 30):
        for n in range(made, count):
            source = add_source(claim=claim, added_by=bob, url=f"https://example.org/{n}")
            if n % 3 == 0:  # hidden ones show to the editor, with who hid them
                hide_item(item=source, editor=erin, reason="Duplicate")
        made = count
        # token + user, roles, the claim (with its article), the page of sources (with who
        # added and who hid each)
        with django_assert_num_queries(4):
            response = client.get(url, headers=headers)
        assert len(response.json()["items"]) == count
