"""Schemathesis in-process, on the WSGI app: every operation, fed data generated from the
committed schema (tests/api/test_openapi.py keeps it current), answers without a server
error and as its schema says. The CI leg (.ci/schemathesis.sh) runs it longer on a live
server with the demo data, stateful phase included; this one is quick and runs with the
suite on both databases."""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from factcheck.api import openapi
from tests.factories import make_claim

from .conftest import api_client, bearer, token_for

schema = schemathesis.openapi.from_dict(json.loads(openapi.COMMITTED.read_text(encoding="utf-8")))
schema.app = get_wsgi_application()


@pytest.fixture
def connection_kept_open():
    """The WSGI handler closes the database connection after each request, which would
    end the test's transaction; Django's own test client unhooks it the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def erin_and_a_claim(connection_kept_open, erin, alice, article):
    """An editor's read-write token, and the ids of an article with a claim: generated
    ids would almost never exist, and the operations would only answer 404."""
    claim = make_claim(article, "62 cases", created_by=alice)
    return token_for(erin), {"article_id": article.pk, "claim_id": claim.pk}


def aim_at(case, ids: dict[str, int]) -> None:
    """Points a case's well-formed ids at rows that exist; malformed ones (strings, for the
    400s) stay as generated."""
    for name, value in (case.path_parameters or {}).items():
        if name in ids and isinstance(value, int):
            case.path_parameters[name] = ids[name]


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.django_db
def test_every_operation_answers_as_its_schema_says(case, erin_and_a_claim):
    raw, ids = erin_and_a_claim
    aim_at(case, ids)
    # Schema-valid is not always acceptable: a quote must be the article's text at its
    # offsets, and a write's version may come in If-Match or the body (README "API").
    case.call_and_validate(headers=bearer(raw), excluded_checks=[positive_data_acceptance])


# --- what Schemathesis found, pinned ------------------------------------------------------


def patch_claim(raw, claim, body, **headers):
    return api_client().patch(
        f"/api/v1/claims/{claim.pk}",
        json.dumps(body),
        content_type="application/json",
        headers=bearer(raw) | headers,
    )


@pytest.mark.django_db
def test_tags_null_empties_the_tags_instead_of_a_server_error(erin, alice, article):
    claim = make_claim(article, "62 cases", created_by=alice)
    claim.tags.create(name="health")
    response = patch_claim(token_for(erin), claim, {"tags": None, "version": 1})
    assert response.status_code == 200 and response.json()["tags"] == []
    assert not claim.tags.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("digit", ["²", "①"])
def test_digits_that_are_not_decimal_are_refused_not_a_server_error(erin, alice, article, digit):
    claim = make_claim(article, "62 cases", created_by=alice)
    raw = token_for(erin)
    response = patch_claim(raw, claim, {"summary": "x"}, **{"If-Match": f'"{digit}"'})
    assert response.status_code == 400 and response.json()["error"] == "bad_if_match"
    for path in ("/api/v1/articles", f"/api/v1/articles/{article.pk}/claims"):
        cursor = digit if path.endswith("articles") else f"1.{digit}.3"
        response = api_client().get(f"{path}?cursor={cursor}", headers=bearer(raw))
        assert response.status_code == 400 and response.json()["error"] == "bad_cursor"


@pytest.mark.django_db
def test_a_malformed_id_is_a_documented_400(alice):
    response = api_client().get("/api/v1/claims/null,null", headers=bearer(token_for(alice)))
    assert response.status_code == 400 and response.json()["error"] == "invalid"
    documented = json.loads(openapi.COMMITTED.read_text(encoding="utf-8"))
    assert "400" in documented["paths"]["/api/v1/claims/{claim_id}"]["get"]["responses"]
