"""JSON Lines: one self-contained claim a line, everything in the record."""

import json
from dataclasses import fields

from factcheck.exports.formats import JsonLinesFormat
from factcheck.exports.records import ClaimRecord
from tests.exports.factories import make_record, nasty_records, run_export, sorted_keys_hook


def test_every_record_field_is_in_its_line():
    data, manifest = run_export(JsonLinesFormat(), [make_record(3)])
    [line] = data.decode().splitlines()
    claim = json.loads(line, object_pairs_hook=sorted_keys_hook)
    assert claim["uid"] == "claim-3"
    assert claim["article"]["published_on"] == "2021-04-01"
    assert claim["verdict"]["fever_label"] == "REFUTES"
    assert claim["decided_at"] == "2026-02-28T12:00:00Z"
    assert claim["tags"] == ["human rights", "statistics"]
    assert [s["counts"] for s in claim["sources"]] == [True, False]
    assert claim["reviews"][1]["reviewer"] == "bob"
    assert claim["reviews"][0]["rating"]["label"] == "False"
    assert claim["corrections"] == []
    assert manifest.exported == 1


def test_line_holds_every_field_of_the_contract():
    data, _ = run_export(JsonLinesFormat(), [make_record(1)])
    # counted_reviews stands in for the reviews when only their number was read (CSV); the
    # line holds the reviews themselves.
    expected = {f.name for f in fields(ClaimRecord)} - {"counted_reviews"}
    assert set(json.loads(data)) == expected


def test_hostile_text_stays_one_line_per_claim_and_round_trips():
    records = nasty_records(16)
    data, _ = run_export(JsonLinesFormat(), records)
    text = data.decode()
    assert text.count("\n") == len(records) and text.endswith("\n")
    lines = text.splitlines()  # also splits on U+2028 / U+0085 if any were left raw
    assert len(lines) == len(records)
    for record, line in zip(records, lines, strict=True):
        claim = json.loads(line)
        assert claim["exact"] == record.exact
        assert claim["article"]["title"] == record.article.title
        assert claim["corrections"][0]["note"] == record.corrections[0].note
        assert claim["sources"][0]["excerpt"] == record.sources[0].excerpt
    assert "😀" in text and "ខ្ញុំ" in text and "مرحبا" in text  # UTF-8, not \\u escapes


def test_claim_without_verdict_or_dates_uses_nulls():
    data, _ = run_export(JsonLinesFormat(), [make_record(1, verdict=None, decided_at=None)])
    claim = json.loads(data)
    assert claim["verdict"] is None and claim["decided_at"] is None


def test_the_fast_writer_matches_the_readable_definition_byte_for_byte():
    from factcheck.exports.formats._common import dumps
    from factcheck.exports.formats.jsonl import ClaimJson, claim_dict
    from factcheck.exports.records import CorrectionRecord
    from tests.exports.factories import NOW, make_article

    writer = ClaimJson()
    records = [
        *nasty_records(24),
        make_record(1, verdict=None, decided_at=None, claimed_on=None, tags=()),
        make_record(2, article=make_article(published_on=None), sources=(), reviews=()),
        make_record(3, corrections=(CorrectionRecord(NOW, "erin", "fixed", "True", "old"),)),
    ]
    for record in records:
        assert writer.claim(record) == dumps(claim_dict(record)) + "\n"
