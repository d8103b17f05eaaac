"""Markup in a plain-text field: found wherever a browser would read a tag, never in prose
that merely uses "<"."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.text.markup import find_markup

PROBES = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "</textarea><script>alert(2)</script>",
    "said <b>62</b> cases",
    "<script",
    "<!-- hidden -->",
    "<!DOCTYPE html>",
    "<?xml version='1.0'?>",
    "<a\nhref=x>",
    "<my-element>",
    "<svg:rect/>",
]
PROSE = [
    "fewer than 5 < 62 cases",
    "x < y and y > z",
    "<3",
    "a <= b",
    "<< quoted >>",
    "< script> (a space: no tag)",
    "5<6",
    "{{ 7*7 }} and javascript:alert(1) are text",
    "ខ្ញុំ < ៦២ 😀",
    "",
]


@pytest.mark.parametrize("text", PROBES)
def test_markup_is_found(text):
    found = find_markup(text)
    assert found is not None and text[found.start] == "<"


@pytest.mark.parametrize("text", PROSE)
def test_prose_with_a_less_than_sign_is_plain_text(text):
    assert find_markup(text) is None


def test_the_message_names_the_tag_and_its_position_in_code_points():
    found = find_markup("😀👨‍👩‍👧 ok <script>alert(1)</script>")
    assert found is not None
    # 😀 is one code point, the ZWJ family five, " ok " four: the "<" is the 11th.
    assert (found.start, found.shown) == (10, "<script>")
    assert found.describe() == "“<script>” at character 11"


def test_an_unclosed_tag_is_shown_shortened():
    found = find_markup("<img src=x " + "y" * 100)
    assert found is not None and found.shown.endswith("…") and len(found.shown) <= 31


NAMES = st.from_regex(r"\A/?[A-Za-z][A-Za-z0-9-]{0,8}\Z")
PLAIN = st.text(st.characters(blacklist_characters="<", blacklist_categories=["Cs"]))


@given(PLAIN)
def test_text_without_a_less_than_sign_is_never_markup(text):
    assert find_markup(text) is None


@given(PLAIN, NAMES, st.sampled_from([">", " ", "/", "\n", " onload=x>"]), PLAIN)
def test_a_tag_anywhere_is_found_at_its_code_point(before, name, after_name, rest):
    text = before + "<" + name + after_name + rest
    found = find_markup(text)
    assert found is not None and found.start == len(before)
