"""The first API resources: articles (list with a cursor, read with the current text) and
claims (mark, read), through the same guards and services as the pages."""

import pytest
from django.middleware.csrf import get_token
from django.test import Client

from factcheck.claims.models import Claim
from factcheck.claims.revisions import revise_article
from factcheck.history.models import Event
from tests.factories import make_article

from .conftest import api_client, bearer, claim_body, token_for

pytestmark = pytest.mark.django_db


def post_claim(raw, article, body):
    return api_client().post(
        f"/api/v1/articles/{article.pk}/claims",
        body,
        content_type="application/json",
        headers=bearer(raw),
    )


def test_articles_are_listed_newest_first_page_by_page(alice, erin):
    articles = [make_article(f"Text {n}.", title=f"Article {n}", created_by=erin) for n in range(5)]
    raw = token_for(alice)
    seen, cursor = [], ""
    for _ in range(3):
        url = "/api/v1/articles?limit=2" + (f"&cursor={cursor}" if cursor else "")
        body = api_client().get(url, headers=bearer(raw)).json()
        seen += [item["title"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [article.title for article in reversed(articles)]
    assert cursor is None


def test_a_forged_cursor_is_400(alice):
    response = api_client().get("/api/v1/articles?cursor=abc", headers=bearer(token_for(alice)))
    assert response.status_code == 400 and response.json()["error"] == "bad_cursor"


def test_an_article_is_read_with_its_current_text(alice, article):
    body = api_client().get(f"/api/v1/articles/{article.pk}", headers=bearer(token_for(alice)))
    revision = article.current_revision
    assert body.json()["revision"] == {
        "id": revision.pk,
        "number": 1,
        "created_at": body.json()["revision"]["created_at"],
        "text": revision.text,
    }
    assert body.json()["created_at"].endswith("Z")  # RFC 3339, UTC


@pytest.mark.parametrize("exact", ["62 cases were recorded in 2020", "ខ្ញុំទៅផ្សារ។", "👨‍👩‍👧", "🇰🇭"])
def test_a_claim_after_or_on_emoji_zwj_and_khmer_gets_code_point_offsets(alice, article, exact):
    text = article.current_revision.text
    response = post_claim(token_for(alice), article, claim_body(article, exact))
    assert response.status_code == 201, response.json()
    body = response.json()
    claim = Claim.objects.get()
    assert (body["id"], body["start"], body["end"]) == (claim.pk, claim.start, claim.end)
    assert body["exact"] == exact == text[body["start"] : body["end"]]
    assert body["version"] == 1 and body["revision"] == article.current_revision_id
    event = Event.objects.get(action="claim.created")
    assert event.actor == alice and event.claim_id == claim.pk


def test_utf16_offsets_are_refused(alice, article):
    exact = "62 cases"
    text = article.current_revision.text
    start16 = len(text[: text.index(exact)].encode("utf-16-le")) // 2
    body = claim_body(article, exact, start=start16, end=start16 + len(exact))
    response = post_claim(token_for(alice), article, body)
    assert response.status_code == 409 and response.json()["error"] == "quote_mismatch"
    assert response.json()["found"] == [text.index(exact), text.index(exact) + len(exact)]
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"start": 20, "end": 10}, "reversed"),
        ({"end": 99999}, "out_of_range"),
        ({"start": -3}, "negative"),
        ({"start": 10, "end": 10}, "empty"),
        ({"exact": ""}, "missing_exact"),
        ({"start": "ten"}, "invalid"),
        ({"start": 1.5}, "invalid"),
    ],
)
def test_bad_ranges_are_refused_with_400_and_change_nothing(alice, article, change, code):
    raw = token_for(alice)
    events = Event.objects.count()
    response = post_claim(raw, article, claim_body(article, "62 cases", **change))
    assert response.status_code == 400
    assert response.json()["error"] == code and response.json()["message"]
    assert not Claim.objects.exists() and Event.objects.count() == events


def test_a_stale_revision_is_409(alice, erin, article):
    old = article.current_revision_id
    text = article.current_revision.text + " More."
    revise_article(article=article, editor=erin, content=text, note="Added a sentence.")
    raw = token_for(alice)
    events = Event.objects.count()
    response = post_claim(raw, article, claim_body(article, "62 cases", revision=old))
    assert response.status_code == 409 and response.json()["error"] == "stale_revision"
    assert not Claim.objects.exists() and Event.objects.count() == events


def test_without_a_revision_the_claim_lands_on_the_current_one(alice, article):
    response = post_claim(token_for(alice), article, claim_body(article, "62 cases"))
    assert response.status_code == 201
    assert Claim.objects.get().revision_id == article.current_revision_id


def test_a_claim_is_read_back(bob, alice, article):
    created = post_claim(token_for(alice), article, claim_body(article, "62 cases")).json()
    response = api_client().get(f"/api/v1/claims/{created['id']}", headers=bearer(token_for(bob)))
    assert response.status_code == 200 and response.json() == created


def test_a_session_write_needs_the_csrf_token(alice, article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    url = f"/api/v1/articles/{article.pk}/claims"
    body = claim_body(article, "62 cases")
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["error"] == "csrf_failed"
    assert not Claim.objects.exists()
    page = client.get("/accounts/tokens/")  # any page sets the CSRF cookie
    token = page.cookies["csrftoken"].value if "csrftoken" in page.cookies else None
    if token is None:
        token = get_token(page.wsgi_request)
    response = client.post(url, body, content_type="application/json",
                           headers={"X-CSRFToken": token})  # fmt: skip
    assert response.status_code == 201
    assert client.get("/api/v1/articles").status_code == 200  # reads need no CSRF


def test_a_token_needs_no_csrf(alice, article):
    response = post_claim(token_for(alice), article, claim_body(article, "62 cases"))
    assert response.status_code == 201


def test_the_openapi_document_names_the_operations_and_code_points(db):
    schema = api_client().get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    operations = {
        (path, method): operation
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }
    # Other resources add theirs (test_api_matrix checks every one has a row).
    assert set(operations) >= {
        ("/api/v1/articles", "get"),
        ("/api/v1/articles/{article_id}", "get"),
        ("/api/v1/articles/{article_id}/claims", "post"),
        ("/api/v1/articles/{article_id}/claims", "get"),
        ("/api/v1/claims/{claim_id}", "get"),
        ("/api/v1/claims/{claim_id}", "patch"),
        ("/api/v1/claims/{claim_id}", "delete"),
    }
    create = operations[("/api/v1/articles/{article_id}/claims", "post")]
    assert {"201", "400", "401", "403", "404", "409"} <= set(create["responses"])
    # The writes under the optimistic lock document the version they need.
    for method in ("patch", "delete"):
        write = operations[("/api/v1/claims/{claim_id}", method)]
        assert {"400", "403", "404", "409", "428"} <= set(write["responses"])
        assert "If-Match" in {param["name"] for param in write["parameters"]}
    assert "StaleOut" in schema["components"]["schemas"]
    claim_in = schema["components"]["schemas"]["ClaimIn"]["properties"]
    assert "code points" in claim_in["start"]["description"]
    assert any(
        "bearer" in str(scheme).lower()
        for scheme in schema["components"]["securitySchemes"].values()
    )


def test_the_docs_page_is_for_logged_in_users_and_uses_no_cdn(alice):
    assert Client().get("/api/v1/docs")["Location"].startswith("/accounts/login/")
    client = Client()
    client.force_login(alice)
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in page.text
    assert "cdn" not in page.text.lower() and "https://" not in page.text
