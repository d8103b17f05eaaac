"""suggest(): check-worthy sentences with reasons, on the seed article and in three scripts."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from factcheck.text import normalise, segment
from factcheck.text.offsets import is_grapheme_boundary
from factcheck.text.suggest import THRESHOLD, Suggestion, suggest

from .strategies import LANGUAGES, property_settings, raw_texts, raw_texts_with_surrogates

SEED = Path(__file__).resolve().parents[2] / "seeds/articles/cambodia-2020-human-rights-report.txt"


@pytest.fixture(scope="module")
def seed_text() -> str:
    return normalise(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_suggestions(seed_text: str) -> list[Suggestion]:
    return suggest(seed_text, language="en")


def containing(suggestions: list[Suggestion], words: str) -> Suggestion:
    found = [s for s in suggestions if words in s.exact]
    assert len(found) == 1, f"expected one suggestion containing {words!r}, got {found}"
    return found[0]


def test_seed_suggests_the_35_page_report_as_a_cited_document(seed_suggestions):
    report = containing(seed_suggestions, "the 35-page report stated")
    assert 'a cited document ("the 35-page report")' in report.reasons


def test_seed_suggests_62_cases_as_a_number_with_a_unit(seed_suggestions):
    cases = containing(seed_suggestions, "62 cases")
    assert 'a number with a unit ("62 cases")' in cases.reasons
    assert 'a date or period ("July of last year")' in cases.reasons


def test_seed_suggests_185_assemblies_with_its_period(seed_suggestions):
    total = containing(seed_suggestions, "185 assemblies")
    assert total.reasons == (
        'a number with a unit ("185 assemblies")',
        'a date or period ("from April 2019 to March 2020")',
    )


def test_seed_suggests_the_parts_101_to_16(seed_suggestions):
    parts = containing(seed_suggestions, "Of those, 101")
    assert parts.exact.endswith("with the remaining 16 conducted for other reasons.")
    assert 'numbers ("101", "68", "16")' in parts.reasons


def test_seed_attributes_quotes_to_named_people(seed_suggestions):
    quote = containing(seed_suggestions, "Rodemeier said")
    assert 'a statement attributed to a named person ("Rodemeier said")' in quote.reasons
    officer = containing(seed_suggestions, "Chad Roedemeier")
    assert officer.reasons[0] == (
        'a statement attributed to a named person ("Chad Roedemeier … explained")'
    )


def test_seed_suggests_nothing_in_the_site_name_or_the_photo_caption(seed_text, seed_suggestions):
    site_name = "Cambodian Journalists Alliance Association"
    caption = "Family members of former officials of the deposed CNRP political opposition"
    assert seed_text.startswith(site_name + "\n")
    caption_starts = [i for i in range(len(seed_text)) if seed_text.startswith(caption, i)]
    assert len(caption_starts) == 2
    excluded = [(0, len(site_name))] + [
        (start, seed_text.index("\n", start)) for start in caption_starts
    ]
    for suggestion in seed_suggestions:
        for start, end in excluded:
            assert suggestion.end <= start or suggestion.start >= end, suggestion


def test_a_caption_is_skipped_even_when_it_is_printed_once():
    text = (
        "Protesters gather outside the court on 12 March 2020, with 300 people present."
        "Reuters/Jane Doe\n"
        "Police said 300 people gathered outside the court."
    )
    assert [s.exact for s in suggest(text)] == [
        "Police said 300 people gathered outside the court."
    ]


def test_a_short_heading_without_a_full_stop_is_not_prose():
    assert suggest("The Report of 2020\nThe 35-page report lists 62 cases.") == [
        Suggestion(
            19,
            53,
            "The 35-page report lists 62 cases.",
            0.8,
            (
                'numbers with units ("35-page", "62 cases")',
                'a cited document ("The 35-page report")',
            ),
        )
    ]


def test_a_sentence_with_nothing_to_check_is_not_suggested():
    assert suggest("The weather was pleasant and everyone went home.") == []
    assert suggest("It happened in 2020.") == []  # a lone date is below the threshold


def test_a_comparison_is_named_with_its_words():
    [found] = suggest("Arrests rose to 120 in 2021, the highest since 2015.")
    assert 'comparisons ("rose to 120", "the highest since 2015")' in found.reasons


def test_khmer_sentence_with_khmer_digits():
    text = "អង្គការមួយបានកត់ត្រា ៦២ ករណី នៃការរំលោភសិទ្ធិ ក្នុងខែកក្កដា ឆ្នាំ២០២០។ ខ្ញុំទៅផ្សារ។"
    [found] = suggest(text, language="km")
    assert found.exact == "អង្គការមួយបានកត់ត្រា ៦២ ករណី នៃការរំលោភសិទ្ធិ ក្នុងខែកក្កដា ឆ្នាំ២០២០។"
    assert found.reasons == (
        'a number with a unit ("៦២ ករណី")',
        'a date or period ("ខែកក្កដា ឆ្នាំ២០២០")',
    )


def test_arabic_quote_attributed_to_a_named_person_with_arabic_indic_digits():
    text = "وقال أحمد حسن: «سجلنا ٦٢ حالة اعتقال في عام ٢٠٢٠، وهو أعلى من العام السابق»."
    [found] = suggest(text, language="ar")
    assert (found.start, found.end) == (0, len(text))
    assert 'a statement attributed to a named person ("وقال أحمد حسن")' in found.reasons
    assert 'a number with a unit ("٦٢ حالة")' in found.reasons
    assert 'a date or period ("عام ٢٠٢٠")' in found.reasons
    assert any(reason.startswith("a direct quote") for reason in found.reasons)


def test_a_sentence_claimed_exactly_is_not_suggested_again(seed_text, seed_suggestions):
    claimed = containing(seed_suggestions, "62 cases")
    again = suggest(seed_text, language="en", spans=[(claimed.start, claimed.end)])
    assert claimed not in again
    assert len(again) == len(seed_suggestions) - 1
    # A claim on part of the sentence leaves the sentence suggested.
    partial = suggest(seed_text, language="en", spans=[(claimed.start, claimed.end - 1)])
    assert partial == seed_suggestions


def test_given_paragraphs_give_the_same_result(seed_text, seed_suggestions):
    paragraphs = segment(seed_text, "en")
    assert suggest(seed_text, language="en", paragraphs=paragraphs) == seed_suggestions


@property_settings
@given(raw_texts, LANGUAGES)
def test_every_suggestion_is_a_valid_code_point_range(raw, language):
    text = normalise(raw)
    for found in suggest(text, language=language):
        assert 0 <= found.start < found.end <= len(text)
        assert text[found.start : found.end] == found.exact
        assert is_grapheme_boundary(text, found.start)
        assert is_grapheme_boundary(text, found.end)
        assert THRESHOLD <= found.score <= 1
        assert found.reasons


@property_settings
@given(raw_texts, LANGUAGES)
def test_suggesting_is_deterministic(raw, language):
    text = normalise(raw)
    assert suggest(text, language=language) == suggest(text, language=language)


@property_settings
@given(raw_texts, LANGUAGES)
def test_suggest_takes_any_text_even_unnormalised(raw, language):
    for found in suggest(raw, language=language):
        assert raw[found.start : found.end] == found.exact


@property_settings
@given(raw_texts_with_surrogates, LANGUAGES)
def test_any_string_is_suggested_on_without_an_exception(raw, language):
    for found in suggest(raw, language=language):
        assert raw[found.start : found.end] == found.exact


@pytest.mark.parametrize(
    "sentence",
    ["Officials denied it on Monday.", "Police said 3 people died.", "Critics said so in 2020."],
)
def test_a_group_at_the_start_of_a_sentence_is_no_named_person(sentence):
    reasons = " ".join(reason for s in suggest(sentence, language="en") for reason in s.reasons)
    assert "named person" not in reasons


def test_a_named_person_at_the_start_of_a_sentence_still_is():
    [found] = suggest("Sopheap said 62 cases were recorded.", language="en")
    assert any("named person" in reason and "Sopheap said" in reason for reason in found.reasons)
