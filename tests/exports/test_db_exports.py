"""Every format end to end from the database: hidden and deleted items never leave, the
shared validators pass, a rerun gives the same bytes, the page and the command."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from factcheck.exports.formats import FORMATS
from factcheck.exports.formats.csvformat import COLUMNS, unneutralise
from factcheck.exports.query import ClaimFilter
from factcheck.exports.run import prepare
from tests.exports.world import SCRIPT, build_world

pytestmark = pytest.mark.django_db

NEVER = ("SPAM", "spam.example", "DELETED", "bob's rationale", "off-topic")


@pytest.fixture
def world(alice, bob, erin):
    return build_world(alice, bob, erin)


def export_bytes(fmt, claim_filter=None, **options):
    export = prepare(fmt, claim_filter, **options)
    return b"".join(export.chunks()), export


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_hidden_and_deleted_items_never_leave(world, fmt):
    body, _ = export_bytes(fmt, ClaimFilter(status="all") if fmt in {"jsonl", "csv"} else None)
    text = body.decode("utf-8")
    for needle in NEVER:
        assert needle not in text, (fmt, needle)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_rerun_gives_identical_bytes(world, fmt):
    first, _ = export_bytes(fmt)
    second, _ = export_bytes(fmt)
    assert first == second and first


def test_claimreview_export_holds_published_claims_and_passes_the_validator(world, run_validator):
    body, export = export_bytes("claimreview")
    reviews = json.loads(body)
    page = f"http://127.0.0.1:8000/fact-checks/{world.claims['cases'].pk}/"
    assert [review["url"] for review in reviews] == [page]
    assert export.manifest.exported == 1
    assert {entry[2] for entry in export.manifest.skipped} == {"not_published"}
    assert b"</script" not in body.lower() and SCRIPT not in body.decode()
    result = run_validator("claimreview_check.py", body)
    assert result.returncode == 0, result.stdout + result.stderr


def test_w3c_export_passes_the_validator(world, run_validator):
    body, export = export_bytes("w3c")
    collection = json.loads(body)
    assert collection["total"] == 3 == export.context.total
    selectors = collection["first"]["items"][0]["target"]["selector"]
    assert {selector["type"] for selector in selectors} == {
        "TextQuoteSelector", "TextPositionSelector"}  # fmt: skip
    result = run_validator("w3c_annotation_check.py", body)
    assert result.returncode == 0, result.stdout + result.stderr


def test_csv_neutralises_formulas_and_parses_back(world):
    body, _ = export_bytes("csv", bom=True)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == list(COLUMNS)
    formula = next(row for row in rows if "SUM" in row["quote"])
    assert formula["quote"] == "'=SUM(A1:A9)"
    assert unneutralise(formula["quote"]) == "=SUM(A1:A9)"
    assert formula["summary"].startswith("'=")
    assert [unneutralise(row["summary"]) for row in rows] == [
        world.claims[name].summary for name in ("cases", "khmer", "formula")
    ]


def test_jsonl_carries_khmer_emoji_and_script_as_data(world):
    body, _ = export_bytes("jsonl")
    lines = [json.loads(line) for line in body.decode().splitlines()]
    assert [line["summary"] for line in lines][1] == "មាន ៦២ ករណី"
    assert lines[0]["corrections"][0]["previous_summary"] == f"Roughly right {SCRIPT} 😀"


def test_datasets_list_unmappable_ratings_in_the_manifest(world):
    body, export = export_bytes("fever")
    labels = [json.loads(line)["label"] for line in body.decode().splitlines()]
    assert labels == ["SUPPORTS", "REFUTES"]
    assert [entry[2] for entry in export.manifest.skipped] == ["no_fever_mapping"]


# --- the export page ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("client_name", "status"),
    [("alice_client", 403), ("bob_client", 403), ("olga_client", 403), ("erin_client", 200),
     ("admin_client_", 200)],
)  # fmt: skip
def test_export_page_is_for_editors_and_admins(world, request, client_name, status):
    client = request.getfixturevalue(client_name)
    for name in ("exports:page", "exports:download", "exports:manifest"):
        response = client.get(reverse(name), {"format": "jsonl", "status": "verified"})
        assert response.status_code == status, name


def test_anonymous_is_sent_to_log_in():
    response = Client().get(reverse("exports:download"), {"format": "csv"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_download_streams_with_type_and_file_name(world, erin_client):
    response = erin_client.get(reverse("exports:download"),
                               {"format": "claimreview", "status": "verified"})  # fmt: skip
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/ld+json"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="factcheck-claimreview-')
    assert disposition.endswith('.jsonld"')
    assert b"".join(response.streaming_content) == export_bytes("claimreview")[0]


def test_page_shows_the_count_and_the_manifest(world, erin_client):
    query = {"format": "fever", "status": "verified"}
    page = erin_client.get(reverse("exports:page"), query).content.decode()
    assert "<strong>3</strong> claims match" in page
    response = erin_client.get(reverse("exports:manifest"), query)
    assert response["Content-Disposition"].endswith('.jsonl.manifest.json"')
    manifest = json.loads(response.content)
    assert manifest["exported"] == 2 and manifest["counts"]["skipped"] == {"no_fever_mapping": 1}
    html = erin_client.get(reverse("exports:manifest"), query | {"view": "html"}).content.decode()
    assert "no_fever_mapping" in html


def test_status_all_only_for_jsonl_and_csv(world, erin_client):
    response = erin_client.get(reverse("exports:download"), {"format": "w3c", "status": "all"})
    assert response.status_code == 400
    response = erin_client.get(reverse("exports:download"), {"format": "csv", "status": "all"})
    assert response.status_code == 200


def test_native_backup_is_for_admins_only(world, erin_client, admin_client_):
    query = {"format": "native", "status": "verified"}
    assert erin_client.get(reverse("exports:download"), query).status_code == 400  # no choice
    response = admin_client_.get(reverse("exports:download"), query)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="factcheck-backup-')
    first = next(iter(response.streaming_content)).split(b"\n")[0]
    assert json.loads(first)["format"] == "factcheck-native"


# --- the command --------------------------------------------------------------------------


def test_command_writes_export_and_manifest(world, tmp_path: Path):
    out = tmp_path / "reviews.jsonld"
    stderr = io.StringIO()
    call_command("export_claims", "--format", "claimreview", "-o", str(out), stderr=stderr)
    assert out.read_bytes() == export_bytes("claimreview")[0]
    manifest = json.loads((tmp_path / "reviews.jsonld.manifest.json").read_text())
    assert manifest["exported"] == 1 and manifest["format"] == "claimreview"
    assert "claimreview: 1 exported, 2 left out" in stderr.getvalue()
    assert not list(tmp_path.glob("*.part"))


def test_command_filters_and_bom(world, tmp_path: Path):
    out = tmp_path / "claims.csv"
    call_command("export_claims", "--format", "csv", "--status", "all", "--tag", "statistics",
                 "--bom", "-o", str(out), stderr=io.StringIO())  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    assert len(rows) == 2


def test_command_to_standard_output(world, capsysbinary):
    call_command("export_claims", "--format", "jsonl", stderr=io.StringIO())
    assert capsysbinary.readouterr().out == export_bytes("jsonl")[0]


@pytest.mark.parametrize(
    "arguments",
    [["--format", "w3c", "--status", "all"], ["--format", "native", "--tag", "x"],
     ["--format", "csv", "--decided-from", "yesterday"]],
)  # fmt: skip
def test_command_refuses_what_makes_no_sense(arguments):
    with pytest.raises(CommandError):
        call_command("export_claims", *arguments, stderr=io.StringIO())


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_format_reading_only_what_it_needs_writes_the_same_bytes(world, fmt):
    # Each format names the record parts it shows (`needs`); the query layer reads no
    # others. A part a format shows but does not name would change its bytes here.
    from factcheck.exports.query import EVERYTHING, claim_records
    from factcheck.exports.records import Manifest

    export = prepare(fmt, ClaimFilter(status="all"))
    assert FORMATS[fmt].needs <= EVERYTHING
    outputs = []
    for needs in (FORMATS[fmt].needs, EVERYTHING):
        records = claim_records(export.claim_filter, export.context, needs=needs)
        manifest = Manifest()
        body = b"".join(FORMATS[fmt].stream(records, export.context, manifest))
        outputs.append(body + manifest.to_json().encode())
    assert outputs[0] == outputs[1] and outputs[0]


def test_line_exports_give_each_claims_revision_and_anchor(alice, erin):
    """After a correction, JSON Lines and CSV carry the claim's current revision number,
    offsets, words and what the revision did to it (issue 12)."""
    from factcheck.claims.revisions import revise_article
    from tests.factories import make_article, make_claim

    article = make_article("The ministry counted 62 cases. Critics disagreed.", created_by=erin)
    figure = make_claim(article, "62 cases", created_by=alice)
    untouched = make_claim(article, "Critics disagreed.", created_by=alice)
    revise_article(
        article=article,
        content="The ministry counted 63 cases. Critics disagreed.",
        note="Correction",
        editor=erin,
    )
    body, _ = export_bytes("jsonl", ClaimFilter(status="all"))
    lines = {row["id"]: row for row in map(json.loads, body.decode().splitlines())}
    assert (lines[figure.pk]["anchor"], lines[figure.pk]["exact"]) == ("changed", "63 cases")
    assert lines[figure.pk]["revision_number"] == 2
    assert lines[untouched.pk]["anchor"] == "exact"
    body, _ = export_bytes("csv", ClaimFilter(status="all"))
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    row = next(row for row in rows if row["claim_uid"] == f"claim-{figure.pk}")
    assert (row["revision_number"], row["anchor"], row["quote"]) == ("2", "changed", "63 cases")
    start = len("The ministry counted ")
    assert (row["start"], row["end"]) == (str(start), str(start + 8))
