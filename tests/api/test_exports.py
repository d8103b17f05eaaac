"""Exports through the API: the bytes `manage.py export_claims` writes for the same
format and filters, streamed, under the export page's access rule."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from factcheck.exports.formats import FORMATS
from tests.exports.world import build_world

from .conftest import api_client, bearer, token_for

pytestmark = pytest.mark.django_db

GENERATED_AT = dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def world(alice, bob, erin):
    return build_world(alice, bob, erin)


@pytest.fixture
def frozen(monkeypatch):
    """Exports stamp the time they are made: both runs see the same clock."""
    monkeypatch.setattr(timezone, "now", lambda: GENERATED_AT)


# format: (API query, the command's options), with the filters each format takes.
CASES = {
    "claimreview": (lambda w: "", lambda w: []),
    "w3c": (
        lambda w: f"article={w.articles[0].pk}",
        lambda w: ["--article", str(w.articles[0].pk)],
    ),
    "csv": (
        lambda w: "status=all&tag=statistics&bom=true",
        lambda w: ["--status", "all", "--tag", "statistics", "--bom"],
    ),
    "jsonl": (
        lambda w: f"status=all&reviewer=bob&article={w.articles[0].pk}&article={w.articles[1].pk}",
        lambda w: [
            "--status",
            "all",
            "--reviewer",
            "bob",
            "--article",
            str(w.articles[0].pk),
            "--article",
            str(w.articles[1].pk),
        ],
    ),
    "fever": (lambda w: "rating=false", lambda w: ["--rating", "false"]),
    "averitec": (
        lambda w: "decided_from=2000-01-01&decided_to=2100-12-31",
        lambda w: ["--decided-from", "2000-01-01", "--decided-to", "2100-12-31"],
    ),
    "native": (lambda w: "", lambda w: []),
}


def test_every_format_has_a_case():
    assert set(CASES) == {*FORMATS, "native"}


@pytest.mark.parametrize("fmt", sorted(CASES))
def test_the_api_streams_the_commands_bytes_for_the_same_filters(
    world, admin_user, frozen, tmp_path, fmt
):
    query, options = CASES[fmt]
    # The browser session: a token would add its own rows to the backup (its event, its
    # last use) between the two runs.
    client = api_client()
    client.force_login(admin_user)
    out = tmp_path / f"export.{fmt}"
    call_command(
        "export_claims", "--format", fmt, *options(world), "-o", str(out), stderr=io.StringIO()
    )
    response = client.get(f"/api/v1/exports/{fmt}?{query(world)}")
    assert response.status_code == 200
    assert response.streaming is True
    body = b"".join(response.streaming_content)
    assert body == out.read_bytes() and body
    media_type = FORMATS[fmt].media_type if fmt in FORMATS else "application/x-ndjson"
    assert response["Content-Type"] == media_type
    assert response["Content-Disposition"].startswith('attachment; filename="factcheck-')


def test_an_editor_exports_but_the_native_backup_is_for_admins(world, erin, alice, admin_user):
    editor, reviewer = token_for(erin), token_for(alice)
    assert api_client().get("/api/v1/exports/csv", headers=bearer(editor)).status_code == 200
    refused = api_client().get("/api/v1/exports/native", headers=bearer(editor))
    assert refused.status_code == 403 and refused.json()["error"] == "forbidden"
    assert api_client().get("/api/v1/exports/csv", headers=bearer(reviewer)).status_code == 403
    admin = api_client().get("/api/v1/exports/native", headers=bearer(token_for(admin_user)))
    assert admin.status_code == 200 and admin.streaming


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/api/v1/exports/w3c?status=all", "invalid"),  # verified claims only, like the page
        ("/api/v1/exports/csv?decided_from=2021-02-01&decided_to=2021-01-01", "invalid"),
        ("/api/v1/exports/csv?rating=no-such-rating", "invalid"),
        ("/api/v1/exports/csv?article=999999", "invalid"),
        (f"/api/v1/exports/csv?article={10**20}", "invalid"),  # past 64 bits: not a 500
        ("/api/v1/exports/csv?status=bogus", "invalid"),
        ("/api/v1/exports/pdf", "invalid"),
        ("/api/v1/exports/native?tag=x", "native_takes_no_filters"),
    ],
)
def test_filters_the_page_or_the_command_refuse_are_400(world, admin_user, path, code):
    response = api_client().get(path, headers=bearer(token_for(admin_user)))
    assert response.status_code == 400 and response.json()["error"] == code


def test_the_openapi_document_names_each_formats_media_type(db):
    operation = (
        api_client().get("/api/v1/openapi.json").json()["paths"]["/api/v1/exports/{format}"]["get"]
    )
    content = operation["responses"]["200"]["content"]
    assert {"application/ld+json", "text/csv", "application/x-ndjson", "application/json"} == set(
        content
    )
    assert {"400", "401", "403"} <= set(operation["responses"])
    names = {param["name"] for param in operation["parameters"]}
    assert {
        "format",
        "article",
        "status",
        "rating",
        "reviewer",
        "decided_from",
        "decided_to",
        "tag",
        "bom",
    } <= names
