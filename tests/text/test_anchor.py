"""Claim anchoring: range checks, quote selectors and finding a quote again."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.text import (
    AnchorError,
    Quote,
    check_range,
    find_quote,
    normalise,
    quote_at,
    verify_anchor,
)

from .strategies import property_settings, raw_texts, repeated_texts

TEXT = "The report lists 62 cases. The report lists 185 assemblies."


def test_quote_at_takes_context_either_side():
    start = TEXT.index("62 cases")
    assert quote_at(TEXT, start, start + 8, context=6) == Quote(
        exact="62 cases", prefix="lists ", suffix=". The "
    )
    assert quote_at(TEXT, 0, 3) == Quote(exact="The", prefix="", suffix=TEXT[3:35])


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        (True, 3, "not_integer"),
        (0, False, "not_integer"),
        (1.0, 3, "not_integer"),
        (None, 3, "not_integer"),
        ("1.5", "3", "not_integer"),
        (" 1", "3", "not_integer"),
        ("-1", "3", "not_integer"),
        ("+1", "3", "not_integer"),
        ("١", "3", "not_integer"),  # an Arabic-Indic digit is still not an ASCII number
        ("", "3", "not_integer"),
        (-1, 3, "negative"),
        (0, -3, "negative"),
        (5, 3, "reversed"),
        (3, 3, "empty"),
        (0, len(TEXT) + 1, "out_of_range"),
        (len(TEXT) + 1, len(TEXT) + 2, "out_of_range"),
        ("0", "9" * 5000, "out_of_range"),
    ],
)
def test_check_range_names_what_is_wrong(start, end, code):
    with pytest.raises(AnchorError) as caught:
        check_range(TEXT, start, end)
    assert caught.value.code == code
    assert str(caught.value)


def test_check_range_accepts_ints_and_digit_strings():
    assert check_range(TEXT, 0, len(TEXT)) == (0, len(TEXT))
    assert check_range(TEXT, "4", "010") == (4, 10)


def test_anchor_error_is_a_value_error_with_a_human_message():
    error = AnchorError("empty")
    assert isinstance(error, ValueError)
    assert error.code == "empty"
    assert error.found is None
    assert "empty" in str(error)


def test_find_quote_prefers_the_matching_context():
    second = TEXT.index("The report", 5)
    quote = Quote(exact="The report lists", prefix="cases. ", suffix=" 185")
    assert find_quote(TEXT, quote) == (second, second + 16)
    assert find_quote(TEXT, Quote(exact="The report lists")) == (0, 16)
    assert find_quote(TEXT, Quote(exact="The report lists"), hint=second - 3) == (
        second,
        second + 16,
    )


def test_find_quote_gives_none_when_the_quote_is_gone():
    assert find_quote(TEXT, Quote(exact="63 cases")) is None
    assert find_quote(TEXT, Quote(exact="")) is None


def test_verify_anchor_accepts_a_matching_range():
    start = TEXT.index("185")
    verify_anchor(TEXT, start, start + 3, Quote(exact="185"))


def test_verify_anchor_reports_where_the_quote_moved():
    with pytest.raises(AnchorError) as caught:
        verify_anchor(TEXT, 0, 8, Quote(exact="62 cases"))
    assert caught.value.code == "quote_mismatch"
    start = TEXT.index("62 cases")
    assert caught.value.found == (start, start + 8)


def test_verify_anchor_reports_a_missing_quote():
    with pytest.raises(AnchorError) as caught:
        verify_anchor(TEXT, 0, 8, Quote(exact="63 cases"))
    assert caught.value.code == "quote_mismatch"
    assert caught.value.found is None


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Family 👨\u200d👩\u200d👧 here", 7, 8),  # the man without his family
        ("I ❤️ it", 2, 3),  # the heart without its variation selector
        ("ok 👍🏽", 3, 4),  # the thumb without its skin tone
        ("café", 0, 4),  # "cafe" without the accent (decomposed; normalise() composes)
        ("ស្ត្រី", 0, 2),  # a Khmer consonant without its subscript
    ],
)
def test_verify_anchor_refuses_a_range_that_splits_a_character(text, start, end):
    text = text.replace("é", "e\u0301")
    with pytest.raises(AnchorError) as caught:
        verify_anchor(text, start, end, Quote(exact=text[start:end]))
    assert caught.value.code == "splits_grapheme"


def test_verify_anchor_checks_the_range_first():
    with pytest.raises(AnchorError) as caught:
        verify_anchor(TEXT, 3, 2, Quote(exact=""))
    assert caught.value.code == "reversed"


@property_settings
@given(st.integers(-3, 30), st.integers(-3, 30))
def test_check_range_codes_follow_the_first_broken_rule(start, end):
    text = "x" * 20
    if start < 0 or end < 0:
        expected = "negative"
    elif start > end:
        expected = "reversed"
    elif start == end:
        expected = "empty"
    elif end > len(text):
        expected = "out_of_range"
    else:
        assert check_range(text, start, end) == (start, end)
        assert check_range(text, str(start), str(end)) == (start, end)
        return
    with pytest.raises(AnchorError) as caught:
        check_range(text, start, end)
    assert caught.value.code == expected


@property_settings
@given(repeated_texts, st.data())
def test_find_quote_finds_any_quoted_range_where_it_was(raw, data):
    text = normalise(raw)
    if not text:
        return
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = quote_at(text, start, end)
    assert find_quote(text, quote, hint=start) == (start, end)
    # Without a hint, the occurrence found fits the whole quote selector just as well.
    found_start, found_end = find_quote(text, quote)
    assert text[found_start:found_end] == quote.exact
    assert text[:found_start].endswith(quote.prefix)
    assert text[found_end:].startswith(quote.suffix)


@property_settings
@given(raw_texts, st.data())
def test_verify_anchor_agrees_with_its_parts(raw, data):
    text = normalise(raw)
    if not text:
        return
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    shift = data.draw(st.integers(-2, 2))
    exact = text[start + shift : end + shift] if start + shift >= 0 else "?"
    try:
        verify_anchor(text, start, end, Quote(exact=exact))
    except AnchorError as error:
        assert error.code in ("quote_mismatch", "splits_grapheme")
        if error.code == "quote_mismatch":
            assert text[start:end] != exact
            if error.found is not None:
                assert text[error.found[0] : error.found[1]] == exact
    else:
        assert text[start:end] == exact
