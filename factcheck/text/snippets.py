"""Search terms and the marked snippet a search result shows.

`search_terms` splits what a person typed into terms: words, or "a quoted phrase" as one
term. `snippet` cuts a window of a text around the first term found and splits it into
parts, each marked as a hit or not, so a template can wrap the hits in <mark> while
escaping everything. Matching ignores case (str.casefold is not used: it changes lengths,
e.g. "ß" -> "ss", and the parts must be slices of the text). Windows end on grapheme
cluster boundaries, so an emoji ZWJ sequence or a letter with its combining marks is never
cut in half.
"""

import re
from dataclasses import dataclass

from .offsets import grapheme_ceil, grapheme_floor

MAX_TERMS = 8
MAX_TERM_LENGTH = 100

_TERM = re.compile(r'"([^"]+)"|(\S+)')


def search_terms(query: str) -> list[str]:
    """The distinct terms of `query` in order: quoted phrases whole, other words one by one;
    at most MAX_TERMS, each at most MAX_TERM_LENGTH code points."""
    terms: list[str] = []
    for phrase, word in _TERM.findall(query):
        term = " ".join((phrase or word).split())[:MAX_TERM_LENGTH]
        if term and term.lower() not in {known.lower() for known in terms}:
            terms.append(term)
    return terms[:MAX_TERMS]


@dataclass(frozen=True)
class Part:
    text: str
    hit: bool
    cut: bool = False  # an ellipsis standing for text left out


def _pattern(terms: list[str]) -> re.Pattern[str]:
    # Longest first, so "185 assemblies" wins over "185" where both match.
    alternatives = sorted({re.escape(term) for term in terms}, key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def snippet_window(text: str, terms: list[str], *, around: int = 80) -> tuple[int, int]:
    """Where the snippet of `text` starts and ends: about `around` code points either side
    of the first hit (or the start of the text when nothing matches), widened to grapheme
    cluster boundaries."""
    first = _pattern(terms).search(text) if terms else None
    if first is None:
        start, end = 0, min(len(text), 2 * around)
    else:
        start, end = max(0, first.start() - around), min(len(text), first.end() + around)
    start, end = _to_word_edges(text, start, end)
    return grapheme_floor(text, start), grapheme_ceil(text, end)


WORD_EDGE_REACH = 16


def _to_word_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen the window to the nearest whitespace within WORD_EDGE_REACH code points, so
    it does not start or end in the middle of a word (scripts without spaces, such as
    Khmer, simply keep the cut)."""
    if start > 0:
        space = max(
            text.rfind(" ", start - WORD_EDGE_REACH, start),
            text.rfind("\n", start - WORD_EDGE_REACH, start),
        )
        if space >= 0:
            start = space + 1
    if end < len(text):
        found = [
            i
            for i in (
                text.find(" ", end, end + WORD_EDGE_REACH),
                text.find("\n", end, end + WORD_EDGE_REACH),
            )
            if i >= 0
        ]
        if found:
            end = min(found)
    return start, end


def snippet(text: str, terms: list[str], *, around: int = 80) -> list[Part]:
    """The snippet (snippet_window) as parts; "…" parts stand for what was cut."""
    if not text:
        return []
    start, end = snippet_window(text, terms, around=around)
    window = text[start:end]
    parts: list[Part] = []
    if start > 0:
        parts.append(Part("…", False, cut=True))
    position = 0
    if terms:
        for match in _pattern(terms).finditer(window):
            if match.start() > position:
                parts.append(Part(window[position : match.start()], False))
            parts.append(Part(match.group(), True))
            position = match.end()
    if position < len(window):
        parts.append(Part(window[position:], False))
    if end < len(text):
        parts.append(Part("…", False, cut=True))
    return parts
