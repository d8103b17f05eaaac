"""Re-anchoring claims onto a corrected revision, and the paragraph-by-paragraph changes."""

from __future__ import annotations

import importlib

import pytest
from hypothesis import assume, event, given
from hypothesis import strategies as st

from factcheck.text import (
    AnchorError,
    DiffOp,
    Outcome,
    ParagraphKind,
    Quote,
    Reanchored,
    TextDiff,
    grapheme_boundaries,
    grapheme_ceil,
    grapheme_floor,
    normalise,
    paragraph_changes,
    paragraph_ranges,
    quote_at,
    reanchor,
    splits_grapheme,
)
from factcheck.text.reanchor import DIFF_TIMEOUT

from .strategies import FRAGMENT, property_settings, raw_texts, repeated_texts

ARTICLE = (
    "PHNOM PENH - The US State Department released its 35-page report on Tuesday.\n"
    "\n"
    "The report lists 62 cases of harassment against journalists in 2020.\n"
    "\n"
    "Embassy spokesperson Chad Roedemeier said the report speaks for itself.\n"
)


def claim(text: str, phrase: str, nth: int = 0) -> tuple[int, int, Quote]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase), quote_at(text, start, start + len(phrase))


def one(old: str, new: str, phrase: str, nth: int = 0) -> Reanchored:
    return reanchor(old, new, [claim(old, phrase, nth)])[0]


def text_of(new: str, result: Reanchored) -> str:
    assert result.start is not None
    return new[result.start : result.end]


# Concrete cases


def test_a_typo_fixed_inside_a_claim_changes_it():
    new = ARTICLE.replace("Roedemeier", "Rodemeier")
    result = one(ARTICLE, new, "Chad Roedemeier said")
    assert result.outcome == Outcome.CHANGED
    assert text_of(new, result) == "Chad Rodemeier said"
    assert result.quote == quote_at(new, result.start, result.end)


def test_a_corrected_number_changes_the_claim_to_cover_the_new_words():
    new = ARTICLE.replace("62 cases", "63 cases")
    result = one(ARTICLE, new, "62 cases")
    assert result.outcome == Outcome.CHANGED
    assert result.quote is not None
    assert result.quote.exact == "63 cases"


def test_a_number_replaced_at_the_claims_start_comes_along():
    new = ARTICLE.replace("62 cases", "72 cases")
    assert text_of(new, one(ARTICLE, new, "62 cases")) == "72 cases"


def test_a_paragraph_inserted_above_moves_claims_below_and_leaves_those_above():
    new = ARTICLE.replace("\nThe report", "\nA new paragraph.\n\nThe report")
    moved = one(ARTICLE, new, "62 cases")
    assert moved.outcome == Outcome.MOVED
    assert text_of(new, moved) == "62 cases"
    assert moved.start == claim(ARTICLE, "62 cases")[0] + len("A new paragraph.\n\n")
    assert one(ARTICLE, new, "35-page report").outcome == Outcome.EXACT


def test_a_removed_sentence_orphans_its_claims_and_moves_those_after_it():
    new = ARTICLE.replace(
        "The report lists 62 cases of harassment against journalists in 2020.\n\n", ""
    )
    assert one(ARTICLE, new, "62 cases") == Reanchored(Outcome.ORPHANED, None, None, None)
    assert one(ARTICLE, new, "The report lists").outcome == Outcome.ORPHANED
    after = one(ARTICLE, new, "Chad Roedemeier")
    assert after.outcome == Outcome.MOVED
    assert text_of(new, after) == "Chad Roedemeier"


def test_a_rewritten_sentence_orphans_its_claim_instead_of_moving_it_onto_other_words():
    old = "Before. Sentence 5 says that 15 cases were counted in 2020. After."
    new = "Before. Officials later disputed the figure entirely. After."
    assert one(old, new, "Sentence 5 says that 15 cases were counted in 2020.").outcome == (
        Outcome.ORPHANED
    )
    assert one(old, new, "After.").outcome == Outcome.MOVED


def test_editing_the_first_of_two_repeated_phrases_never_moves_its_claim_onto_the_second():
    old = "In March: 62 cases. In April: 62 cases."
    new = "In March: 63 cases. In April: 62 cases."
    first = one(old, new, "62 cases", 0)
    assert first.outcome == Outcome.CHANGED
    assert text_of(new, first) == "63 cases"
    second = one(old, new, "62 cases", 1)
    assert (second.outcome, second.start) == (Outcome.EXACT, claim(old, "62 cases", 1)[0])


def test_deleting_the_first_repeated_phrase_orphans_its_claim_and_moves_the_second():
    old = "In March: 62 cases. In April: 62 cases."
    new = "In March: none. In April: 62 cases."
    assert one(old, new, "62 cases", 0).outcome == Outcome.ORPHANED
    second = one(old, new, "62 cases", 1)
    assert second.outcome == Outcome.MOVED
    assert (second.start, text_of(new, second)) == (new.rindex("62 cases"), "62 cases")


def test_a_duplicated_caption_removed_keeps_the_first_copys_claim_and_orphans_the_seconds():
    # Which copy the editor removed is unknowable from the texts; the diff keeps the
    # first. Both claims landing on the one caption left would double-map them.
    caption = "Photo: relatives of the 62 detained, October 2020."
    old = f"Intro.\n{caption}\n{caption}\nEnd."
    new = f"Intro.\n{caption}\nEnd."
    first, second = reanchor(old, new, [claim(old, "62 detained", 0), claim(old, "62 detained", 1)])
    assert first.outcome == Outcome.EXACT
    assert second.outcome == Outcome.ORPHANED


def test_an_edit_that_could_sit_either_side_of_a_claims_edge_counts_as_inside_it():
    # "the the" fixed: which "the" went is unknowable; the diff takes the later one, so the
    # claim goes back to review as changed rather than silently keeping both words.
    old, new = "Officials counted the the 62 cases.", "Officials counted the 62 cases."
    result = one(old, new, "the 62 cases")
    assert result.outcome == Outcome.CHANGED
    assert text_of(new, result) == "62 cases"


def test_a_moved_paragraph_is_found_where_it_was_inserted():
    old = "One.\nThe moved paragraph says 62 cases.\nTwo.\nThree."
    new = "One.\nTwo.\nThree.\nThe moved paragraph says 62 cases."
    result = one(old, new, "62 cases")
    assert result.outcome == Outcome.MOVED
    assert (result.start, text_of(new, result)) == (new.index("62 cases"), "62 cases")


def test_too_many_copies_to_tell_apart_stay_orphaned(monkeypatch):
    old = "First: 62 cases.\nThe middle stays.\nThe last stays too."
    new = "The middle stays.\nThe last stays too.\nMoved: 62 cases."
    assert one(old, new, "62 cases").outcome == Outcome.MOVED
    # The package's name "reanchor" is the function, so the module comes from importlib.
    monkeypatch.setattr(importlib.import_module("factcheck.text.reanchor"), "_MATCH_BUDGET", 0)
    assert one(old, new, "62 cases").outcome == Outcome.ORPHANED


def test_a_deleted_claim_is_not_found_again_in_text_that_was_already_there():
    old = "Earlier: 62 cases.\nLater: 62 cases.\nEnd."
    new = "Earlier: 62 cases.\nEnd."
    assert one(old, new, "62 cases", 1).outcome == Outcome.ORPHANED


def test_two_deleted_copies_that_would_land_on_one_inserted_copy_stay_orphaned():
    old = "First: 62 cases.\nThe middle stays.\nSecond: 62 cases.\nThe last stays too."
    new = "The middle stays.\nThe last stays too.\nMoved: 62 cases."
    results = reanchor(old, new, [claim(old, "62 cases", 0), claim(old, "62 cases", 1)])
    assert [r.outcome for r in results] == [Outcome.ORPHANED, Outcome.ORPHANED]
    # With one copy deleted, where it went is not in doubt.
    old = "First: 62 cases.\nThe middle stays.\nThe last stays too."
    result = one(old, new, "62 cases")
    assert (result.outcome, result.start) == (Outcome.MOVED, new.index("62 cases"))


def test_moved_copies_go_where_their_surroundings_fit():
    old = "Keep.\nMarch: 62 cases.\nApril: 62 cases.\nEnd."
    new = "Keep.\nEnd.\nApril: 62 cases.\nMarch: 62 cases."
    march, april = reanchor(old, new, [claim(old, "62 cases", 0), claim(old, "62 cases", 1)])
    assert (march.outcome, march.start) == (
        Outcome.MOVED,
        new.index("62 cases", new.index("March")),
    )
    assert (april.outcome, april.start) == (
        Outcome.MOVED,
        new.index("62 cases", new.index("April")),
    )


@pytest.mark.parametrize("inserted", ["NEW ", "(", "x"])
def test_text_inserted_right_at_a_claims_edges_leaves_it_whole(inserted):
    start, end, quote = claim(ARTICLE, "62 cases")
    for position in (start, end):
        new = ARTICLE[:position] + inserted + ARTICLE[position:]
        result = TextDiff(ARTICLE, new).reanchor(start, end, quote)
        assert result.outcome in (Outcome.EXACT, Outcome.MOVED)
        assert text_of(new, result) == "62 cases"


def test_a_combining_mark_typed_right_after_a_claim_changes_its_last_character():
    old = "He said cafe today."
    new = "He said cafe\u0301 today."
    result = one(old, new, "cafe")
    assert result.outcome == Outcome.CHANGED
    assert text_of(new, result) == "cafe\u0301"


def test_an_emoji_claim_survives_a_skin_tone_edit_whole():
    old = "Thanks 👍 and 👍🏽 from the team."
    new = "Thanks 👍🏿 and 👍🏽 from the team, all of it."
    result = one(old, new, "Thanks 👍 and 👍🏽")
    assert result.outcome == Outcome.CHANGED
    assert text_of(new, result) == "Thanks 👍🏿 and 👍🏽"
    assert not splits_grapheme(new, result.start, result.end)


def test_same_text_gives_exact_everywhere():
    claims = [claim(ARTICLE, p) for p in ("62 cases", "PHNOM PENH", "itself.\n", "The report")]
    assert [(r.outcome, r.start, r.end) for r in reanchor(ARTICLE, ARTICLE, claims)] == [
        (Outcome.EXACT, s, e) for s, e, _ in claims
    ]


def test_a_claim_that_does_not_match_the_old_text_is_refused():
    with pytest.raises(AnchorError) as caught:
        TextDiff(ARTICLE, ARTICLE).reanchor(0, 5, Quote(exact="62 ca"))
    assert caught.value.code == "quote_mismatch"
    with pytest.raises(AnchorError):
        TextDiff(ARTICLE, ARTICLE).reanchor(5, 5, Quote(exact=""))


def test_an_emptied_text_orphans_everything():
    assert one(ARTICLE, "", "62 cases").outcome == Outcome.ORPHANED


def test_a_timed_out_diff_is_coarser_but_still_right():
    new = ARTICLE.replace("62 cases", "63 cases")
    diff = TextDiff(ARTICLE, new, timeout=1e-9)
    assert diff.reanchor(*claim(ARTICLE, "PHNOM PENH")).outcome == Outcome.EXACT
    assert diff.reanchor(*claim(ARTICLE, "62 cases")).outcome in (Outcome.CHANGED, Outcome.ORPHANED)


# Properties. An edit is (a, b, inserted): new = old[:a] + inserted + old[b:].
#
# The same pair of texts can come from an edit inside a claim or one beside it ("abab" ->
# "aabbab"), so the properties about where an edit falls use edits whose place the texts
# pin down: inserted text made of characters the old text lacks (private use), and
# deletions whose neighbours differ from their edges, so they cannot slide.

FRESH = "\ue000\ue001\ue002"
fresh_texts = st.text(alphabet=FRESH, min_size=1, max_size=6)


def old_text(raw: str) -> str:
    return normalise(raw.translate({ord(c): None for c in FRESH}))


def draw_claim(data: st.DataObject, text: str) -> tuple[int, int]:
    """A claim on grapheme cluster boundaries, as verify_anchor requires."""
    edges = grapheme_boundaries(text)
    i = data.draw(st.integers(0, len(edges) - 2))
    j = data.draw(st.integers(i + 1, len(edges) - 1))
    return edges[i], edges[j]


def cannot_slide(text: str, a: int, b: int) -> bool:
    """A deletion of text[a:b] that no other deletion of the same length imitates."""
    left = a == 0 or text[a - 1] != text[b - 1]
    right = b == len(text) or text[a] != text[b]
    return left and right


def draw_pinned_edit(
    data: st.DataObject, text: str, low: int, high: int, *, inside: bool = False
) -> tuple[int, int, str]:
    """An edit within [low, high] whose place the texts pin down.

    inside: it deletes some of text[low:high] or inserts strictly inside it (an insertion
    right at low or high would be beside that range).
    """
    if inside and high - low >= 2 and data.draw(st.booleans()):
        a = b = data.draw(st.integers(low + 1, high - 1))
    elif inside:
        a = data.draw(st.integers(low, high - 1))
        b = data.draw(st.integers(a + 1, high))
    else:
        a = data.draw(st.integers(low, high))
        b = data.draw(st.integers(a, high))
    inserted = data.draw(st.one_of(st.just(""), fresh_texts)) if b > a else data.draw(fresh_texts)
    assume(inserted or cannot_slide(text, a, b))
    return a, b, inserted


def assert_sound(new: str, result: Reanchored, old_exact: str) -> None:
    """What holds for every outcome."""
    if result.outcome == Outcome.ORPHANED:
        assert (result.start, result.end, result.quote) == (None, None, None)
        return
    assert result.start is not None and result.end is not None
    assert 0 <= result.start < result.end <= len(new)
    assert not splits_grapheme(new, result.start, result.end)
    assert result.quote == quote_at(new, result.start, result.end)
    if result.outcome in (Outcome.EXACT, Outcome.MOVED):
        assert new[result.start : result.end] == old_exact


@property_settings
@given(st.one_of(raw_texts, repeated_texts), st.data())
def test_edits_away_from_a_claim_leave_it_exact_or_moved(raw, data):
    old = old_text(raw)
    assume(old)
    start, end = draw_claim(data, old)
    if data.draw(st.booleans()):
        a, b, inserted = draw_pinned_edit(data, old, 0, start)
    else:
        a, b, inserted = draw_pinned_edit(data, old, end, len(old))
    new = old[:a] + inserted + old[b:]
    result = TextDiff(old, new).reanchor(start, end, quote_at(old, start, end))
    assert_sound(new, result, old[start:end])
    event(result.outcome)
    shift = len(new) - len(old) if b <= start else 0
    if splits_grapheme(new, start + shift, end + shift):  # the edit fused with an edge
        assert result.outcome == Outcome.CHANGED
    else:
        outcome = Outcome.EXACT if shift == 0 else Outcome.MOVED
        assert (result.outcome, result.start, result.end) == (outcome, start + shift, end + shift)


@property_settings
@given(st.one_of(raw_texts, repeated_texts), st.data())
def test_an_edit_inside_a_claim_never_leaves_it_exact_or_moved(raw, data):
    old = old_text(raw)
    assume(old)
    start, end = draw_claim(data, old)
    a, b, inserted = draw_pinned_edit(data, old, start, end, inside=True)
    new = old[:a] + inserted + old[b:]
    result = TextDiff(old, new).reanchor(start, end, quote_at(old, start, end))
    assert_sound(new, result, old[start:end])
    event(result.outcome)
    assert result.outcome in (Outcome.CHANGED, Outcome.ORPHANED)
    if result.outcome == Outcome.CHANGED:  # it covers the corrected words, whole clusters
        new_end = end + len(new) - len(old)
        expected = (grapheme_floor(new, start), grapheme_ceil(new, new_end))
        assert (result.start, result.end) == expected


@property_settings
@given(st.one_of(raw_texts, repeated_texts), st.data())
def test_identical_texts_give_exact_everywhere(raw, data):
    text = normalise(raw)
    assume(text)
    claims = []
    for _ in range(data.draw(st.integers(1, 5))):
        start, end = draw_claim(data, text)
        claims.append((start, end, quote_at(text, start, end)))
    for (start, end, _), result in zip(claims, reanchor(text, text, claims), strict=True):
        assert (result.outcome, result.start, result.end) == (Outcome.EXACT, start, end)


splices = st.lists(st.tuples(st.floats(0, 1), st.integers(0, 12), st.lists(FRAGMENT, max_size=3)))


@property_settings
@given(
    st.one_of(raw_texts, repeated_texts),
    splices,
    st.sampled_from([DIFF_TIMEOUT, 1e-9]),
    st.data(),
)
def test_any_correction_gives_sound_results_that_never_double_map(raw, edits, timeout, data):
    """Hostile edits anywhere (marks, joiners, moved lines), with or without a timeout."""
    old = normalise(raw)
    assume(old)
    new = old
    for where, length, fragments in edits:
        a = int(where * len(new))
        new = new[:a] + normalise("".join(fragments)) + new[a + length :]
    claims = []
    for _ in range(data.draw(st.integers(1, 6))):
        start, end = draw_claim(data, old)
        claims.append((start, end, quote_at(old, start, end)))
    results = reanchor(old, new, claims, timeout=timeout)
    placed = {}
    for (start, end, quote), result in zip(claims, results, strict=True):
        assert_sound(new, result, quote.exact)
        if result.outcome in (Outcome.EXACT, Outcome.MOVED):
            placed[start, end] = (result.start, result.end)
    assert len(set(placed.values())) == len(placed)  # two claims never onto one place


# Paragraph changes


def kinds(old: str, new: str) -> list[tuple[str, str, str]]:
    return [(c.kind, c.old_text, c.new_text) for c in paragraph_changes(old, new)]


def test_paragraph_changes_pair_unchanged_changed_inserted_and_deleted():
    old = "Title\n\nThe report lists 62 cases.\n\nA paragraph that goes.\nEnd."
    new = "Title\n\nA new paragraph.\nThe report lists 63 cases.\n\nEnd."
    assert kinds(old, new) == [
        (ParagraphKind.UNCHANGED, "Title", "Title"),
        (ParagraphKind.INSERTED, "", "A new paragraph."),
        (ParagraphKind.CHANGED, "The report lists 62 cases.", "The report lists 63 cases."),
        (ParagraphKind.DELETED, "A paragraph that goes.", ""),
        (ParagraphKind.UNCHANGED, "End.", "End."),
    ]


def test_a_changed_paragraph_has_pieces_to_mark_with_ins_and_del():
    (change,) = paragraph_changes("The report lists 62 cases.", "The report lists 63 cases.")
    assert [(p.op, p.text) for p in change.pieces] == [
        (DiffOp.EQUAL, "The report lists 6"),
        (DiffOp.DELETE, "2"),
        (DiffOp.INSERT, "3"),
        (DiffOp.EQUAL, " cases."),
    ]
    assert (change.old_start, change.old_end, change.new_start, change.new_end) == (0, 26, 0, 26)


def test_a_rewritten_paragraph_is_deleted_and_inserted_not_changed():
    assert kinds("Old words about cases.", "Completely different prose here!") == [
        (ParagraphKind.DELETED, "Old words about cases.", ""),
        (ParagraphKind.INSERTED, "", "Completely different prose here!"),
    ]


def test_paragraph_changes_of_the_same_text_are_all_unchanged():
    changes = paragraph_changes(ARTICLE, ARTICLE)
    assert {c.kind for c in changes} == {ParagraphKind.UNCHANGED}
    assert [(c.old_start, c.old_end) for c in changes] == paragraph_ranges(ARTICLE)


@property_settings
@given(st.one_of(raw_texts, repeated_texts), splices)
def test_paragraph_changes_account_for_every_paragraph_of_both_texts(raw, edits):
    old = normalise(raw)
    new = old
    for where, length, fragments in edits:
        a = int(where * len(new))
        new = new[:a] + normalise("".join(fragments)) + new[a + length :]
    changes = paragraph_changes(old, new)
    olds = [c for c in changes if c.kind != ParagraphKind.INSERTED]
    news = [c for c in changes if c.kind != ParagraphKind.DELETED]
    assert [(c.old_start, c.old_end) for c in olds] == paragraph_ranges(old)
    assert [(c.new_start, c.new_end) for c in news] == paragraph_ranges(new)
    for change in olds:
        assert change.old_text == old[change.old_start : change.old_end]
    for change in news:
        assert change.new_text == new[change.new_start : change.new_end]
    for change in changes:
        assert (change.kind == ParagraphKind.UNCHANGED) == (
            [p.op for p in change.pieces] == [DiffOp.EQUAL]
        )
