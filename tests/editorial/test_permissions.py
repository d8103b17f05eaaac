"""Only editors and admins decide: reviewers, outsiders and anonymous visitors are refused
on every decision URL, with and without HX-Request, and nothing changes."""

import pytest
from django.urls import reverse

from factcheck.articles.models import Article
from factcheck.claims.models import Claim, Verdict
from factcheck.editorial import services as decisions
from factcheck.history.models import Event
from tests.factories import rating

from .conftest import fresh, verdict_post

pytestmark = pytest.mark.django_db


def decision_requests(claim, source):
    """(url, data) for every decision URL, each a valid request for an editor."""
    reason = {"version": claim.version, "reason": "Because."}
    return [
        (reverse("decisions:decide", args=[claim.pk]), verdict_post(claim, sources=[source])),
        (
            reverse("decisions:correct", args=[claim.pk]),
            verdict_post(claim, prefix="correct", note="A note."),
        ),
        (
            reverse("decisions:dismiss", args=[claim.pk]),
            {f"dismiss-{key}": value for key, value in reason.items()},
        ),
        (
            reverse("decisions:reopen", args=[claim.pk]),
            {f"reopen-{key}": value for key, value in reason.items()},
        ),
        (reverse("decisions:blind-review", args=[claim.article_id]), {"blind_review": "off"}),
    ]


def snapshot(claim):
    stored = fresh(claim)
    return (
        stored.status,
        stored.version,
        stored.verdict_id,
        stored.dismissed_reason,
        Verdict.objects.count(),
        Event.objects.count(),
        Article.objects.get(pk=claim.article_id).blind_review,
    )


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["page", "htmx"])
@pytest.mark.parametrize("who", ["alice", "bob", "olga", "anonymous"])
def test_non_editors_cannot_decide_anything(request, client, contested, who, headers):
    visitor = client if who == "anonymous" else request.getfixturevalue(f"{who}_client")
    source = contested.sources.get()
    before = snapshot(contested)
    for target, data in decision_requests(contested, source):
        response = visitor.post(target, data, headers=headers)
        if who == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403, (who, target)
    queue = visitor.get(reverse("decisions:queue"), headers=headers)
    assert queue.status_code == (302 if who == "anonymous" else 403)
    assert snapshot(contested) == before


def test_non_editors_cannot_correct_or_reopen_a_verified_claim(alice_client, contested, erin):
    decisions.decide_verdict(
        claim=contested,
        editor=erin,
        rating=rating("true"),
        public_summary="Right.",
        rationale="Checked.",
    )
    claim = fresh(contested)
    before = snapshot(claim)
    for target, data in decision_requests(claim, claim.sources.get())[1:4]:
        assert alice_client.post(target, data).status_code == 403
    assert snapshot(claim) == before


def test_editors_and_admins_decide(erin_client, admin_client_, contested, article):
    response = admin_client_.post(
        reverse("decisions:decide", args=[contested.pk]), verdict_post(contested)
    )
    assert response.status_code == 302 and fresh(contested).status == "verified"
    assert fresh(contested).verdict.decided_by.username == "admin"
    assert erin_client.get(reverse("decisions:queue")).status_code == 200


def test_unknown_or_deleted_claims_are_404_for_editors(erin_client, contested):
    missing = reverse("decisions:decide", args=[contested.pk + 1000])
    assert erin_client.post(missing, verdict_post(contested)).status_code == 404
    Claim.objects.filter(pk=contested.pk).update(deleted_at=contested.created_at)
    gone = reverse("decisions:decide", args=[contested.pk])
    assert erin_client.post(gone, verdict_post(contested)).status_code == 404
    assert not Verdict.objects.exists()


def test_a_get_on_a_decision_url_is_refused(erin_client, contested):
    assert erin_client.get(reverse("decisions:decide", args=[contested.pk])).status_code == 405
