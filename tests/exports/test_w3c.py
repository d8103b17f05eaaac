"""W3C Web Annotation JSON-LD: the collection, its pages, and the shared validator."""

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from factcheck.exports.formats import W3CFormat
from factcheck.exports.formats._common import dumps_html_safe
from factcheck.exports.formats.w3c import AnnotationJson, claim_annotation
from factcheck.exports.records import Manifest
from tests.exports.factories import (
    CONTEXT,
    NOW,
    make_article,
    make_rating,
    make_record,
    make_source,
    many_records,
    nasty_records,
    run_export,
    sorted_keys_hook,
)

FORMAT = W3CFormat()


def collection_of(*records, fmt=FORMAT, context=CONTEXT):
    data, manifest = run_export(fmt, records, context)
    return json.loads(data, object_pairs_hook=sorted_keys_hook), manifest


def test_one_verified_claim_becomes_one_assessing_annotation():
    collection, manifest = collection_of(make_record(5))
    [annotation] = collection["first"]["items"]
    assert annotation == {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "https://factcheck.example/annotations/claim-5",
        "type": "Annotation",
        "motivation": "assessing",
        "body": [
            {
                "type": "TextualBody",
                "purpose": "assessing",
                "format": "text/plain",
                "language": "en",
                "value": "False: The report lists 60 cases, not 62.",
            },
            {
                "type": "SpecificResource",
                "purpose": "linking",
                "source": "https://www.state.gov/reports/2020/cambodia#1",
            },
            {
                "type": "SpecificResource",
                "purpose": "linking",
                "source": "https://www.state.gov/reports/2020/cambodia#2",
            },
        ],
        "creator": {
            "type": "Organization",
            "name": "CamboJA Fact Check",
            "id": "https://factcheck.example/about",
            "homepage": "https://factcheck.example/about",
        },
        "created": "2026-02-28T12:00:00Z",
        "modified": "2026-03-01T00:00:00Z",
        "target": {
            "source": "https://cambojanews.example/2021/04/us-report",
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": "62 cases",
                    "prefix": "documented ",
                    "suffix": " of abuse",
                },
                {"type": "TextPositionSelector", "start": 120, "end": 128},
            ],
        },
    }
    assert manifest.exported == 1


def test_the_collection_embeds_its_page_and_counts_the_total():
    collection, _ = collection_of(make_record(1), make_record(2, verdict=None), make_record(3))
    assert {k: v for k, v in collection.items() if k != "first"} == {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "https://factcheck.example/annotations/",
        "type": "AnnotationCollection",
        "label": "Fact-checks by CamboJA Fact Check",
        "total": 2,
    }
    page = collection["first"]
    assert page["type"] == "AnnotationPage"
    assert page["partOf"] == collection["id"]
    assert page["startIndex"] == 0
    assert [a["id"].rsplit("/", 1)[1] for a in page["items"]] == ["claim-1", "claim-3"]


def test_claim_without_verdict_is_skipped_with_a_reason():
    _, manifest = collection_of(make_record(1, verdict=None))
    assert [(uid, code) for uid, _, code, _ in manifest.skipped] == [("claim-1", "no_verdict")]


def test_times_are_utc_seconds_with_z():
    from datetime import timezone

    plus7 = timezone(timedelta(hours=7))
    decided = NOW.astimezone(plus7).replace(microsecond=123456)
    collection, _ = collection_of(make_record(1, decided_at=decided, updated_at=decided))
    [annotation] = collection["first"]["items"]
    assert annotation["created"] == "2026-03-01T12:00:00Z"
    assert "modified" not in annotation


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="naive"):
        collection_of(make_record(1, decided_at=NOW.replace(tzinfo=None)))


def test_target_falls_back_to_the_site_article_iri_and_omits_empty_context():
    record = make_record(1, article=make_article(id=12, url="", language=""), prefix="", suffix="")
    collection, _ = collection_of(record)
    [annotation] = collection["first"]["items"]
    assert annotation["target"]["source"] == "https://factcheck.example/articles/12"
    assert annotation["target"]["selector"][0] == {"type": "TextQuoteSelector", "exact": "62 cases"}
    assert "language" not in annotation["body"][0]


@pytest.mark.parametrize(
    ("summary", "value"),
    [
        ("True: the report cites 62.", "True: the report cites 62."),
        ("true - the report cites 62.", "true - the report cites 62."),
        ("TRUE.", "TRUE."),
        ("True", "True"),
        ("Truest count we found.", "True: Truest count we found."),
        ("The report cites 62.", "True: The report cites 62."),
    ],
)
def test_the_rating_label_is_not_doubled_in_the_body(summary, value):
    """The demo's verdict summary opens with its rating ("True: the US State Department's
    ..."), and the body once read "True: True: ...": a label already there is not added."""
    record = make_record(1, verdict=make_rating("true"), public_summary=summary, sources=())
    collection, _ = collection_of(record)
    [annotation] = collection["first"]["items"]
    assert annotation["body"][0]["value"] == value
    [line] = AnnotationJson(CONTEXT).annotation(record, record.verdict).splitlines()
    assert json.loads(line)["body"][0]["value"] == value


def test_body_uses_the_rationale_when_there_is_no_public_summary():
    collection, _ = collection_of(make_record(1, public_summary="", sources=()))
    [annotation] = collection["first"]["items"]
    assert annotation["body"] == [
        {
            "type": "TextualBody",
            "purpose": "assessing",
            "format": "text/plain",
            "language": "en",
            "value": "False: We read the report's Cambodia chapter and counted 60 cases.",
        }
    ]


def test_pages_are_json_lines_linked_by_next_and_prev():
    context = replace(CONTEXT, total=7)
    data, manifest = run_export(W3CFormat(page_size=3), many_records(7), context)
    lines = [json.loads(line, object_pairs_hook=sorted_keys_hook) for line in data.splitlines()]
    assert len(lines) == 3
    collection, page2, page3 = lines
    assert collection["total"] == 7
    assert collection["last"] == "https://factcheck.example/annotations/?page=3"
    first = collection["first"]
    assert first["id"] == "https://factcheck.example/annotations/?page=1"
    assert first["next"] == page2["id"] and "prev" not in first
    assert page2["prev"] == first["id"] and page2["next"] == page3["id"]
    assert "next" not in page3 and page3["prev"] == page2["id"]
    assert [p["startIndex"] for p in (first, page2, page3)] == [0, 3, 6]
    assert [len(p["items"]) for p in (first, page2, page3)] == [3, 3, 1]
    assert all(p["@context"] == "http://www.w3.org/ns/anno.jsonld" for p in (page2, page3))
    assert all(p["partOf"] == collection["id"] for p in (first, page2, page3))
    assert manifest.warnings == []


def test_pages_without_a_known_total_leave_total_and_last_out():
    data, _ = run_export(W3CFormat(page_size=2), many_records(4))
    collection = json.loads(data.splitlines()[0])
    assert "total" not in collection and "last" not in collection
    assert len(data.splitlines()) == 2  # no empty third page


def test_a_wrong_total_is_reported_in_the_manifest():
    _, manifest = run_export(W3CFormat(page_size=2), many_records(3), replace(CONTEXT, total=5))
    assert [w[2] for w in manifest.warnings] == ["total_mismatch"]


def test_hostile_text_round_trips_and_cannot_close_a_script_element():
    records = nasty_records(16)
    data, _ = run_export(FORMAT, records)
    assert b"<" not in data
    items = json.loads(data)["first"]["items"]
    for record, annotation in zip(records, items, strict=True):
        quote = annotation["target"]["selector"][0]
        assert (quote["exact"], quote["prefix"], quote["suffix"]) == (
            record.exact,
            record.prefix,
            record.suffix,
        )
        assert annotation["body"][0]["language"] == "km"


def test_empty_export_is_still_a_valid_collection(run_validator):
    data, _ = run_export(FORMAT, [])
    assert json.loads(data)["total"] == 0
    result = run_validator("w3c_annotation_check.py", data)
    assert result.returncode == 0, result.stdout


def test_generated_export_passes_the_w3c_validator(run_validator):
    records = [
        *nasty_records(30),
        make_record(90, article=make_article(url="")),
        make_record(91, sources=(make_source(1, url=""),), prefix="", suffix=""),
    ]
    data, _ = run_export(FORMAT, records)
    result = run_validator("w3c_annotation_check.py", data)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok: 0 MUST failures" in result.stdout


def test_paged_export_passes_the_w3c_validator(run_validator):
    context = replace(CONTEXT, total=25)
    data, _ = run_export(W3CFormat(page_size=10), nasty_records(25), context)
    assert len(data.splitlines()) == 3
    result = run_validator("w3c_annotation_check.py", data)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_fast_writer_matches_the_readable_definition_byte_for_byte():
    plus7 = timezone(timedelta(hours=7))
    hostile = 'Back\\slash "quoted" \x00\x1f\x7f </script> & <b> 😀 ក្រសួង \u2028\u2029\x85'
    records = [
        *nasty_records(24),
        make_record(1, public_summary="", rationale=hostile, prefix="", suffix="", sources=()),
        make_record(2, public_summary="  ", rationale="  ", claimed_on=None),
        make_record(3, decided_at=None, article=make_article(url="", language="")),
        make_record(4, decided_at=NOW.astimezone(plus7).replace(microsecond=5)),
        make_record(5, updated_at=NOW - timedelta(days=9), exact=hostile, prefix=hostile),
        make_record(6, sources=(make_source(1, url="ftp://x"), make_source(2, url=hostile))),
        make_record(7, uid='claim-"7"</script>', article=make_article(url="https://a/<&>")),
    ]
    context = replace(CONTEXT, organisation_name=hostile, base_url="https://x.example/<&>")
    for ctx in (CONTEXT, context):
        writer = AnnotationJson(ctx)
        for record in records:
            expected = dumps_html_safe(claim_annotation(record, ctx, Manifest()))
            assert writer.annotation(record, record.verdict) == expected


# Any aware time (the writer formats UTC ones from their fields, with a per-day cache), and
# URLs near the edges of is_web_url's shortcut: schemes, "/?#" after "//", the characters
# its regex looks for, and what json escapes.
TIMES = st.datetimes(
    min_value=datetime(1, 1, 2),
    max_value=datetime(9999, 12, 30),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=7)), timezone(-timedelta(hours=9.5))]),
)
URLS = st.builds(
    str.__add__,
    st.sampled_from(["https://", "http://", "HTTPS://", "https:/", "ftp://", ""]),
    st.text(st.sampled_from(list('ab.:/?#[]\t\r\n "\\<&\x00\u2028é😀')), max_size=10),
)


@settings(max_examples=300, deadline=None)
@given(decided=st.none() | TIMES, created=TIMES, updated=TIMES, urls=st.lists(URLS, max_size=3))
@example(
    decided=datetime(999, 1, 2, 3, 4, 5, 6, tzinfo=UTC),
    created=NOW,
    updated=datetime(999, 1, 2, 3, 4, 5, tzinfo=UTC) + timedelta(seconds=1),
    urls=["https://x", "https://", "https:///x", "https://\t/x", "https://[::1]/"],
)
@example(decided=NOW, created=NOW, updated=NOW, urls=["https://x/", "https://[x/"])
def test_the_fast_writer_matches_the_readable_definition_for_any_times_and_urls(
    decided, created, updated, urls
):
    sources = tuple(make_source(n, url=url) for n, url in enumerate(urls, 1))
    record = make_record(1, decided_at=decided, created_at=created, updated_at=updated,
                         sources=sources)  # fmt: skip
    writer = AnnotationJson(CONTEXT)
    try:
        expected = dumps_html_safe(claim_annotation(record, CONTEXT, Manifest()))
    except ValueError:  # urlsplit refuses a host with one bracket: so must the writer
        with pytest.raises(ValueError):
            writer.annotation(record, record.verdict)
        return
    assert writer.annotation(record, record.verdict) == expected
    assert writer.annotation(record, record.verdict) == expected  # with the days it kept


@pytest.mark.parametrize("page_size", [None, 1, 7, 1000])
def test_both_layouts_write_the_readable_definitions_bytes(page_size):
    # Enough hostile annotations for several chunks, which are escaped a chunk at a time.
    records = nasty_records(101)
    records[60] = replace(records[60], verdict=None)
    expected = [
        dumps_html_safe(annotation)
        for record in records
        if (annotation := claim_annotation(record, CONTEXT, Manifest())) is not None
    ]
    manifest = Manifest()
    chunks = list(W3CFormat(page_size).stream(records, CONTEXT, manifest))
    assert len(chunks) > 3
    assert manifest.exported == len(expected) == 100
    text = b"".join(chunks).decode()
    if page_size is None:
        assert '"items":[\n' + ",\n".join(expected) + "\n]" in text
        return
    lines = text.splitlines()
    assert len(lines) == -(-len(expected) // page_size)
    for number, line in enumerate(lines):
        page = expected[number * page_size : (number + 1) * page_size]
        assert '"items":[' + ",".join(page) + "]" in line
