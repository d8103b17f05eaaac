"""What Schemathesis found in the API's newer resources, pinned one class at a time: ids
past the database's 64-bit integers (a 500 before), invalid query filters and bodies of
the wrong JSON type (accepted before), error bodies and export bodies their schema did
not describe, and the links its stateful phase follows."""

import json
import re

import jsonschema_rs
import pytest

from factcheck.api import openapi
from factcheck.api.schemas.common import ErrorOut
from factcheck.claims.models import Verdict
from factcheck.claims.services import add_source
from factcheck.moderation.models import Flag
from factcheck.moderation.services import flag_item
from tests.factories import make_claim

from .conftest import api_client, bearer, token_for

pytestmark = pytest.mark.django_db

PAST_64_BITS = 2**70
DOCUMENT = json.loads(openapi.COMMITTED.read_text(encoding="utf-8"))
# The path parameters that are not ids, at a value each operation takes.
OTHER_PATH_PARAMETERS = {"kind": "review", "format": "csv"}


def send(method, raw, path, body=None, **headers):
    return api_client().generic(
        method,
        path,
        json.dumps(body) if body is not None else "",
        content_type="application/json",
        headers=bearer(raw) | headers,
    )


def operations_with_an_id():
    for path, item in DOCUMENT["paths"].items():
        names = re.findall(r"{(\w+)}", path)
        if any(name not in OTHER_PATH_PARAMETERS for name in names):
            for method in item:
                yield pytest.param(method.upper(), path, id=f"{method.upper()} {path}")


@pytest.fixture
def claim(article, alice):
    return make_claim(article, "62 cases", created_by=alice)


@pytest.fixture
def flag(claim, alice, bob):
    source = add_source(claim=claim, added_by=alice, url="https://example.org/a", title="A")
    return flag_item(item=source, flagged_by=bob, reason="Dead link")


def assert_invalid(response, error="invalid"):
    assert response.status_code == 400, response.content
    assert response.json()["error"] == error
    ErrorOut.model_validate(response.json())  # the body the schema documents for a 400


# --- ids past 64 bits -----------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), list(operations_with_an_id()))
def test_an_id_past_64_bits_is_refused_on_every_operation_with_an_id(erin, method, path):
    url = re.sub(r"{(\w+)}", lambda m: OTHER_PATH_PARAMETERS.get(m[1], str(PAST_64_BITS)), path)
    response = send(method, token_for(erin), url, {})
    assert_invalid(response)
    assert "400" in DOCUMENT["paths"][path][method.lower()]["responses"]


def test_source_ids_past_64_bits_in_a_verdict_are_refused_and_nothing_is_decided(erin, claim):
    body = {"rating": "true", "public_summary": "S.", "rationale": "R.", "version": 1}
    response = send(
        "POST", token_for(erin), f"/api/v1/claims/{claim.pk}/verdict", body | {"sources": [2**70]}
    )
    assert_invalid(response)
    assert not Verdict.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/articles?cursor={PAST_64_BITS}",
        f"/api/v1/articles/{{article}}/claims?cursor=1.2.{PAST_64_BITS}",
        f"/api/v1/flags?cursor=1.{PAST_64_BITS}",
        f"/api/v1/flags?cursor={10**30}.1",  # past datetime's year 9999
        "/api/v1/flags?cursor=1.²",
    ],
)
def test_a_cursor_past_64_bits_or_not_decimal_is_a_bad_cursor(erin, article, url):
    response = send("GET", token_for(erin), url.format(article=article.pk))
    assert_invalid(response, "bad_cursor")


def test_an_if_match_past_64_bits_is_refused_and_the_claim_is_unchanged(erin, claim):
    response = send(
        "PATCH",
        token_for(erin),
        f"/api/v1/claims/{claim.pk}",
        {"summary": "Changed"},
        **{"If-Match": f'"{PAST_64_BITS}"'},
    )
    assert_invalid(response, "bad_if_match")
    claim.refresh_from_db()
    assert claim.summary == "" and claim.version == 1


@pytest.mark.parametrize("name", ["article", "claim"])
def test_an_event_filter_past_64_bits_is_refused(alice, name):
    response = send("GET", token_for(alice), f"/api/v1/events?{name}={PAST_64_BITS}")
    assert_invalid(response)


# --- invalid query filters ------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "published_to=0",
        "published_from=20260101",
        "created_after=0",
        "created_before=2026-13-01T00:00:00Z",
        "limit=1&limit=2",
        "cursor=1&cursor=2",
    ],
)
def test_invalid_article_filters_are_refused(alice, article, query):
    assert_invalid(send("GET", token_for(alice), f"/api/v1/articles?{query}"))


def test_rfc_3339_filters_still_filter(alice, article):
    raw = token_for(alice)
    today = article.created_at.date().isoformat()
    found = send("GET", raw, f"/api/v1/articles?created_after={today}T00:00:00Z").json()
    assert [item["id"] for item in found["items"]] == [article.pk]
    later = send("GET", raw, "/api/v1/articles?created_after=2999-01-01T00:00:00%2B07:00").json()
    assert later["items"] == []


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/articles?q=a%00b",
        "/api/v1/articles?publisher=%00",
        "/api/v1/articles?language=en%00",
        "/api/v1/events?user=erin%00",
        "/api/v1/events?action=review.%00",
        "/api/v1/exports/csv?tag=%00",
    ],
)
def test_a_nul_character_in_a_query_is_refused_not_a_server_error_on_postgresql(erin, url):
    response = send("GET", token_for(erin), url)
    assert_invalid(response)
    assert response.json()["detail"][0]["type"] == "nul_character"


@pytest.mark.parametrize("query", ["decided_from=0", "decided_to=1", "tag=a&tag=b"])
def test_invalid_export_filters_are_refused(erin, query):
    assert_invalid(send("GET", token_for(erin), f"/api/v1/exports/csv?{query}"))


# --- bodies of the wrong JSON type ----------------------------------------------------------


@pytest.mark.parametrize("value", [0, 1, "true", None])
def test_blind_review_takes_a_json_boolean_only(erin, article, value):
    before = article.blind_review
    response = send(
        "PUT",
        token_for(erin),
        f"/api/v1/articles/{article.pk}/blind-review",
        {"blind_review": value},
    )
    assert_invalid(response)
    article.refresh_from_db()
    assert article.blind_review is before


@pytest.mark.parametrize("body", [[None, None], "note", 3])
def test_a_body_that_is_not_a_json_object_is_refused_and_the_flag_stays_open(erin, flag, body):
    response = send("POST", token_for(erin), f"/api/v1/flags/{flag.pk}/dismissal", body)
    assert_invalid(response)
    assert Flag.objects.get(pk=flag.pk).status == Flag.Status.OPEN


@pytest.mark.parametrize(
    "change", [{"version": "1"}, {"version": 1.0}, {"claimed_on": 0}, {"tags": "a,b"}]
)
def test_a_claim_edit_with_a_field_of_the_wrong_json_type_is_refused(erin, claim, change):
    response = send("PATCH", token_for(erin), f"/api/v1/claims/{claim.pk}", {"version": 1} | change)
    assert_invalid(response)
    claim.refresh_from_db()
    assert claim.version == 1


# --- what the schema documents ----------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/api/v1/articles", "/api/v1/articles/{article}/revisions", "/api/v1/flags"]
)
def test_a_body_that_misses_the_schema_gets_the_documented_error_body(erin, article, path):
    response = send("POST", token_for(erin), path.format(article=article.pk))
    assert_invalid(response)
    assert response.json()["detail"][0]["loc"] == ["body", "payload"]


def test_a_form_refusal_gets_the_documented_error_body(erin, article):
    response = send(
        "POST",
        token_for(erin),
        "/api/v1/articles",
        {"text": "Some text.", "title": "T", "source_url": "ftp:x"},
    )
    assert_invalid(response)
    assert set(response.json()["detail"]) == {"source_url"}


def json_body_schema(media_type):
    responses = DOCUMENT["paths"]["/api/v1/exports/{format}"]["get"]["responses"]
    return jsonschema_rs.validator_for(responses["200"]["content"][media_type]["schema"])


JSON_EXPORTS = [
    ("claimreview", "application/ld+json"),
    ("w3c", "application/ld+json"),
    ("averitec", "application/json"),
]


@pytest.mark.parametrize(("fmt", "media_type"), JSON_EXPORTS)
def test_json_exports_match_their_documented_shape(erin, fmt, media_type):
    response = send("GET", token_for(erin), f"/api/v1/exports/{fmt}")
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == media_type
    body = json.loads(b"".join(response.streaming_content))
    assert json_body_schema(media_type).is_valid(body)


def test_every_operation_documents_the_servers_414():
    for item in DOCUMENT["paths"].values():
        for operation in item.values():
            assert "text/html" in operation["responses"]["414"]["content"]


def test_every_link_names_an_operation_and_its_parameters():
    operations = {
        operation["operationId"]: operation
        for item in DOCUMENT["paths"].values()
        for operation in item.values()
    }
    links = [
        link
        for operation in operations.values()
        for response in operation["responses"].values()
        for link in response.get("links", {}).values()
    ]
    assert len(links) > 40
    for link in links:
        target = operations[link["operationId"]]
        names = {f"{p['in']}.{p['name']}" for p in target.get("parameters", [])}
        for name in link["parameters"]:
            assert (name if "." in name else f"path.{name}") in names, (link, name)
