"""Concurrent writers, each on its own database connection (DESIGN.md "Concurrency").

N threads save from the same version at once: exactly one wins, N-1 get StaleVersion
(409 over HTTP), and the history holds exactly the accepted change. Runs on SQLite (a file
database, see tests/conftest.py; WAL + IMMEDIATE + timeout) and on PostgreSQL:
DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck .venv/bin/pytest tests/claims
"""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from factcheck.claims import services
from factcheck.claims.locking import StaleVersion
from factcheck.claims.models import Claim, Review
from factcheck.history.models import Event
from tests.conftest import make_user
from tests.factories import make_article, make_claim, make_review, rating

N = 8
# The seeded rating scale is data from a migration; transactional tests flush it, so ask
# pytest-django to restore it for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_together(work: Callable[[int], Any]) -> tuple[list[Any], list[BaseException]]:
    """Run work(0..N-1) in N threads released at once; (results, errors)."""
    barrier = threading.Barrier(N)
    results: list[Any] = [None] * N
    errors: list[BaseException] = []

    def thread(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = work(index)
        except BaseException as error:  # collected and asserted on below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=thread, args=(index,)) for index in range(N)]
    for each in threads:
        each.start()
    for each in threads:
        each.join(timeout=60)
    return results, errors


@pytest.fixture
def claim(alice, erin):
    article = make_article("The ministry said 62 cases were recorded.", created_by=erin)
    return make_claim(article, "62 cases", created_by=alice)


def test_concurrent_claim_edits_from_one_version_one_wins(claim, alice, bob):
    editors = [alice, bob]

    def edit(index: int) -> str:
        fresh = Claim.objects.get(pk=claim.pk)
        try:
            services.update_claim(
                claim=fresh,
                editor=editors[index % 2],
                expected_version=1,
                summary=f"summary from writer {index}",
            )
        except StaleVersion:
            return "stale"
        return "saved"

    results, errors = run_together(edit)
    assert errors == []
    assert sorted(results) == ["saved"] + ["stale"] * (N - 1)
    winner = results.index("saved")
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.summary == f"summary from writer {winner}" and stored.version == 2
    events = list(Event.objects.filter(action="claim.updated"))
    assert len(events) == 1
    assert events[0].after == {"summary": f"summary from writer {winner}"}
    assert events[0].before == {"summary": ""}


def test_concurrent_review_edits_from_one_version_one_wins(claim, alice):
    review = make_review(claim, alice, "true", rationale="original")
    ratings = [rating("false"), rating("half-true")]

    def edit(index: int) -> str:
        fresh = Review.objects.get(pk=review.pk)
        try:
            services.update_review(
                review=fresh,
                reviewer=alice,
                expected_version=1,
                rating=ratings[index % 2],
                rationale=f"rationale {index}",
            )
        except StaleVersion:
            return "stale"
        return "saved"

    results, errors = run_together(edit)
    assert errors == []
    assert sorted(results) == ["saved"] + ["stale"] * (N - 1)
    winner = results.index("saved")
    stored = Review.objects.get(pk=review.pk)
    assert stored.rationale == f"rationale {winner}" and stored.version == 2
    events = list(Event.objects.filter(action="review.updated"))
    assert len(events) == 1
    assert events[0].before["rationale"] == "original"
    assert events[0].after["rationale"] == f"rationale {winner}"


def test_concurrent_first_reviews_by_different_reviewers_all_count(claim):
    reviewers = [make_user(f"reviewer{index}", role="reviewer") for index in range(N)]
    ratings = [rating("true"), rating("false")]

    def review(index: int) -> int:
        fresh = Claim.objects.get(pk=claim.pk)
        return services.record_review(
            claim=fresh, reviewer=reviewers[index], rating=ratings[index % 2], rationale=""
        ).pk

    _, errors = run_together(review)
    assert errors == []
    assert Review.objects.filter(claim=claim).count() == N
    assert Claim.objects.get(pk=claim.pk).status == "contested"
    statuses = list(
        Event.objects.filter(action="review.created")
        .order_by("pk")
        .values_list("after__claim_status", flat=True)
    )
    # The claim row lock serialises them: the first is in review, disagreement after.
    assert len(statuses) == N and statuses[0] == "in_review" and statuses[-1] == "contested"


def test_concurrent_http_saves_get_one_success_and_409s_showing_both(claim, alice, bob):
    url = reverse("claims:edit", args=[claim.pk])

    def post(index: int) -> tuple[int, str]:
        client = Client()
        client.force_login(alice if index % 2 else bob)
        response = client.post(
            url,
            {"summary": f"typed by writer {index}", "version": 1},
            headers={"HX-Request": "true"},
        )
        return response.status_code, response.text

    results, errors = run_together(post)
    assert errors == []
    codes = sorted(code for code, _ in results)
    assert codes == [200] + [409] * (N - 1)
    stored = Claim.objects.get(pk=claim.pk).summary
    for index, (code, html) in enumerate(results):
        if code == 409:
            assert f"typed by writer {index}" in html  # the user's unsaved input
            assert stored in html  # beside the stored value
    assert Event.objects.filter(action="claim.updated").count() == 1
