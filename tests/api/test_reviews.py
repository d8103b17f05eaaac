"""Reviews through the API: one's own review created and updated under its version, with
the review form's checks; the lists and reads show exactly what the claim panel shows
(blind review, hidden reviews); a locked claim refuses reviewers."""

import json

import pytest
from django.urls import reverse

from factcheck.claims.models import Claim, Review
from factcheck.editorial.services import set_blind_review
from factcheck.history.models import Event
from factcheck.moderation.services import hide_item, lock_claim
from factcheck.notifications.models import Kind, Notification
from tests.conftest import make_user
from tests.factories import make_claim, make_review, rating

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


def put_mine(user, claim, body, **headers):
    return send("PUT", user, f"/api/v1/claims/{claim.pk}/reviews/mine", body, **headers)


def get(user, path):
    return send("GET", user, path)


def listed(user, claim):
    response = get(user, f"/api/v1/claims/{claim.pk}/reviews")
    assert response.status_code == 200, response.json()
    return response.json()


def review_ids(body) -> list[int]:
    return [item["id"] for item in body["items"]]


def panel_review_ids(client, claim) -> list[int]:
    page = client.get(reverse("claims:detail", args=[claim.pk]))
    return [review.pk for review in page.context["reviews"]]


@pytest.fixture
def claim(article, alice):
    return make_claim(article, "62 cases", created_by=alice)


# --- create and update ----------------------------------------------------------------------


def test_a_put_creates_the_review_then_updates_it_from_its_version(alice, claim):
    response = put_mine(alice, claim, {"rating": "mostly-true", "rationale": "Page 12."})
    assert response.status_code == 201, response.json()
    body = response.json()
    review = Review.objects.get(claim=claim, reviewer=alice)
    assert (body["id"], body["version"], body["rating"]["slug"]) == (review.pk, 1, "mostly-true")
    assert body["reviewer"] == {"id": alice.pk, "username": "alice"}
    assert body["confidence"] == "medium" and body["hidden"] is None
    assert body["created_at"].endswith("Z")
    response = put_mine(
        alice,
        claim,
        {"rating": rating("false").pk, "rationale": "Page 13.", "confidence": "high"},
        **{"If-Match": '"1"'},
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["version"], response.json()["rating"]["slug"]) == (2, "false")
    review.refresh_from_db()
    assert (review.rating.slug, review.rationale, review.confidence, review.version) == (
        "false",
        "Page 13.",
        "high",
        2,
    )
    actions = list(Event.objects.filter(claim=claim).values_list("action", flat=True))
    assert actions[-2:] == ["review.created", "review.updated"]
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW  # the status rule ran, as on the page
    response = get(alice, f"/api/v1/claims/{claim.pk}/reviews/mine")
    assert response.status_code == 200 and response.json()["rationale"] == "Page 13."


def test_updating_without_a_version_is_428_and_changes_nothing(alice, claim):
    review = make_review(claim, alice, "true", rationale="Mine.")
    events = history()
    response = put_mine(alice, claim, {"rating": "false"})
    assert response.status_code == 428 and response.json()["error"] == "precondition_required"
    review.refresh_from_db()
    assert (review.rating.slug, review.version, history()) == ("true", 1, events)


def test_a_stale_version_is_409_with_the_stored_review(alice, claim):
    assert put_mine(alice, claim, {"rating": "true", "rationale": "First."}).status_code == 201
    # Another tab of alice's saved meanwhile.
    assert put_mine(alice, claim, {"rating": "false", "version": 1}).status_code == 200
    events = history()
    response = put_mine(alice, claim, {"rating": "half-true"}, **{"If-Match": '"1"'})
    assert response.status_code == 409
    body = response.json()
    assert body["error"] == "stale_version" and body["message"]
    stored = body["stored"]
    assert (stored["version"], stored["rating"]["slug"], stored["rationale"]) == (2, "false", "")
    assert stored["reviewer"]["username"] == "alice"
    assert Review.objects.get(claim=claim, reviewer=alice).rating.slug == "false"
    assert history() == events


def test_whose_review_is_decided_by_the_token_never_by_the_body(alice, bob, claim):
    make_review(claim, bob, "true", rationale="Bob's.")
    response = put_mine(alice, claim, {"rating": "false", "reviewer": bob.pk, "version": 1})
    assert response.status_code == 201  # a new review of alice's, not an edit of bob's
    assert Review.objects.get(claim=claim, reviewer=bob).rationale == "Bob's."
    assert Review.objects.get(claim=claim, reviewer=alice).rating.slug == "false"


@pytest.mark.parametrize(
    "fields",
    [
        {"rating": "no-such-rating"},
        {"rating": 999_999},
        {"rating": "true", "confidence": "certain"},
        {"rating": "true", "rationale": "x" * 10_001},
        {"rating": "true", "version": 0},
    ],
)
def test_the_api_refuses_what_the_review_form_refuses(alice, alice_client, claim, fields):
    """The same input through the panel's review form and through the API: both 400, and
    neither stores a review or an event."""
    form_data = {"rationale": "", "confidence": "medium", "version": ""} | fields
    if form_data["rating"] == "true":  # the form takes the rating's id
        form_data["rating"] = rating("true").pk
    events = history()
    page = alice_client.post(reverse("claims:review", args=[claim.pk]), form_data)
    response = put_mine(alice, claim, fields)
    assert (page.status_code, response.status_code) == (400, 400), response.json()
    assert response.json()["error"] == "invalid" and response.json()["message"]
    assert not Review.objects.exists() and history() == events


# --- what each user sees ---------------------------------------------------------------------


def test_blind_review_hides_others_reviews_through_the_api_as_in_the_panel(
    alice, bob, erin, bob_client, erin_client, claim
):
    theirs = make_review(claim, alice, "false", rationale="Alice's reasons.")
    body = listed(bob, claim)
    assert (review_ids(body), body["withheld"]) == ([], 1)
    assert review_ids(body) == panel_review_ids(bob_client, claim)
    assert get(bob, f"/api/v1/reviews/{theirs.pk}").status_code == 404
    assert "Alice's reasons" not in json.dumps(body)
    # Editors always see every review.
    body = listed(erin, claim)
    assert (review_ids(body), body["withheld"]) == ([theirs.pk], 0)
    assert review_ids(body) == panel_review_ids(erin_client, claim)
    assert get(erin, f"/api/v1/reviews/{theirs.pk}").status_code == 200
    # Once bob has reviewed, he sees alice's review too.
    assert put_mine(bob, claim, {"rating": "true"}).status_code == 201
    body = listed(bob, claim)
    mine = Review.objects.get(reviewer=bob).pk
    assert (review_ids(body), body["withheld"]) == ([theirs.pk, mine], 0)
    assert review_ids(body) == panel_review_ids(bob_client, claim)
    response = get(bob, f"/api/v1/reviews/{theirs.pk}")
    assert response.status_code == 200 and response.json()["rationale"] == "Alice's reasons."


def test_with_blind_review_off_reviewers_see_every_review_at_once(
    alice, bob, erin, bob_client, article, claim
):
    theirs = make_review(claim, alice, "false")
    set_blind_review(article=article, editor=erin, blind_review=False)
    body = listed(bob, claim)
    assert (review_ids(body), body["withheld"]) == ([theirs.pk], 0)
    assert review_ids(body) == panel_review_ids(bob_client, claim)
    assert get(bob, f"/api/v1/reviews/{theirs.pk}").status_code == 200


def test_a_hidden_review_shows_to_editors_with_who_hid_it_and_to_its_author_without(
    alice, bob, erin, alice_client, bob_client, claim
):
    hidden = make_review(claim, alice, "false", rationale="Off topic.")
    make_review(claim, bob, "true")
    hide_item(item=hidden, editor=erin, reason="Personal remarks")
    body = listed(bob, claim)
    assert hidden.pk not in review_ids(body)
    assert review_ids(body) == panel_review_ids(bob_client, claim)
    assert get(bob, f"/api/v1/reviews/{hidden.pk}").status_code == 404
    mine = get(alice, f"/api/v1/reviews/{hidden.pk}").json()
    assert mine["hidden"]["reason"] == "Personal remarks" and mine["hidden"]["by"] is None
    assert review_ids(listed(alice, claim)) == panel_review_ids(alice_client, claim)
    seen = get(erin, f"/api/v1/reviews/{hidden.pk}").json()
    assert seen["hidden"]["by"] == {"id": erin.pk, "username": "erin"}
    assert hidden.pk in review_ids(listed(erin, claim))


def test_a_hidden_review_cannot_be_changed_by_its_author(alice, erin, claim):
    hidden = make_review(claim, alice, "false", rationale="Off topic.")
    hide_item(item=hidden, editor=erin, reason="Personal remarks")
    events = history()
    response = put_mine(alice, claim, {"rating": "true", "version": 1})
    assert response.status_code == 403 and "hidden" in response.json()["message"]
    hidden.refresh_from_db()
    assert (hidden.rating.slug, hidden.version, history()) == ("false", 1, events)


def test_my_review_is_404_until_i_have_one(alice, bob, claim):
    make_review(claim, bob, "true")
    response = get(alice, f"/api/v1/claims/{claim.pk}/reviews/mine")
    assert response.status_code == 404 and response.json()["error"] == "not_found"


# --- locks, mentions --------------------------------------------------------------------------


def test_a_locked_claim_refuses_a_reviewers_review_but_not_an_editors(alice, erin, claim):
    lock_claim(claim=claim, editor=erin)
    events = history()
    response = put_mine(alice, claim, {"rating": "true"})
    assert response.status_code == 403 and response.json()["error"] == "claim_locked"
    assert not Review.objects.exists() and history() == events
    assert put_mine(erin, claim, {"rating": "true"}).status_code == 201


def test_a_mention_in_a_rationale_tells_the_editor_as_the_page_does(alice, erin, claim):
    response = put_mine(alice, claim, {"rating": "true", "rationale": "@erin see page 12"})
    assert response.status_code == 201 and response.json()["mentions"] == ["erin"]
    notification = Notification.objects.get(recipient=erin, kind=Kind.MENTION)
    assert (notification.item, notification.item_id) == ("review", response.json()["id"])


# --- query counts ------------------------------------------------------------------------------


def test_the_review_list_costs_the_same_for_3_or_30_reviewers(
    erin, article, django_assert_num_queries
):
    claim = make_claim(article, "185 assemblies", created_by=erin)
    client, headers = api_client(), bearer(token_for(erin))
    url = f"/api/v1/claims/{claim.pk}/reviews"
    client.get(url, headers=headers)  # the token's first use writes last_used_at
    made = 0
    for count in (3, 30):
        for n in range(made, count):
            make_review(claim, make_user(f"reviewer{n}", role="reviewer"), "true")
        made = count
        # token + user, roles, the claim (with its article), its reviews (with rating,
        # reviewer and who hid them)
        with django_assert_num_queries(4):
            response = client.get(url, headers=headers)
        assert len(response.json()["items"]) == count


# --- the schema ---------------------------------------------------------------------------------


def test_the_schema_documents_the_versioned_writes_of_reviews_sources_and_comments(db):
    schema = api_client().get("/api/v1/openapi.json").json()
    paths, components = schema["paths"], schema["components"]["schemas"]
    for path, method, stale in (
        ("/api/v1/claims/{claim_id}/reviews/mine", "put", "StaleReviewOut"),
        ("/api/v1/sources/{source_id}", "patch", "StaleSourceOut"),
        ("/api/v1/comments/{comment_id}", "patch", "StaleCommentOut"),
    ):
        write = paths[path][method]
        assert {"400", "401", "403", "404", "409", "428"} <= set(write["responses"])
        assert "If-Match" in {param["name"] for param in write["parameters"]}
        assert stale in str(write["responses"]["409"])
        assert "stored" in components[stale]["properties"]
    assert {"200", "201"} <= set(
        paths["/api/v1/claims/{claim_id}/reviews/mine"]["put"]["responses"]
    )
    assert "withheld" in components["ReviewList"]["properties"]
    assert "javascript:" in components["SourceIn"]["properties"]["url"]["description"]
