"""CSV: RFC 4180, formula injection neutralised, and a faithful round trip."""

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.exports.formats import CsvFormat, csvformat
from factcheck.exports.formats.csvformat import COLUMNS, line, neutralise, unneutralise
from tests.exports.factories import (
    NASTY,
    make_article,
    make_record,
    make_source,
    nasty_records,
    run_export,
)


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_one_row_per_claim_with_the_expected_columns():
    data, manifest = run_export(CsvFormat(), [make_record(4), make_record(5, verdict=None)])
    header, first, second = rows_of(data)
    assert tuple(header) == COLUMNS
    assert dict(zip(header, first, strict=True)) == {
        "article_title": "US report finds 62 cases of abuse",
        "article_url": "https://cambojanews.example/2021/04/us-report",
        "quote": "62 cases",
        "revision_number": "1",
        "start": "120",
        "end": "128",
        "anchor": "exact",
        "summary": "The US report documented 62 cases of abuse.",
        "claimant": "CamboJA News",
        "claimed_on": "2021-04-01",
        "status": "verified",
        "rating": "False",
        "rationale": "We read the report's Cambodia chapter and counted 60 cases.",
        "public_summary": "The report lists 60 cases, not 62.",
        "sources": "https://www.state.gov/reports/2020/cambodia#1 | "
        "https://www.state.gov/reports/2020/cambodia#2",
        "tags": "human rights | statistics",
        "decided_by": "erin",
        "decided_at": "2026-02-28T12:00:00Z",
        "reviews": "2",
        "claim_uid": "claim-4",
    }
    assert second[COLUMNS.index("rating")] == ""
    assert manifest.exported == 2


def test_rows_end_with_crlf_and_bom_is_optional():
    plain, _ = run_export(CsvFormat(), [make_record(1)])
    with_bom, _ = run_export(CsvFormat(bom=True), [make_record(1)])
    assert plain.startswith(b"article_title,") and plain.endswith(b"\r\n")
    assert with_bom == b"\xef\xbb\xbf" + plain


NOT_FREE_TEXT = {
    "revision_number",
    "start",
    "end",
    "anchor",
    "claimed_on",
    "status",
    "rating",
    "decided_at",
    "reviews",
    "claim_uid",
}
TEXT_COLUMNS = [column for column in COLUMNS if column not in NOT_FREE_TEXT]


@pytest.mark.parametrize(
    "payload",
    [
        "=1+1",
        '=HYPERLINK("http://evil.example","click")',
        "+SUM(A1:A2)",
        "-2+3",
        "@SUM(A1)",
        "\t=1+1",
        "\r=1+1",
        "=cmd|' /C calc'!A0",
        "'=1+1",  # already looks neutralised: gets one more apostrophe, so it round-trips
    ],
)
def test_formula_injection_is_neutralised_in_every_text_column(payload):
    record = make_record(
        1,
        article=make_article(title=payload, url=payload),
        exact=payload,
        summary=payload,
        claimant=payload,
        rationale=payload,
        public_summary=payload,
        decided_by=payload,
        tags=(payload,),
        sources=(make_source(1, url=payload),),
    )
    data, _ = run_export(CsvFormat(), [record])
    _, row = rows_of(data)
    for column in TEXT_COLUMNS:
        cell = row[COLUMNS.index(column)]
        assert cell.startswith("'"), (column, cell)
        assert unneutralise(cell) == payload


def test_harmless_cells_are_left_alone():
    for text in ("62 cases", "'quoted'", "", "1-2", "a=b", "ខ្មែរ", "😀 =x"):
        assert neutralise(text) == text
        assert unneutralise(neutralise(text)) == text


def test_hostile_text_parses_back_to_the_same_values():
    records = nasty_records(len(NASTY) * 2)
    data, _ = run_export(CsvFormat(bom=True), records)
    header, *rows = rows_of(data)
    assert len(rows) == len(records)
    for record, row in zip(records, rows, strict=True):
        cells = dict(zip(header, (unneutralise(cell) for cell in row), strict=True))
        assert cells["article_title"] == record.article.title
        assert cells["quote"] == record.exact
        assert cells["summary"] == record.summary
        assert cells["claimant"] == record.claimant
        assert cells["rationale"] == record.rationale
        assert cells["public_summary"] == record.public_summary
        assert cells["tags"] == " | ".join(record.tags)
        assert cells["decided_by"] == record.decided_by
        assert (int(cells["start"]), int(cells["end"])) == (record.start, record.end)


def test_quotes_commas_and_newlines_follow_rfc_4180():
    data, _ = run_export(CsvFormat(), [make_record(1, summary='He said "yes", then\nleft')])
    assert b'"He said ""yes"", then\nleft"' in data


# The characters csv.writer treats specially, formula starters, and any others.
CELL_TEXT = st.text(st.sampled_from(list(",\"\r\n\t '=+-@;x\u2028😀ខ\x00")) | st.characters())


@given(st.lists(CELL_TEXT, max_size=20))
def test_line_writes_what_csv_writer_writes(cells):
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n").writerow(cells)
    assert line(cells) == buffer.getvalue()


def test_line_quotes_as_csv_writer_does_for_hostile_rows():
    for record in nasty_records(len(NASTY) * 2):
        cells = csvformat.row(record)
        buffer = io.StringIO()
        csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n").writerow(cells)
        assert line(cells) == buffer.getvalue()
