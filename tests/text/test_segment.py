"""segment(): paragraphs and sentences, and every span invariant in DESIGN.md."""

from __future__ import annotations

import pytest
from hypothesis import given

from factcheck.text import ParagraphSpan, SentenceSpan, grapheme_boundaries, normalise, segment
from factcheck.text._icu import icu_locale

from .strategies import LANGUAGES, property_settings, raw_texts

FAMILY = "👨\u200d👩\u200d👧"


def texts_of(text: str, language: str = "en") -> list[list[str]]:
    return [[text[s.start : s.end] for s in p.sentences] for p in segment(text, language)]


def test_empty_and_blank_text_has_no_paragraphs():
    assert segment("") == []
    assert segment(" \n\t\n\u3000\n\n") == []


def test_paragraphs_are_trimmed_non_blank_lines():
    text = "  First one. Second one.  \n\n \t \nThird.\n"
    assert segment(text) == [
        ParagraphSpan(2, 24, (SentenceSpan(2, 12), SentenceSpan(13, 24))),
        ParagraphSpan(32, 38, (SentenceSpan(32, 38),)),
    ]


def test_duplicated_lines_are_separate_paragraphs():
    caption = "Family members gather, October 2020."
    paragraphs = segment(f"{caption}\n{caption}")
    assert [(p.start, p.end) for p in paragraphs] == [(0, 36), (37, 73)]


def test_khmer_sentences_end_at_khan():
    text = "ខ្ញុំទៅផ្សារ។ គាត់ទៅសាលា។"
    assert texts_of(text, "km") == [["ខ្ញុំទៅផ្សារ។", "គាត់ទៅសាលា។"]]
    assert segment(text, "km")[0].sentences == (SentenceSpan(0, 13), SentenceSpan(14, 25))


def test_emoji_before_a_boundary_gives_code_point_offsets():
    # ICU reports the second sentence at UTF-16 offset 9; in code points it is 7.
    paragraph = segment("Hi 😀😀. Second one.")[0]
    assert paragraph.sentences == (SentenceSpan(0, 6), SentenceSpan(7, 18))


def test_zwj_family_stays_whole():
    text = f"We {FAMILY} went. Then home {FAMILY}. Done."
    assert texts_of(text) == [[f"We {FAMILY} went.", f"Then home {FAMILY}.", "Done."]]


def test_arabic_question_mark_ends_a_sentence():
    assert texts_of("مرحبا بالعالم؟ كيف حالك.", "ar") == [["مرحبا بالعالم؟", "كيف حالك."]]


def test_abbreviations_do_not_end_english_sentences():
    assert texts_of("Mr. Hun Sen spoke. Then he left.") == [["Mr. Hun Sen spoke.", "Then he left."]]


def test_a_space_carrying_an_accent_is_not_trimmed_away():
    text = "Hi. \u0301Next one."
    sentences = segment(text)[0].sentences
    assert [text[s.start : s.end] for s in sentences] == ["Hi. \u0301", "Next one."]


def test_a_skin_tone_after_a_full_stop_stays_with_its_sentence():
    # ICU's sentence rules alone would start a new sentence at the skin tone, inside the
    # cluster ".🏻".
    assert texts_of("In the U.S.🏻 Then more.") == [["In the U.S.🏻", "Then more."]]
    assert texts_of("Done.ำ Next.") == [["Done.ำ", "Next."]]


def test_unknown_language_falls_back():
    assert texts_of("One. Two.", "not a tag!") == texts_of("One. Two.", "en")


@pytest.mark.parametrize(
    ("tag", "locale"),
    [
        ("en", "en"),
        ("km", "km"),
        ("en-GB", "en_GB"),
        ("zh-Hant-TW", "zh_Hant_TW"),
        (" ar ", "ar"),
        ("und", "en"),
        ("", "en"),
        ("not a tag!", "en"),
        ("x-private", "en"),
    ],
)
def test_language_tags_map_to_icu_locales(tag, locale):
    assert icu_locale(tag) == locale


def is_space_cluster(text: str, start: int, end: int) -> bool:
    return text[start:end].isspace()


def check_span(text: str, start: int, end: int, boundaries: list[int]) -> None:
    assert 0 <= start < end <= len(text)
    assert "\n" not in text[start:end]
    cut = set(boundaries)
    assert start in cut
    assert end in cut
    # No leading or trailing cluster made only of whitespace. (A cluster such as " \u0301",
    # a space carrying an accent, is visible and may start a span.)
    following = next(b for b in boundaries if b > start)
    preceding = max(b for b in boundaries if b < end)
    assert not is_space_cluster(text, start, following)
    assert not is_space_cluster(text, preceding, end)
    if text[start].isspace() or text[end - 1].isspace():
        assert following - start > 1 or end - preceding > 1


@property_settings
@given(raw_texts, LANGUAGES)
def test_span_invariants(raw, language):
    text = normalise(raw)
    paragraphs = segment(text, language)
    boundaries = grapheme_boundaries(text)
    in_paragraph = [False] * len(text)
    in_sentence = [False] * len(text)
    previous_end = -1
    for paragraph in paragraphs:
        check_span(text, paragraph.start, paragraph.end, boundaries)
        assert previous_end < paragraph.start
        assert previous_end == -1 or "\n" in text[previous_end : paragraph.start]
        previous_end = paragraph.end
        assert paragraph.sentences
        sentence_end = paragraph.start
        for sentence in paragraph.sentences:
            check_span(text, sentence.start, sentence.end, boundaries)
            assert paragraph.start <= sentence.start
            assert sentence.end <= paragraph.end
            assert sentence_end <= sentence.start
            sentence_end = sentence.end
            for i in range(sentence.start, sentence.end):
                in_sentence[i] = True
        assert paragraph.sentences[0].start == paragraph.start
        assert paragraph.sentences[-1].end == paragraph.end
        for i in range(paragraph.start, paragraph.end):
            in_paragraph[i] = True
    # Nothing is lost: every visible character is in a paragraph and in a sentence.
    for i, char in enumerate(text):
        if not char.isspace():
            assert in_paragraph[i], (i, char)
            assert in_sentence[i], (i, char)
    lines = [line for line in text.split("\n") if line.strip()]
    assert len(lines) == len(paragraphs)


@property_settings
@given(raw_texts)
def test_segmenting_is_deterministic_and_ignores_text_around_a_paragraph(raw):
    text = normalise(raw)
    paragraphs = segment(text)
    assert segment(text) == paragraphs
    # A paragraph's sentences do not depend on its neighbours.
    for paragraph in paragraphs:
        (alone,) = segment(text[paragraph.start : paragraph.end])
        shifted = [(s.start + paragraph.start, s.end + paragraph.start) for s in alone.sentences]
        assert shifted == [(s.start, s.end) for s in paragraph.sentences]


PARAGRAPH = (
    "Cambodian government units committed significant human rights abuses last year, "
    "according to the U.S. Department of State. “A pervasive culture of impunity "
    "continued,” the 35-page report stated. Mr. Chin Malin said critical reports are normal."
)
WITH_EMOJI = " ".join(
    word + ["", "😀", "👍🏽", "🇰🇭", FAMILY][i % 5] for i, word in enumerate(PARAGRAPH.split())
)


@pytest.mark.parametrize("paragraph", [PARAGRAPH, WITH_EMOJI], ids=["english", "emoji"])
def test_a_megabyte_segments_into_the_same_sentences_per_paragraph(paragraph):
    """A 1 MB article (its speed is reported by bench/bench_articles.py, not timed here)."""
    copies = 1_000_000 // (len(paragraph) + 2)
    text = "\n\n".join([paragraph] * copies)
    paragraphs = segment(text)
    assert len(paragraphs) == copies
    first = [
        (s.start - paragraphs[0].start, s.end - paragraphs[0].start)
        for s in paragraphs[0].sentences
    ]
    last = [
        (s.start - paragraphs[-1].start, s.end - paragraphs[-1].start)
        for s in paragraphs[-1].sentences
    ]
    assert first == last and len(first) >= 3


def sentence_texts(text: str, language: str = "en") -> list[str]:
    return [text[s.start : s.end] for p in segment(text, language) for s in p.sentences]


def test_titles_and_initialisms_do_not_end_english_sentences():
    text = (
        "Abuses were listed by the U.S. Department of State in its report. "
        "Dr. Sopheap agreed. He moved to the U.S. The visit ended. See No. 5 below."
    )
    assert sentence_texts(text) == [
        "Abuses were listed by the U.S. Department of State in its report.",
        "Dr. Sopheap agreed.",
        "He moved to the U.S.",
        "The visit ended.",
        "See No. 5 below.",
    ]


def test_abbreviation_rule_is_for_english_only():
    text = "Le rapport du Dr. Martin. Suite."
    assert len(sentence_texts(text, "fr")) >= 2
