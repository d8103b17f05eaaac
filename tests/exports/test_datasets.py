"""FEVER-like and AVeriTeC-like files: only honest label mappings, the rest in the manifest."""

import json
from datetime import date

from factcheck.exports.formats import AveritecFormat, FeverFormat
from tests.exports.factories import (
    SCALE,
    make_article,
    make_rating,
    make_record,
    make_source,
    nasty_records,
    run_export,
    sorted_keys_hook,
)


def fever_lines(*records):
    data, manifest = run_export(FeverFormat(), records)
    lines = [json.loads(line, object_pairs_hook=sorted_keys_hook) for line in data.splitlines()]
    return lines, manifest


def averitec_items(*records):
    data, manifest = run_export(AveritecFormat(), records)
    return json.loads(data, object_pairs_hook=sorted_keys_hook), manifest


def test_fever_refuted_claim_carries_its_counting_sources_as_one_evidence_set():
    [line], manifest = fever_lines(make_record(8))
    assert line["id"] == 8
    assert line["label"] == "REFUTES"
    assert line["claim"] == "The US report documented 62 cases of abuse."
    assert line["evidence"] == [[[8, 1, "https://www.state.gov/reports/2020/cambodia#1", None]]]
    assert [s["evidence_id"] for s in line["sources"]] == [1]  # source 2 does not count
    assert line["claim_uid"] == "claim-8"
    assert manifest.exported == 1 and manifest.skipped == []


def test_fever_labels_follow_the_ratings_mapping_and_unmapped_claims_are_listed():
    records = [make_record(n, verdict=rating) for n, rating in enumerate(SCALE.values(), 1)]
    lines, manifest = fever_lines(*records, make_record(99, verdict=None))
    assert [(line["id"], line["label"]) for line in lines] == [
        (1, "SUPPORTS"),
        (6, "REFUTES"),
        (7, "NOT ENOUGH INFO"),
    ]
    assert [(uid, code) for uid, _, code, _ in manifest.skipped] == [
        ("claim-2", "no_fever_mapping"),
        ("claim-3", "no_fever_mapping"),
        ("claim-4", "no_fever_mapping"),
        ("claim-5", "no_fever_mapping"),
        ("claim-99", "no_verdict"),
    ]
    assert manifest.skipped[0][3] == "rating 'Mostly true' (default) has no FEVER label"
    report = json.loads(manifest.to_json())
    assert report["counts"]["skipped"] == {"no_fever_mapping": 4, "no_verdict": 1}
    assert report["exported"] == 3 and report["format"] == "fever"


def test_fever_not_enough_info_has_the_null_evidence_of_fever():
    [line], _ = fever_lines(make_record(3, verdict=make_rating("unverifiable")))
    assert line["evidence"] == [[[3, None, None, None]]]


def test_fever_label_without_counting_source_is_exported_with_a_warning():
    record = make_record(4, sources=(make_source(1, counts=False),))
    [line], manifest = fever_lines(record)
    assert line["evidence"] == []
    assert [w[2] for w in manifest.warnings] == ["no_evidence"]


def test_a_label_that_is_not_a_dataset_label_is_never_exported():
    made_up = make_rating("false", fever_label="FALSE", averitec_label="False")
    lines, manifest = fever_lines(make_record(1, verdict=made_up))
    assert lines == [] and manifest.skipped[0][2] == "unknown_fever_label"
    items, manifest = averitec_items(make_record(1, verdict=made_up))
    assert items == [] and manifest.skipped[0][2] == "unknown_averitec_label"


def test_fever_claim_falls_back_to_the_quote():
    [line], _ = fever_lines(make_record(1, summary=""))
    assert line["claim"] == "62 cases"


def test_averitec_item_uses_the_dataset_field_names():
    [item], manifest = averitec_items(make_record(2, claimed_on=date(2020, 8, 5)))
    assert item == {
        "claim_id": 2,
        "claim_uid": "claim-2",
        "claim": "The US report documented 62 cases of abuse.",
        "required_reannotation": False,
        "label": "Refuted",
        "justification": "We read the report's Cambodia chapter and counted 60 cases.",
        "claim_date": "5-8-2020",
        "speaker": "CamboJA News",
        "original_claim_url": "https://cambojanews.example/2021/04/us-report",
        "cached_original_claim_url": None,
        "fact_checking_article": "https://factcheck.example/fact-checks/claim-2/",
        "reporting_source": "CamboJA News",
        "location_ISO_code": None,
        "claim_types": [],
        "fact_checking_strategies": [],
        "questions": [],
        "sources": [
            {
                "evidence_id": 1,
                "url": "https://www.state.gov/reports/2020/cambodia#1",
                "title": "2020 Country Reports on Human Rights Practices: Cambodia",
                "excerpt": "The report lists 60 cases.",
                "stance": "refutes",
                "archive_url": "https://web.archive.org/web/2021/https://www.state.gov/1",
                "accessed_on": "2021-04-02",
                "counts": True,
            },
            {
                "evidence_id": 2,
                "url": "https://www.state.gov/reports/2020/cambodia#2",
                "title": "2020 Country Reports on Human Rights Practices: Cambodia",
                "excerpt": "The report lists 60 cases.",
                "stance": "context",
                "archive_url": "https://web.archive.org/web/2021/https://www.state.gov/2",
                "accessed_on": "2021-04-02",
                "counts": False,
            },
        ],
    }
    assert manifest.exported == 1


def test_averitec_labels_follow_the_mapping_and_unknowns_become_null():
    records = [make_record(n, verdict=rating) for n, rating in enumerate(SCALE.values(), 1)]
    records.append(
        make_record(
            50,
            claimant="",
            claimed_on=None,
            published_url="",
            article=make_article(url="", publisher=""),
        )
    )
    items, manifest = averitec_items(*records)
    assert [(i["claim_id"], i["label"]) for i in items] == [
        (1, "Supported"),
        (3, "Conflicting Evidence/Cherrypicking"),
        (4, "Conflicting Evidence/Cherrypicking"),
        (6, "Refuted"),
        (7, "Not Enough Evidence"),
        (50, "Refuted"),
    ]
    assert [uid for uid, *_ in manifest.skipped] == ["claim-2", "claim-5"]
    last = items[-1]
    assert last["speaker"] is None and last["claim_date"] is None
    assert last["original_claim_url"] is None and last["fact_checking_article"] is None
    assert last["reporting_source"] is None


def test_dataset_files_round_trip_hostile_text():
    records = nasty_records(16)
    fever, _ = fever_lines(*records)
    averitec, _ = averitec_items(*records)
    by_id = {record.id: record for record in records}
    for line in fever:
        assert line["claim"] == by_id[line["id"]].summary.strip()
    for item in averitec:
        record = by_id[item["claim_id"]]
        assert item["justification"] == record.rationale.strip()
        assert item["speaker"] == record.claimant


def test_empty_averitec_file_is_an_empty_array():
    assert run_export(AveritecFormat(), [])[0] == b"[]\n"
