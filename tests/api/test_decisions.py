"""The editor's decisions through the API: the same form checks, services and history
events as the claim panel's decision forms; stale decisions answer 409 with the stored
claim and verdict; publishing refuses what could not give a valid ClaimReview."""

import json

import pytest
from django.test import override_settings
from django.urls import reverse

from factcheck.claims.models import Claim, Rating, Verdict
from factcheck.claims.services import add_source
from factcheck.editorial import services as decisions
from factcheck.exports.services import publish_claim
from factcheck.history.models import Event
from tests.factories import make_claim, make_review, rating

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


def verdict_url(claim, tail=""):
    return f"/api/v1/claims/{claim.pk}/verdict{tail}"


def verdict_body(claim, **overrides):
    return {
        "rating": "false",
        "public_summary": "Wrong: the report counts 60.",
        "rationale": "Table 3 of the report.",
        "sources": [],
        "version": Claim.objects.get(pk=claim.pk).version,
    } | overrides


@pytest.fixture
def contested(article, alice, bob):
    claim = make_claim(article, "62 cases", created_by=alice)
    make_review(claim, alice, "true", rationale="The report has it.")
    make_review(claim, bob, "false", rationale="The report says 60.")
    return Claim.objects.get(pk=claim.pk)


@pytest.fixture
def verified(contested, erin):
    decisions.decide_verdict(
        claim=contested,
        editor=erin,
        rating=rating("true"),
        public_summary="Right: 62 cases.",
        rationale="Section 2.",
    )
    return Claim.objects.get(pk=contested.pk)


def event_of(claim, action):
    return Event.objects.get(claim=claim, action=action)


# --- deciding -----------------------------------------------------------------------------


def test_an_editor_decides_through_the_api_as_on_the_page(
    article, alice, bob, erin, erin_client, contested
):
    source = add_source(
        claim=contested, added_by=alice, url="https://example.org/report", title="Report"
    )
    body = verdict_body(contested, sources=[source.pk])
    response = send("POST", token_for(erin), verdict_url(contested), body)
    assert response.status_code == 201, response.json()
    answer = response.json()
    assert (answer["claim"], answer["status"]) == (contested.pk, "verified")
    assert answer["version"] == contested.version + 1
    assert answer["verdict"]["rating"] == "false" and answer["verdict"]["sources"] == [source.pk]
    assert answer["verdict"]["decided_by"] == {"id": erin.pk, "username": "erin"}
    assert answer["history"] == [answer["verdict"]]
    # The page's verdict form, on a claim like it, records the same event.
    twin = make_claim(article, "62 cases", created_by=alice, occurrence=1)
    make_review(twin, alice, "true")
    make_review(twin, bob, "false")
    twin_source = add_source(
        claim=twin, added_by=alice, url="https://example.org/report", title="Report"
    )
    form = {f"verdict-{key}": value for key, value in verdict_body(twin).items()}
    form |= {"verdict-rating": rating("false").pk, "verdict-sources": [twin_source.pk]}
    assert erin_client.post(reverse("decisions:decide", args=[twin.pk]), form).status_code == 302
    by_api, by_page = event_of(contested, "claim.verified"), event_of(twin, "claim.verified")
    assert by_api.actor == by_page.actor == erin
    assert by_api.before == by_page.before == {"status": "contested"}
    assert by_api.after | {"sources": []} == by_page.after | {"sources": []}
    assert Claim.objects.get(pk=contested.pk).verdict.public_summary == body["public_summary"]


def test_a_reviewer_gets_403_and_nothing_changes(bob, contested):
    raw = token_for(bob)
    events = Event.objects.count()
    response = send("POST", raw, verdict_url(contested), verdict_body(contested))
    assert response.status_code == 403 and response.json()["error"] == "forbidden"
    stored = Claim.objects.get(pk=contested.pk)
    assert (stored.status, stored.verdict_id, stored.version) == (
        "contested",
        None,
        contested.version,
    )
    assert Event.objects.count() == events and not Verdict.objects.exists()


def test_a_stale_decision_is_409_with_the_stored_claim(alice, erin, contested):
    read_version = contested.version
    patched = send(
        "PATCH",
        token_for(alice),
        f"/api/v1/claims/{contested.pk}",
        {"summary": "Alice's summary", "version": read_version},
    )
    assert patched.status_code == 200
    raw = token_for(erin)
    events = Event.objects.count()
    response = send(
        "POST",
        raw,
        verdict_url(contested),
        verdict_body(contested, version=None),
        **{"If-Match": f'"{read_version}"'},
    )
    assert response.status_code == 409
    body = response.json()
    assert body["error"] == "stale_version"
    assert body["stored"]["summary"] == "Alice's summary"
    assert body["stored"]["version"] == read_version + 1 and body["stored_verdict"] is None
    assert Event.objects.count() == events and not Verdict.objects.exists()


def test_a_decision_on_a_claim_decided_meanwhile_shows_the_stored_verdict(erin, contested):
    read = verdict_body(contested)
    first, second = token_for(erin), token_for(erin, name="second script")
    assert send("POST", first, verdict_url(contested), read).status_code == 201
    events = Event.objects.count()
    response = send("POST", second, verdict_url(contested), read | {"rating": "true"})
    assert response.status_code == 409
    body = response.json()
    assert body["error"] == "stale_version" and body["stored"]["status"] == "verified"
    assert body["stored_verdict"]["rating"] == "false"
    assert Event.objects.count() == events and Verdict.objects.count() == 1


def test_deciding_a_verified_claim_is_refused_with_409(erin, verified):
    response = send("POST", token_for(erin), verdict_url(verified), verdict_body(verified))
    assert response.status_code == 409 and response.json()["error"] == "decision_refused"
    assert "correct" in response.json()["message"]
    assert Verdict.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"rating": "no-such-rating"}, "rating"),
        ({"public_summary": "x" * 501}, "public_summary"),
        ({"rationale": ""}, "rationale"),
    ],
)
def test_the_verdict_forms_rules_answer_400(erin, contested, overrides, field):
    body = verdict_body(contested, **overrides)
    response = send("POST", token_for(erin), verdict_url(contested), body)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid" and field in response.json()["detail"]
    assert not Verdict.objects.exists()


def test_another_claims_source_cannot_count(article, alice, erin, contested):
    other = make_claim(article, "185 assemblies", created_by=alice)
    elsewhere = add_source(claim=other, added_by=alice, url="https://example.org/x", title="X")
    body = verdict_body(contested, sources=[elsewhere.pk])
    response = send("POST", token_for(erin), verdict_url(contested), body)
    assert response.status_code == 400 and "sources" in response.json()["detail"]
    assert not Verdict.objects.exists()


def test_a_decision_needs_the_version(erin, contested):
    body = verdict_body(contested, version=None)
    response = send("POST", token_for(erin), verdict_url(contested), body)
    assert response.status_code == 428 and response.json()["error"] == "precondition_required"


# --- correcting, confirming, reading --------------------------------------------------------


def test_a_correction_needs_a_note_and_keeps_the_old_verdict(erin, verified):
    raw = token_for(erin)
    response = send("PUT", raw, verdict_url(verified), verdict_body(verified, note="  "))
    assert response.status_code == 400 and "note" in response.json()["detail"]
    first = verified.verdict
    body = verdict_body(verified, note="Table 3 was misread.")
    response = send("PUT", raw, verdict_url(verified), body)
    assert response.status_code == 200, response.json()
    answer = response.json()
    assert answer["verdict"]["replaces"] == first.pk
    assert answer["verdict"]["correction_note"] == "Table 3 was misread."
    assert [verdict["id"] for verdict in answer["history"]] == [first.pk, answer["verdict"]["id"]]
    event = event_of(verified, "claim.verdict_corrected")
    assert event.before["rating"] == "true" and event.after["rating"] == "false"


def test_a_verdict_in_doubt_is_confirmed(erin, verified):
    Claim.objects.filter(pk=verified.pk).update(status=Claim.Status.NEEDS_RECHECK)
    body = {"version": verified.version}
    response = send("POST", token_for(erin), verdict_url(verified, "/confirmation"), body)
    assert response.status_code == 200, response.json()
    answer = response.json()
    assert answer["status"] == "verified" and answer["verdict"]["rating"] == "true"
    assert answer["verdict"]["replaces"] == verified.verdict_id
    assert "the verdict stands" in answer["verdict"]["correction_note"]
    assert event_of(verified, "claim.verdict_confirmed").actor == erin


def test_confirming_a_verdict_not_in_doubt_is_409(erin, verified):
    body = {"version": verified.version}
    response = send("POST", token_for(erin), verdict_url(verified, "/confirmation"), body)
    assert response.status_code == 409 and response.json()["error"] == "decision_refused"


def test_a_reviewer_reads_the_verdict_and_its_history(
    bob, bob_client, erin, verified, django_assert_num_queries
):
    response = send("GET", token_for(bob), verdict_url(verified))
    assert response.status_code == 200
    answer = response.json()
    assert answer["verdict"]["rating"] == "true" and answer["verdict"]["decided_at"]
    assert answer["verdict"]["decided_by"]["username"] == "erin"
    # The read costs the same however many verdicts the claim had: session, user, roles,
    # claim (guard), claim (state), verdicts, their sources.
    with django_assert_num_queries(7):
        assert bob_client.get(verdict_url(verified)).status_code == 200
    for number in range(3):
        claim = Claim.objects.get(pk=verified.pk)
        decisions.correct_verdict(
            claim=claim,
            editor=erin,
            rating=rating("false"),
            public_summary=f"Correction {number}.",
            rationale=".",
            sources=(),
            note=f"Note {number}.",
        )
    with django_assert_num_queries(7):
        answer = bob_client.get(verdict_url(verified)).json()
    assert len(answer["history"]) == 4 and answer["verdict"]["public_summary"] == "Correction 2."


# --- reopening, dismissing, blind review ------------------------------------------------------


def test_dismiss_then_reopen(erin, contested):
    raw = token_for(erin)
    url = f"/api/v1/claims/{contested.pk}/dismissal"
    response = send("POST", raw, url, {"reason": "An opinion.", "version": contested.version})
    assert response.status_code == 200 and response.json()["status"] == "dismissed"
    assert event_of(contested, "claim.dismissed").after["reason"] == "An opinion."
    response = send("POST", raw, url, {"reason": "Again.", "version": contested.version + 1})
    assert response.status_code == 409 and response.json()["error"] == "decision_refused"
    url = f"/api/v1/claims/{contested.pk}/reopening"
    response = send("POST", raw, url, {"reason": "", "version": contested.version + 1})
    assert response.status_code == 400 and "reason" in response.json()["detail"]
    response = send(
        "POST", raw, url, {"reason": "It is checkable.", "version": contested.version + 1}
    )
    assert response.status_code == 200 and response.json()["status"] == "contested"
    assert response.json()["version"] == contested.version + 2


def test_blind_review_is_switched_and_a_repeat_records_nothing(article, erin):
    raw, url = token_for(erin), f"/api/v1/articles/{article.pk}/blind-review"
    response = send("PUT", raw, url, {"blind_review": False})
    assert response.json() == {"article": article.pk, "blind_review": False}
    assert Event.objects.filter(action="article.blind_review_changed").count() == 1
    response = send("PUT", raw, url, {"blind_review": False})
    assert response.status_code == 200 and response.json()["blind_review"] is False
    assert Event.objects.filter(action="article.blind_review_changed").count() == 1
    response = send("PUT", raw, url, {"blind_review": "maybe"})
    assert response.status_code == 400


# --- publishing -----------------------------------------------------------------------------


def test_publish_then_unpublish(erin, verified):
    raw, url = token_for(erin), f"/api/v1/claims/{verified.pk}/publication"
    response = send("POST", raw, url)
    assert response.status_code == 201, response.json()
    assert response.json()["url"].endswith(f"/fact-checks/{verified.pk}/")
    assert response.json()["published_by"] == erin.pk
    assert send("POST", raw, url).status_code == 200
    assert Event.objects.filter(action="claim.published").count() == 1
    assert send("DELETE", raw, url).status_code == 204
    assert Claim.objects.get(pk=verified.pk).published_at is None
    assert event_of(verified, "claim.unpublished").actor == erin


def test_publishing_refuses_an_invalid_claimreview_naming_the_field(erin, verified):
    with override_settings(FACTCHECK_ORGANISATION_NAME="  "):
        response = send("POST", token_for(erin), f"/api/v1/claims/{verified.pk}/publication")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "claimreview_invalid"
    assert body["message"].startswith("Not published: the page's ClaimReview would be invalid")
    [problem] = body["problems"]
    assert "the ClaimReview's author" in problem and "FACTCHECK_ORGANISATION_NAME" in problem
    assert body["fields"] == ["author"]
    assert Claim.objects.get(pk=verified.pk).published_at is None
    assert not Event.objects.filter(action="claim.published").exists()


def test_every_publishing_problem_names_its_field(erin, verified):
    Rating.objects.filter(pk=verified.verdict.rating_id).update(label="")
    with override_settings(FACTCHECK_PUBLIC_BASE_URL="/relative"):
        response = send("POST", token_for(erin), f"/api/v1/claims/{verified.pk}/publication")
    assert response.status_code == 400
    assert response.json()["fields"] == ["url"]
    with override_settings(FACTCHECK_ORGANISATION_NAME=""):
        response = send("POST", token_for(erin), f"/api/v1/claims/{verified.pk}/publication")
    assert response.json()["fields"] == ["reviewRating.alternateName", "author"]


def test_publishing_an_undecided_claim_is_409(erin, contested):
    response = send("POST", token_for(erin), f"/api/v1/claims/{contested.pk}/publication")
    assert response.status_code == 409 and response.json()["error"] == "not_publishable"


def test_a_reopened_claim_can_be_unpublished(erin, verified):
    publish_claim(claim=verified, editor=erin)
    decisions.reopen_claim(claim=verified, editor=erin, reason="Recheck.")
    url = f"/api/v1/claims/{verified.pk}/publication"
    assert send("DELETE", token_for(erin), url).status_code == 204
    assert Claim.objects.get(pk=verified.pk).published_at is None


def test_the_openapi_document_describes_the_decisions(db):
    schema = api_client().get("/api/v1/openapi.json").json()
    verdict = schema["paths"]["/api/v1/claims/{claim_id}/verdict"]
    for method, done in (("post", "201"), ("put", "200")):
        assert {done, "400", "401", "403", "404", "409", "428"} <= set(verdict[method]["responses"])
        assert "If-Match" in {param["name"] for param in verdict[method]["parameters"]}
    stale = verdict["post"]["responses"]["409"]["content"]["application/json"]["schema"]
    assert stale["$ref"].endswith("/DecisionStaleOut")
    publish = schema["paths"]["/api/v1/claims/{claim_id}/publication"]["post"]["responses"]
    refused = publish["400"]["content"]["application/json"]["schema"]
    assert refused["$ref"].endswith("/PublishRefusedOut")
    assert {"200", "201", "409"} <= set(publish)
