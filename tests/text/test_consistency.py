"""check(): sums, name variants, restated numbers and impossible dates, with their spans."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from factcheck.text import normalise
from factcheck.text.consistency import Finding, FoundSpan, check
from factcheck.text.offsets import is_grapheme_boundary

from .strategies import LANGUAGES, property_settings, raw_texts, raw_texts_with_surrogates

SEED = Path(__file__).resolve().parents[2] / "seeds/articles/cambodia-2020-human-rights-report.txt"


@pytest.fixture(scope="module")
def seed_text() -> str:
    return normalise(SEED.read_text(encoding="utf-8"))


def only(findings: list[Finding], kind: str) -> Finding:
    found = [f for f in findings if f.kind == kind]
    assert len(found) == 1, found
    return found[0]


def exacts(finding: Finding) -> list[str]:
    return [span.exact for span in finding.spans]


def test_seed_sum_of_185_assemblies_adds_up(seed_text):
    total = only(check(seed_text, language="en"), "sum")
    assert total.status == "consistent"
    assert total.explanation == "101 + 68 + 16 = 185: consistent"
    assert exacts(total) == ["185", "101", "68", "16"]
    assert seed_text[total.spans[0].start : total.spans[0].start + 16] == "185 assemblies t"


def test_seed_links_roedemeier_and_rodemeier(seed_text):
    names = only(check(seed_text, language="en"), "name_variant")
    assert names.status == "variant"
    assert exacts(names) == ["Roedemeier", "Rodemeier"]
    assert seed_text[names.spans[0].start - 5 : names.spans[0].end] == "Chad Roedemeier"
    assert '"Roedemeier" (once) and "Rodemeier" (once)' in names.explanation


def test_seed_has_no_other_findings(seed_text):
    assert sorted(f.kind for f in check(seed_text, language="en")) == ["name_variant", "sum"]


def test_an_inconsistent_sum_shows_its_arithmetic():
    text = (
        "The group recorded a total of 185 assemblies. Of those, 101 were about land and "
        "68 about wages, with the remaining 20 held for other reasons."
    )
    [total] = check(text)
    at = text.index
    assert total == Finding(
        "sum",
        "inconsistent",
        (
            FoundSpan(at("185"), at("185") + 3, "185"),
            FoundSpan(at("101"), at("101") + 3, "101"),
            FoundSpan(at("68"), at("68") + 2, "68"),
            FoundSpan(at("20 held"), at("20 held") + 2, "20"),
        ),
        "101 + 68 + 20 = 189, not 185: inconsistent",
    )


def test_parts_that_need_not_cover_the_whole_may_fall_short_but_not_exceed_it():
    [short] = check("A total of 50 people came, including 20 children and 10 elders.")
    assert short.status == "consistent"
    assert short.explanation.startswith("20 + 10 = 30, within the total of 50: consistent")
    [over] = check("A total of 50 people came, including 40 children and 20 elders.")
    assert over.status == "inconsistent"
    assert over.explanation == "40 + 20 = 60, more than the total of 50: inconsistent"


def test_percentages_of_a_whole_add_up_to_100():
    [whole] = check("It polled 1,000 people, of which 60% agreed, 30% disagreed and 10% other.")
    assert (whole.status, whole.explanation) == ("consistent", "60% + 30% + 10% = 100%: consistent")
    [open_rest] = check("It polled 1,000 people, of which 60% agreed and the rest did not answer.")
    assert open_rest.status == "consistent"


def test_a_year_or_a_day_among_the_parts_is_not_counted():
    [total] = check(
        "A total of 30 cases were filed. Of those, 10 were heard on 12 March 2020 "
        "and the remaining 20 in 2021."
    )
    assert total.explanation == "10 + 20 = 30: consistent"


def test_a_sum_in_khmer_digits():
    text = (
        "អង្គការបានកត់ត្រាការជួបប្រជុំសរុប ១៨៥ ដង។ "
        "ក្នុងនោះ ១០១ ដងទាក់ទងនឹងដីធ្លី និង ៦៨ ដងទាក់ទងនឹងកម្មករ ហើយ ១៦ ដងនៅសល់ផ្សេងទៀត។"
    )
    [total] = check(text, language="km")
    assert exacts(total) == ["១៨៥", "១០១", "៦៨", "១៦"]
    assert total.explanation == "101 + 68 + 16 = 185: consistent"


def test_a_sum_in_arabic_indic_digits_with_a_glued_and():
    text = (
        "سجلت المنظمة ما مجموعه ١٨٥ تجمعا، منها ١٠١ حول الأرض "
        "و٦٨ حول العمال والباقي ١٧ لأسباب أخرى."
    )
    [total] = check(text, language="ar")
    assert exacts(total) == ["١٨٥", "١٠١", "٦٨", "١٧"]
    assert (total.status, total.explanation) == (
        "inconsistent",
        "101 + 68 + 17 = 186, not 185: inconsistent",
    )


def test_inflections_and_different_names_are_not_variants():
    text = (
        "Officials in Cambodia met Cambodian unions. Sopheap said so, and Sophea agreed. "
        "Later Sopheap’s office and the Department’s staff met Department heads."
    )
    # "Sopheap"/"Sophea" (one letter apart) is a real pair; the rest are forms of one word.
    [names] = check(text)
    assert names.kind == "name_variant"
    assert exacts(names) == ["Sopheap", "Sophea", "Sopheap"]


def test_a_number_restated_with_another_value():
    text = (
        "There were 62 cases of violations of assembly rights. "
        "The NGO counted 64 cases of violations of assembly rights."
    )
    restated = only(check(text), "number_restated")
    assert restated.status == "inconsistent"
    assert exacts(restated) == ["62 cases of violations of", "64 cases of violations of"]
    assert restated.explanation == (
        '"cases of violations of" is stated with different numbers (62, 64)'
    )


def test_a_weekday_that_does_not_fall_on_its_date():
    [date] = check("The court sat on Tuesday, 12 March 2020 to hear it.")
    assert exacts(date) == ["Tuesday, 12 March 2020"]
    assert date.explanation.endswith("12 March 2020 was a Thursday, not a Tuesday")
    assert check("The court sat on Thursday, March 12, 2020 to hear it.") == []


def test_a_period_that_ends_before_it_starts():
    [date] = check("Protests took place from April 2020 to March 2019.")
    assert date.explanation == '"from April 2020 to March 2019": the period ends before it starts'
    assert check("Protests took place from April 2019 to March 2020.") == []


@property_settings
@given(raw_texts, LANGUAGES)
def test_every_finding_span_is_a_valid_code_point_range(raw, language):
    text = normalise(raw)
    for finding in check(text, language=language):
        assert finding.spans and finding.explanation
        for span in finding.spans:
            assert 0 <= span.start < span.end <= len(text)
            assert text[span.start : span.end] == span.exact
            assert is_grapheme_boundary(text, span.start)
            assert is_grapheme_boundary(text, span.end)


@property_settings
@given(raw_texts, LANGUAGES)
def test_checking_is_deterministic(raw, language):
    text = normalise(raw)
    assert check(text, language=language) == check(text, language=language)


@property_settings
@given(raw_texts_with_surrogates, LANGUAGES)
def test_any_string_is_checked_without_an_exception(raw, language):
    for finding in check(raw, language=language):
        for span in finding.spans:
            assert raw[span.start : span.end] == span.exact
