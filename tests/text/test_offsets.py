"""UTF-16 / code point conversion and grapheme cluster boundaries."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.text import (
    codepoint_to_utf16,
    grapheme_boundaries,
    grapheme_ceil,
    grapheme_floor,
    is_grapheme_boundary,
    normalise,
    splits_grapheme,
    utf16_length,
    utf16_offsets_to_codepoints,
    utf16_to_codepoint,
)
from factcheck.text.offsets import _PLAIN_LEFT, _PLAIN_RIGHT, _SPACING_LETTERS

from .strategies import property_settings, raw_texts, raw_texts_with_surrogates

FAMILY = "👨\u200d👩\u200d👧"


def reference_utf16(text: str, cp_offset: int) -> int:
    return len(text[:cp_offset].encode("utf-16-le", "surrogatepass")) // 2


def test_astral_characters_count_two_utf16_units():
    text = "a😀b"
    assert [codepoint_to_utf16(text, i) for i in range(4)] == [0, 1, 3, 4]
    assert [utf16_to_codepoint(text, u) for u in (0, 1, 3, 4)] == [0, 1, 2, 3]
    assert utf16_length(text) == 4


def test_utf16_offset_inside_a_surrogate_pair_is_refused():
    with pytest.raises(ValueError, match="surrogate pair"):
        utf16_to_codepoint("a😀b", 2)


@pytest.mark.parametrize("offset", [-1, 5])
def test_utf16_offset_outside_the_text_is_refused(offset):
    with pytest.raises(ValueError, match="outside"):
        utf16_to_codepoint("a😀b", offset)


@pytest.mark.parametrize("offset", [-1, 4])
def test_code_point_offset_outside_the_text_is_refused(offset):
    with pytest.raises(ValueError, match="outside"):
        codepoint_to_utf16("a😀b", offset)


@pytest.mark.parametrize("text", ["abc", "ខ្ញុំ", ""])
def test_bmp_text_converts_offsets_unchanged_but_still_checks_range(text):
    assert utf16_offsets_to_codepoints(text, range(len(text) + 1)) == list(range(len(text) + 1))
    with pytest.raises(ValueError):
        utf16_offsets_to_codepoints(text, [len(text) + 1])


def test_icu_reports_utf16_and_grapheme_boundaries_are_code_points():
    assert grapheme_boundaries("a" + FAMILY + "b") == [0, 1, 6, 7]
    assert grapheme_boundaries("") == [0]
    assert grapheme_boundaries("e\u0301🇰🇭x") == [0, 2, 4, 5]


def test_a_space_carries_a_following_accent():
    assert not is_grapheme_boundary("a \u0301b", 2)


def test_splits_grapheme():
    text = "I ❤️ 👍🏽!"
    assert not splits_grapheme(text, 0, len(text))
    assert splits_grapheme(text, 2, 3)  # heart without its variation selector
    assert splits_grapheme(text, 5, 6)  # thumb without its skin tone
    assert not splits_grapheme(text, 5, 7)


def test_grapheme_floor_and_ceil_snap_to_the_cluster():
    text = "x" + FAMILY + "y"
    assert grapheme_floor(text, 3) == 1
    assert grapheme_ceil(text, 3) == 6
    assert grapheme_floor(text, 6) == grapheme_ceil(text, 6) == 6


def test_long_run_of_regional_indicators_needs_the_whole_run():
    # Pairing counts from the start of the run: the window must not start inside it.
    text = "ab " + "🇰" * 301 + " cd"
    boundaries = set(grapheme_boundaries(text))
    assert all(is_grapheme_boundary(text, i) == (i in boundaries) for i in range(len(text) + 1))
    assert is_grapheme_boundary(text, 3 + 300)
    assert not is_grapheme_boundary(text, 3 + 299)


@property_settings
@given(raw_texts_with_surrogates)
def test_code_point_to_utf16_matches_the_reference(text):
    for i in range(len(text) + 1):
        assert codepoint_to_utf16(text, i) == reference_utf16(text, i)
    assert utf16_length(text) == reference_utf16(text, len(text))


@property_settings
@given(raw_texts_with_surrogates)
def test_utf16_to_code_point_round_trips_and_refuses_half_pairs(text):
    valid = {reference_utf16(text, i): i for i in range(len(text) + 1)}
    for unit in range(utf16_length(text) + 1):
        if unit in valid:
            assert utf16_to_codepoint(text, unit) == valid[unit]
        else:
            with pytest.raises(ValueError):
                utf16_to_codepoint(text, unit)
    assert utf16_offsets_to_codepoints(text, sorted(valid)) == sorted(valid.values())


@property_settings
@given(raw_texts, st.data())
def test_bulk_conversion_accepts_any_order(raw, data):
    text = normalise(raw)
    cps = data.draw(st.lists(st.integers(0, len(text)), max_size=20))
    units = [codepoint_to_utf16(text, i) for i in cps]
    assert utf16_offsets_to_codepoints(text, units) == cps


@property_settings
@given(raw_texts)
def test_windowed_grapheme_checks_agree_with_the_whole_text(raw):
    text = normalise(raw)
    boundaries = grapheme_boundaries(text)
    assert boundaries[0] == 0
    assert boundaries[-1] == len(text)
    assert boundaries == sorted(set(boundaries))
    as_set = set(boundaries)
    for i in range(len(text) + 1):
        assert is_grapheme_boundary(text, i) == (i in as_set)
        assert grapheme_floor(text, i) == max(b for b in boundaries if b <= i)
        assert grapheme_ceil(text, i) == min(b for b in boundaries if b >= i)


@property_settings
@given(raw_texts_with_surrogates)
def test_grapheme_functions_accept_unnormalised_text(text):
    boundaries = set(grapheme_boundaries(text))
    for i in range(len(text) + 1):
        assert is_grapheme_boundary(text, i) == (i in boundaries)


def assigned(categories: frozenset[str]) -> list[str]:
    return [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) in categories]


def test_plain_category_pairs_are_grapheme_boundaries_for_the_installed_icu():
    # offsets.py skips ICU between a "plain" left and right character, judged by Python's
    # Unicode database; check that against ICU's rules, which may be a newer Unicode.
    rights = [c for c in assigned(_PLAIN_RIGHT) if c not in _SPACING_LETTERS]
    joined = "".join(f"\ta{c}" for c in rights)
    cut = set(grapheme_boundaries(joined))
    assert [c for i, c in enumerate(rights) if 3 * i + 2 not in cut] == []

    # Right-hand characters that join a cluster after Prepend, Hangul jamo, a flag half...
    samples = ["a", "\u1100", "\u1161", "\u11a8", "가", "क", "🇰", "😀"]
    lefts = assigned(_PLAIN_LEFT)
    cases = [(f"\t{c}", sample) for c in lefts for sample in samples]
    cases += [(f"\tक\u094d{c}", "क") for c in lefts]  # a conjunct cannot run through c
    cases += [(f"\t🇰{c}", "🇰") for c in lefts]  # nor a flag
    joined = "".join(head + tail for head, tail in cases)
    cut = set(grapheme_boundaries(joined))
    position, failures = 0, []
    for head, tail in cases:
        position += len(head)
        if position not in cut:
            failures.append(head + tail)
        position += len(tail)
    assert failures == []


def test_the_letters_that_extend_a_cluster_are_the_known_ones():
    letters = assigned(frozenset(["Lo"]))
    joined = "".join(f"\ta{c}" for c in letters)
    cut = set(grapheme_boundaries(joined))
    assert {c for i, c in enumerate(letters) if 3 * i + 2 not in cut} == _SPACING_LETTERS
