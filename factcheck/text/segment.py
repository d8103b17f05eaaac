"""Paragraphs and sentences of a normalised text, as code point spans.

Article import stores these as Span rows, so the reading page renders from the database.
A paragraph is a non-blank line; its sentences come from ICU's sentence breaker for the
article's language. Every boundary lands on a grapheme cluster boundary, and a span never
starts or ends with a cluster made only of whitespace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from icu4py.breakers import SentenceBreaker

from factcheck.text._icu import segment_ends, sentence_locale
from factcheck.text.offsets import (
    grapheme_boundaries,
    grapheme_ceil,
    grapheme_floor,
    is_grapheme_boundary,
)


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ParagraphSpan:
    start: int
    end: int
    sentences: tuple[SentenceSpan, ...]


def segment(text: str, language: str = "en") -> list[ParagraphSpan]:
    """Split normalise()d text into paragraphs and their sentences.

    Offsets are code points into text. language is the article's BCP 47 tag; an unknown or
    malformed one falls back to English rules.
    """
    # One breaker for the whole text: creating one per paragraph costs 0.3 ms with the
    # abbreviation suppressions on. ICU ends a sentence at every line break anyway (UAX #29
    # SB4), so each line is still segmented on its own.
    ends = segment_ends(SentenceBreaker, text, sentence_locale(language)) if text else []
    if language.lower().split("-")[0] == "en":
        ends = [end for end in ends if not _abbreviation_before(text, end)]
    paragraphs = []
    i = 0
    for start, end in paragraph_ranges(text):
        while i < len(ends) and ends[i] <= start:
            i += 1
        inside = []
        while i < len(ends) and ends[i] < end:
            inside.append(ends[i])
            i += 1
        sentences = _sentences(text, start, end, inside)
        paragraphs.append(ParagraphSpan(start, end, tuple(sentences)))
    return paragraphs


def paragraph_ranges(text: str) -> list[tuple[int, int]]:
    """[start, end) of each paragraph: a non-blank line with its surrounding whitespace trimmed.

    segment() builds on it, and so does reanchor.paragraph_changes, so the "what changed"
    view and the stored paragraph spans agree on what a paragraph is. No ICU sentence
    breaking, so it is cheap on a long text.
    """
    ranges = []
    line_start = 0
    for line in text.split("\n"):
        line_end = line_start + len(line)
        trimmed = _trim(text, line_start, line_end)
        if trimmed is not None:
            ranges.append(trimmed)
        line_start = line_end + 1
    return ranges


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Narrow [start, end) to drop surrounding whitespace, None when nothing else is left.

    start and end must be grapheme boundaries. Whitespace is dropped a whole cluster at a
    time: " \u0301" (a space carrying an accent) is a visible cluster and stays.
    """
    chunk = text[start:end]
    left = chunk.lstrip()
    if not left:
        return None
    new_start = end - len(left)
    new_end = start + len(chunk.rstrip())
    if not chunk.isascii():
        if new_start != start and not is_grapheme_boundary(text, new_start):
            new_start = grapheme_floor(text, new_start)
        if new_end != end and not is_grapheme_boundary(text, new_end):
            new_end = grapheme_ceil(text, new_end)
    return new_start, new_end


def _sentences(text: str, start: int, end: int, inside: list[int]) -> list[SentenceSpan]:
    """The trimmed sentences of paragraph [start, end), given ICU's boundaries inside it."""
    ascii_only = text[start:end].isascii()
    sentences = []
    previous = start
    for boundary in [*inside, end]:
        if boundary != end and not ascii_only and not is_grapheme_boundary(text, boundary):
            boundary = _snap(text, boundary)
        if boundary <= previous:
            continue
        trimmed = _trim(text, previous, boundary)
        if trimmed is not None:
            sentences.append(SentenceSpan(*trimmed))
        previous = boundary
    return sentences


def _snap(text: str, boundary: int) -> int:
    """Move a sentence boundary out of the grapheme cluster it falls in.

    UAX #29's sentence rules let a few characters that extend a cluster start a sentence:
    ICU breaks "U.S.🏻" before the skin tone and ".ำ" before THAI SARA AM. Such a cluster
    stays whole with its base character: in the earlier sentence, unless the boundary
    follows a Prepend character (U+0600 ARABIC NUMBER SIGN ...), which leads what follows.
    """
    if grapheme_boundaries(text[boundary - 1] + "a") == [0, 2]:  # the character prepends
        return grapheme_floor(text, boundary)
    return grapheme_ceil(text, boundary)


# ICU's English suppressions know "Mr." and "Mrs." but not these titles and initialisms,
# and a fact-checker marking "the U.S. Department of State" wants it in one sentence.
_TITLES = (
    "Adm|Capt|Col|Cpl|Dr|Fr|Gen|Gov|Hon|Insp|Jr|Lt|Maj|Mt|No|Nos|Pres|Prof|Pvt|Rep|Rev|"
    "Sen|Sgt|Sr|St|Supt|vs"
)
_TITLE_BEFORE = re.compile(rf"(?:^|[\s(\[“\"'])(?:{_TITLES})\.\s+$")
_INITIALISM_BEFORE = re.compile(r"(?:^|[\s(\[“\"'])(?:[A-Z]\.){2,}\s+$")
_NEXT_WORD = re.compile(r"[“\"'(]?([A-Z0-9][\w’'-]*)")
# Words that usually open a new sentence: after "U.S." they mean the sentence did end.
_SENTENCE_OPENERS = frozenset(
    (
        "A",
        "An",
        "And",
        "As",
        "At",
        "But",
        "By",
        "For",
        "From",
        "He",
        "Her",
        "His",
        "However",
        "I",
        "If",
        "In",
        "It",
        "Its",
        "On",
        "She",
        "So",
        "That",
        "The",
        "Their",
        "Then",
        "There",
        "These",
        "They",
        "This",
        "Those",
        "To",
        "We",
        "What",
        "When",
        "Where",
        "While",
        "Who",
        "Yet",
        "You",
    )
)


def _abbreviation_before(text: str, boundary: int) -> bool:
    """Whether ICU's sentence boundary follows an abbreviation that rarely ends one."""
    # Only this line counts (each line is segmented as if alone).
    before = text[max(0, boundary - 12) : boundary].rsplit("\n", 1)[-1]
    following = _NEXT_WORD.match(text, boundary)
    if following is None:
        return False
    if _TITLE_BEFORE.search(before):
        return True
    return bool(_INITIALISM_BEFORE.search(before)) and following.group(1) not in _SENTENCE_OPENERS
