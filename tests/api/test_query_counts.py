"""What each API operation costs in queries, through a token (STYLE.md: read paths state
their loading strategy and a test pins the count). Every request pays 1 for its token
with its user, and 1 for the user's roles; the token's first use in a while also writes
last_used_at (services.note_used), so the counts are for a token already in use. A list
page costs the same with 3 claims as with 60, and a claim's tags cost one query however
many there are."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_article, make_claim

from .conftest import api_client, bearer, claim_body, token_for

pytestmark = pytest.mark.django_db


def used_token(user) -> str:
    raw = token_for(user)
    api_client().get("/api/v1/articles", headers=bearer(raw))
    return raw


def queries_for(method, raw, path, body=None, **headers) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = api_client().generic(
            method, path, json.dumps(body) if body is not None else "",
            content_type="application/json", headers=bearer(raw) | headers,
        )  # fmt: skip
    assert response.status_code < 300, response.content
    return len(queries)


def tagged_claims(article, user, count: int) -> list:
    """`count` claims on `article` (one per "word"), each with two tags."""
    claims = []
    for number in range(count):
        claim = make_claim(article, "word", created_by=user, occurrence=number)
        claim.tags.create(name=f"{article.pk}-{number}-a")
        claim.tags.create(name=f"{article.pk}-{number}-b")
        claims.append(claim)
    return claims


def test_reading_costs_the_same_with_3_or_60_claims(alice, erin):
    raw = used_token(erin)
    for count in (3, 60):
        article = make_article(" ".join(["word"] * 400), title=f"{count} claims", created_by=erin)
        claims = tagged_claims(article, alice, count)
        # token, roles, then the operation's own reads
        assert queries_for("GET", raw, "/api/v1/articles") == 3
        assert queries_for("GET", raw, f"/api/v1/articles/{article.pk}") == 4  # with its spans
        # the article, its claims, their tags
        assert queries_for("GET", raw, f"/api/v1/articles/{article.pk}/claims?limit=200") == 5
        assert queries_for("GET", raw, f"/api/v1/claims/{claims[-1].pk}") == 4


def test_writes_cost_a_fixed_number_of_queries(alice, erin, article):
    raw = used_token(erin)
    create = f"/api/v1/articles/{article.pk}/claims"
    assert queries_for("POST", raw, create, claim_body(article, "185 assemblies")) == 9
    claim = make_claim(article, "62 cases", created_by=alice)
    path = f"/api/v1/claims/{claim.pk}"
    assert queries_for("PATCH", raw, path, {"summary": "Counted", "version": 1}) == 12
    assert queries_for("DELETE", raw, path, {"version": 2}) == 10


def test_a_tag_edit_costs_a_fixed_number_of_queries_for_its_tag_count(alice, erin, article):
    """Pinned as it is: each new tag name costs a get_or_create in claims.services
    (_set_tags), so six tags cost more than two."""
    raw = used_token(erin)
    counts = []
    for number, tags in enumerate((["a", "b"], ["a", "b"], ["c", "d", "e", "f", "g", "h"])):
        claim = make_claim(article, "62 cases", created_by=alice, occurrence=number % 2)
        body = {"tags": tags, "version": claim.version}
        counts.append(queries_for("PATCH", raw, f"/api/v1/claims/{claim.pk}", body))
    assert counts == [21, 15, 37]  # two new tags, the same two again, six new
