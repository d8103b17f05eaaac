"""Search terms and marked snippets (factcheck/text/snippets.py): the parts are slices of
the text cut at grapheme cluster boundaries, hits are exactly the terms (ignoring case),
and nothing in between is lost."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.text.offsets import is_grapheme_boundary
from factcheck.text.snippets import MAX_TERMS, search_terms, snippet, snippet_window
from tests.text.strategies import EXAMPLES, FRAGMENT, raw_texts


@settings(max_examples=EXAMPLES)
@given(
    text=raw_texts,
    term_source=st.lists(FRAGMENT, min_size=1, max_size=3),
    around=st.integers(1, 40),
)
def test_a_snippet_is_a_slice_of_the_text_cut_between_graphemes(text, term_source, around):
    terms = [term for term in (t.strip() for t in term_source) if term]
    parts = snippet(text, terms, around=around)
    if not text:
        assert parts == []
        return
    start, end = snippet_window(text, terms, around=around)
    assert is_grapheme_boundary(text, start) and is_grapheme_boundary(text, end)
    expected = (["…"] if start > 0 else []) + [text[start:end]] + (["…"] if end < len(text) else [])
    assert "".join(part.text for part in parts) == "".join(expected)
    assert parts[0].cut == (start > 0)
    assert parts[-1].cut == (end < len(text))
    assert not any(part.cut for part in parts[1:-1])


@settings(max_examples=EXAMPLES)
@given(text=raw_texts, data=st.data())
def test_hits_are_the_terms_and_the_first_one_is_shown(text, data):
    if not text.strip():
        return
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, min(len(text), start + 12)))
    term = text[start:end].strip()
    if not term:
        return
    parts = snippet(text, [term], around=10)
    hits = [part.text for part in parts if part.hit]
    assert hits, "a term taken from the text must be found in it"
    assert all(hit.lower() == term.lower() for hit in hits)


def test_terms_are_words_or_quoted_phrases_without_repeats():
    assert search_terms('185  assemblies "April 2019"  ASSEMBLIES') == [
        "185",
        "assemblies",
        "April 2019",
    ]
    assert search_terms("   ") == []
    assert len(search_terms(" ".join(f"w{n}" for n in range(20)))) == MAX_TERMS


def test_case_is_ignored_and_the_text_is_shown_as_written():
    parts = snippet("Officials counted 185 Assemblies.", ["assemblies"])
    assert [part.text for part in parts if part.hit] == ["Assemblies"]


def test_the_longer_of_two_overlapping_terms_is_marked_whole():
    parts = snippet("185 assemblies and 185 more", ["185", "185 assemblies"])
    assert [part.text for part in parts if part.hit] == ["185 assemblies", "185"]


def test_an_emoji_zwj_sequence_at_the_edge_of_the_window_is_kept_whole():
    family = "👩\u200d👩\u200d👧"
    text = "x" * 5 + family + "abc TERM def" + family + "y" * 5
    parts = snippet(text, ["TERM"], around=6)
    shown = "".join(part.text for part in parts)
    assert family in shown and not re.search("\u200d(?![👩👧])", shown)


def test_the_window_ends_between_words_where_there_are_spaces():
    text = "Another unnamed NGO recorded a total of 185 assemblies. Of those, 101 were related."
    parts = snippet(text, ["185"], around=20)
    shown = "".join(part.text for part in parts)
    assert shown == "…recorded a total of 185 assemblies. Of those,…"
