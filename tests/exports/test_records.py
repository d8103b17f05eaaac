"""The record contract, the manifest and the registry."""

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from factcheck.exports.formats import FORMATS, filename
from factcheck.exports.records import Manifest, utc_iso
from tests.exports.factories import CONTEXT, make_record


def test_registry_holds_the_six_formats_of_issue_5():
    assert sorted(FORMATS) == ["averitec", "claimreview", "csv", "fever", "jsonl", "w3c"]
    for name, fmt in FORMATS.items():
        assert fmt.name == name and fmt.media_type and fmt.extension


def test_download_name_is_stamped_with_the_utc_generation_time():
    context = CONTEXT.__class__(
        "Org",
        "",
        "https://x.example",
        datetime(2026, 3, 1, 19, 0, tzinfo=timezone(timedelta(hours=7))),
    )
    assert (
        filename(FORMATS["claimreview"], context) == "factcheck-claimreview-20260301T120000Z.jsonld"
    )


def test_utc_iso_converts_and_refuses_naive_datetimes():
    plus7 = timezone(timedelta(hours=7))
    moment = datetime(2026, 3, 1, 19, 0, 5, 250000, tzinfo=plus7)
    assert utc_iso(moment) == "2026-03-01T12:00:05.250000Z"
    assert utc_iso(moment, seconds=True) == "2026-03-01T12:00:05Z"
    assert utc_iso(datetime(2026, 3, 1, tzinfo=UTC)) == "2026-03-01T00:00:00Z"
    with pytest.raises(ValueError, match="naive"):
        utc_iso(datetime(2026, 3, 1))


def test_context_builds_iris_without_double_slashes():
    context = CONTEXT.__class__("Org", "", "https://x.example/", CONTEXT.generated_at)
    assert context.iri("/annotations/claim-1") == "https://x.example/annotations/claim-1"


def test_manifest_serialises_with_sorted_keys_and_counts():
    manifest = Manifest()
    manifest.begin("fever", CONTEXT)
    manifest.skip(make_record(2), "no_fever_mapping", "rating 'Misleading' has no FEVER label")
    manifest.warn(make_record(3), "no_evidence", "SUPPORTS but no counting source")
    manifest.warn(None, "total_mismatch", "said 5, wrote 3")
    manifest.exported = 1
    text = manifest.to_json()
    assert json.loads(text) == {
        "format": "fever",
        "generated_at": "2026-03-01T12:00:00Z",
        "exported": 1,
        "skipped": [
            {
                "claim": "claim-2",
                "id": 2,
                "code": "no_fever_mapping",
                "message": "rating 'Misleading' has no FEVER label",
            }
        ],
        "warnings": [
            {
                "claim": "claim-3",
                "id": 3,
                "code": "no_evidence",
                "message": "SUPPORTS but no counting source",
            },
            {"claim": "", "id": 0, "code": "total_mismatch", "message": "said 5, wrote 3"},
        ],
        "counts": {
            "skipped": {"no_fever_mapping": 1},
            "warnings": {"no_evidence": 1, "total_mismatch": 1},
        },
    }
    assert text == json.dumps(json.loads(text), sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def test_records_take_no_stray_attributes_and_ratings_and_articles_are_frozen():
    # Claim records are plain slotted dataclasses (building a frozen one cost more than
    # writing it); a misspelt field still fails loudly. Ratings and articles are shared by
    # many claims, so they stay frozen.
    record = make_record(1)
    with pytest.raises(AttributeError):
        record.sumary = "changed"  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        record.verdict.label = "changed"  # type: ignore[misc, union-attr]
    with pytest.raises(AttributeError):
        record.article.title = "changed"  # type: ignore[misc]


def test_review_count_is_the_reviews_or_the_number_the_query_layer_counted():
    assert make_record(1).review_count == 2
    assert make_record(1, reviews=()).review_count == 0
    assert make_record(1, reviews=(), counted_reviews=5).review_count == 5
