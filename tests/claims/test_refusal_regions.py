"""A refused panel form answers htmx with that form's own region (views.refused): the
region alone, retargeted onto itself, with the user's input and the reason, so the rest of
the panel (and what was typed in its other forms) stays. A plain post gets the page."""

import pytest
from django.urls import reverse

from factcheck.claims import services
from factcheck.claims.models import Claim, Comment, Source
from factcheck.editorial import services as decisions
from factcheck.history.models import Event
from tests.factories import make_claim, rating

from .conftest import HX

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(article, alice):
    return make_claim(article, "62 cases", created_by=alice)


def assert_region(response, status: int, target: str, *, kept: str, says: str) -> None:
    assert response.status_code == status
    assert response["HX-Retarget"] == target and response["HX-Reswap"] == "outerHTML"
    assert f'id="{target[1:]}"' in response.text  # the region itself, to replace itself
    assert kept in response.text and says in response.text
    assert "<html" not in response.text and 'class="claim-panel"' not in response.text


def test_a_refused_source_answers_into_the_add_source_form(alice_client, claim):
    url = reverse("claims:add-source", args=[claim.pk])
    data = {"url": "javascript:alert(1)", "title": "My unsaved title", "stance": "supports"}
    response = alice_client.post(url, data, headers=HX)
    assert_region(
        response, 400, f"#source-add-{claim.pk}", kept="My unsaved title", says="“javascript:”"
    )
    assert "<details" in response.text and " open>" in response.text  # the form stays open
    assert 'value="javascript:alert(1)"' in response.text  # escaped into the input, kept
    assert not Source.objects.exists() and not Event.objects.filter(action="source.added")
    # Without htmx: the whole claim page, same refusal.
    page = alice_client.post(url, data)
    assert page.status_code == 400 and "<html" in page.text and "My unsaved title" in page.text


def test_a_refused_claim_edit_answers_into_its_form(alice_client, claim):
    url = reverse("claims:edit", args=[claim.pk])
    data = {"summary": "x" * 301, "claimant": "The unsaved claimant", "version": 1}
    response = alice_client.post(url, data, headers=HX)
    assert_region(
        response, 400, f"#claim-edit-{claim.pk}", kept="The unsaved claimant", says="at most"
    )
    assert Claim.objects.get(pk=claim.pk).version == 1


def test_a_stale_claim_edit_answers_into_its_form_with_both_texts(alice_client, claim, bob):
    services.update_claim(
        claim=claim, editor=bob, expected_version=1, summary="Bob's stored summary"
    )
    url = reverse("claims:edit", args=[claim.pk])
    data = {"summary": "Alice's unsaved summary", "version": 1}
    response = alice_client.post(url, data, headers=HX)
    assert_region(
        response,
        409,
        f"#claim-edit-{claim.pk}",
        kept="Alice&#x27;s unsaved summary",
        says="Bob&#x27;s stored summary",
    )


def test_a_refused_source_edit_answers_into_that_source(alice_client, claim, alice):
    source = services.add_source(claim=claim, added_by=alice, url="https://example.org/a")
    prefix = f"source-{source.pk}-"
    data = {prefix + "url": "data:text/html,x", prefix + "title": "Unsaved", prefix + "version": 1}
    response = alice_client.post(reverse("claims:edit-source", args=[source.pk]), data, headers=HX)
    assert_region(response, 400, f"#source-{source.pk}", kept="Unsaved", says="“data:”")
    assert Source.objects.get(pk=source.pk).url == "https://example.org/a"


def test_a_refused_comment_answers_into_the_comment_form(alice_client, claim):
    url = reverse("claims:add-comment", args=[claim.pk])
    response = alice_client.post(url, {"body": "x" * 10_001}, headers=HX)
    assert_region(response, 400, f"#comment-add-{claim.pk}", kept="x" * 100, says="at most")
    assert not Comment.objects.exists()


def test_a_stale_comment_edit_answers_into_that_comment(alice_client, claim, alice):
    comment = services.add_comment(claim=claim, author=alice, body="First words")
    services.edit_comment(comment=comment, author=alice, expected_version=1, body="Other tab")
    prefix = f"comment-{comment.pk}-"
    data = {prefix + "body": "My unsaved words", prefix + "version": 1}
    url = reverse("claims:edit-comment", args=[comment.pk])
    response = alice_client.post(url, data, headers=HX)
    assert_region(
        response, 409, f"#comment-{comment.pk}", kept="My unsaved words", says="Other tab"
    )


def test_a_refused_review_answers_into_the_review_region(alice_client, claim):
    url = reverse("claims:review", args=[claim.pk])
    data = {"rationale": "My unsaved rationale", "confidence": "low"}  # no rating
    response = alice_client.post(url, data, headers=HX)
    assert response.status_code == 400
    assert f'id="review-panel-{claim.pk}"' in response.text  # the form's hx-target
    assert "My unsaved rationale" in response.text and "<html" not in response.text


@pytest.mark.parametrize(
    ("url_name", "data", "says"),
    [
        ("decisions:decide", {"verdict-public_summary": "My unsaved summary"}, "required"),
        ("decisions:dismiss", {"dismiss-reason": ""}, "required"),
    ],
)
def test_a_refused_decision_answers_into_the_verdict_section(
    erin_client, claim, url_name, data, says
):
    prefix = url_name.split(":")[1].replace("decide", "verdict")
    response = erin_client.post(
        reverse(url_name, args=[claim.pk]), data | {f"{prefix}-version": 1}, headers=HX
    )
    kept = data.get("verdict-public_summary", "Dismiss: not checkable")
    assert_region(response, 400, f"#verdict-{claim.pk}", kept=kept, says=says)
    assert Claim.objects.get(pk=claim.pk).status == "open"


def test_refused_corrections_and_reopenings_answer_into_the_verdict_section(
    erin_client, claim, erin
):
    decisions.decide_verdict(
        claim=claim,
        editor=erin,
        expected_version=1,
        rating=rating("true"),
        public_summary="Right.",
        rationale="Ok.",
    )
    version = Claim.objects.get(pk=claim.pk).version
    stale = {
        "correct-version": version - 1,
        "correct-rating": rating("false").pk,
        "correct-public_summary": "Wrong after all.",
        "correct-rationale": "The table says otherwise.",
        "correct-note": "My unsaved note",
    }
    correct = reverse("decisions:correct", args=[claim.pk])
    response = erin_client.post(correct, stale, headers=HX)
    # A correction sent on the version before the verdict: stale, both shown.
    assert_region(
        response, 409, f"#verdict-{claim.pk}", kept="My unsaved note", says="changed since you"
    )
    reopen = reverse("decisions:reopen", args=[claim.pk])
    response = erin_client.post(
        reopen, {"reopen-version": version, "reopen-reason": ""}, headers=HX
    )
    assert_region(response, 400, f"#verdict-{claim.pk}", kept="Reopen", says="required")
    assert Claim.objects.get(pk=claim.pk).status == "verified"
