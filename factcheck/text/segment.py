"""Paragraphs and sentences of a normalised text, as code point spans.

Article import stores these as Span rows, so the reading page renders from the database.
A paragraph is a non-blank line; its sentences come from ICU's sentence breaker for the
article's language. Every boundary lands on a grapheme cluster boundary, and a span never
starts or ends with a cluster made only of whitespace.
"""

from __future__ import annotations

from dataclasses import dataclass

from icu4py.breakers import SentenceBreaker

from factcheck.text._icu import segments, sentence_locale
from factcheck.text.offsets import (
    grapheme_ceil,
    grapheme_floor,
    is_grapheme_boundary,
    utf16_offsets_to_codepoints,
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
    """Split text into paragraphs and their sentences; offsets are code points into text."""
    locale = sentence_locale(language)
    paragraphs = []
    line_start = 0
    for line in text.split("\n"):
        line_end = line_start + len(line)
        trimmed = _trim(text, line_start, line_end, line.isascii())
        if trimmed is not None:
            start, end = trimmed
            sentences = tuple(_sentences(text, start, end, locale))
            paragraphs.append(ParagraphSpan(start, end, sentences))
        line_start = line_end + 1
    return paragraphs


def _trim(text: str, start: int, end: int, ascii_only: bool) -> tuple[int, int] | None:
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
    if not ascii_only:
        if new_start != start and not is_grapheme_boundary(text, new_start):
            new_start = grapheme_floor(text, new_start)
        if new_end != end and not is_grapheme_boundary(text, new_end):
            new_end = grapheme_ceil(text, new_end)
    return new_start, new_end


def _sentences(text: str, start: int, end: int, locale: str) -> list[SentenceSpan]:
    paragraph = text[start:end]
    ascii_only = paragraph.isascii()
    ends = segments(SentenceBreaker, paragraph, locale)
    if not ascii_only:
        ends = utf16_offsets_to_codepoints(paragraph, ends)
    sentences = []
    previous = start
    for relative_end in ends:
        boundary = start + relative_end
        if not ascii_only and not is_grapheme_boundary(text, boundary):
            # ICU's sentence rules and its grapheme rules disagree here; keep the whole
            # cluster with the sentence it starts.
            boundary = grapheme_floor(text, boundary)
        if boundary <= previous:
            continue
        trimmed = _trim(text, previous, boundary, ascii_only)
        if trimmed is not None:
            sentences.append(SentenceSpan(*trimmed))
        previous = boundary
    return sentences
