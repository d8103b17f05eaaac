"""A W3C export's annotation ids answer: each claim's annotation at its id, as JSON-LD with
the Web Annotation profile (or a page, for a browser), to anyone once the claim is published
and to those who read claims before."""

import json
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from factcheck.claims.models import Claim
from factcheck.exports.query import ClaimFilter
from factcheck.exports.run import prepare
from factcheck.exports.services import unpublish_claim
from tests.exports.world import SCRIPT, build_world

pytestmark = pytest.mark.django_db

MEDIA_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture
def world(alice, bob, erin):
    return build_world(alice, bob, erin)


def url(claim):
    return reverse("public:annotation", args=[claim.pk])


def exported_annotations():
    export = prepare("w3c", ClaimFilter())
    return json.loads(b"".join(export.chunks()))["first"]["items"]


def test_every_exported_id_answers_with_its_annotation(world, erin_client):
    items = exported_annotations()
    assert len(items) == 3  # cases (published), khmer and formula (not published)
    for item in items:
        path = urlsplit(item["id"]).path
        response = erin_client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"] == MEDIA_TYPE
        assert json.loads(response.content) == item


def test_the_body_is_the_exports_bytes_and_passes_the_validator(world, run_validator):
    claim = world.claims["cases"]
    response = Client().get(url(claim))
    export = b"".join(prepare("w3c", ClaimFilter()).chunks()).decode()
    body = response.content.decode()
    assert body.endswith("\n") and body.strip() in export  # escaped as in the export
    assert "</script" not in body and SCRIPT not in body
    assert response["Link"] == '<http://www.w3.org/ns/ldp#Resource>; rel="type"'
    assert "Accept" in response["Vary"]
    result = run_validator("w3c_annotation_check.py", response.content)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_rating_is_not_doubled_in_the_body(world, erin):
    from factcheck.editorial.services import correct_verdict
    from tests.exports.world import rating

    claim = Claim.objects.get(pk=world.claims["cases"].pk)
    correct_verdict(claim=claim, editor=erin, rating=rating("true"),
                    public_summary="True: the ministry's count of 62 matches the report.",
                    rationale="Checked.", sources=(), note="Reworded.")  # fmt: skip
    [body] = [b for b in json.loads(Client().get(url(claim)).content)["body"] if "value" in b]
    assert body["value"] == "True: the ministry's count of 62 matches the report."


@pytest.mark.parametrize(
    "accept",
    [
        "",
        "*/*",
        "application/ld+json",
        MEDIA_TYPE,
        "application/json",
        "application/ld+json, text/html;q=0.5",
    ],
)
def test_data_clients_get_json_ld(world, accept):
    headers = {"Accept": accept} if accept else {}
    response = Client().get(url(world.claims["cases"]), headers=headers)
    assert response.status_code == 200 and response["Content-Type"] == MEDIA_TYPE


def test_a_browser_gets_a_page_about_the_annotation(world):
    claim = world.claims["cases"]
    response = Client().get(url(claim), headers=BROWSER)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Accept" in response["Vary"]
    page = response.text
    assert '<span class="rating-chip rating-true">True</span>' in page
    assert "Right: 62 cases 👍" in page
    assert reverse("public:fact-check", args=[claim.pk]) in page
    assert 'rel="alternate"' in page and "anno.jsonld" in page
    assert "&lt;/script&gt;" in page and SCRIPT not in page


def test_an_unpublished_claims_annotation_is_for_those_who_read_claims(
    world, alice_client, olga_client, erin_client
):
    claim = world.claims["khmer"]
    anonymous = Client().get(url(claim))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))
    assert olga_client.get(url(claim)).status_code == 403
    for client in (alice_client, erin_client):
        response = client.get(url(claim))
        assert response.status_code == 200 and response["Content-Type"] == MEDIA_TYPE
        assert "private" in response["Cache-Control"]
    page = erin_client.get(url(claim), headers=BROWSER).text
    assert "This claim is not published" in page
    assert reverse("claims:detail", args=[claim.pk]) in page


def test_unpublishing_takes_the_annotation_off_the_web(world, erin):
    claim = world.claims["cases"]
    assert Client().get(url(claim)).status_code == 200
    unpublish_claim(claim=claim, editor=erin)
    assert Client().get(url(claim)).status_code == 302  # to the login page


@pytest.mark.parametrize("name", ["open", "deleted"])
def test_no_annotation_without_a_verdict_or_for_a_deleted_claim(world, erin_client, name):
    assert erin_client.get(url(world.claims[name])).status_code == 404
    assert erin_client.get(reverse("public:annotation", args=[999999])).status_code == 404


def test_head_is_answered_and_writes_are_not(world):
    claim = world.claims["cases"]
    head = Client().head(url(claim))
    assert head.status_code == 200 and head["Content-Type"] == MEDIA_TYPE
    assert Client().post(url(claim)).status_code == 405


def test_the_annotation_id_is_the_url(world):
    """formats/w3c.py writes ids as "/annotations/" + uid; the URL pattern must match it."""
    claim = world.claims["cases"]
    [item] = [i for i in exported_annotations() if i["id"].endswith(f"claim-{claim.pk}")]
    assert urlsplit(item["id"]).path == url(claim)
