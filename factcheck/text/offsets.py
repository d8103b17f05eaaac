"""Code points, UTF-16 code units and grapheme clusters.

Offsets stored anywhere in the project are code points (Python str indices). Browsers and
ICU count UTF-16 code units, so everything they report comes through here. Grapheme
cluster checks guard claims (anchor.py) and span boundaries (segment.py).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from unicodedata import category

from icu4py.breakers import CharacterBreaker

from factcheck.text._icu import icu_locale, segment_ends

# Characters outside the Basic Multilingual Plane: two UTF-16 code units each.
_ASTRAL = re.compile(r"[\U00010000-\U0010ffff]")

# A character after which a grapheme cluster boundary is certain and no rule needs to look
# further back (UAX #29): an ASCII control other than CR (GB4), a CR not before LF, or a
# printable ASCII character followed by ASCII (no ASCII character extends, prepends or
# joins). ICU may start segmenting there and agree with a run from the start of the text.
_SAFE_AFTER = re.compile(r"[\x00-\x0c\x0e-\x1f\x7f]|\r(?!\n)|[\x20-\x7e](?=[\x00-\x7f])")

# The same certainty for non-ASCII pairs, judged by general category. On the left, no
# Prepend, Hangul jamo, regional indicator, virama or other mark (so no letters "Lo", no
# symbols "So"); on the right, nothing that extends what precedes it (marks, ZWJ and other
# format characters, modifier letters and skin tones). Two letters "Lo" are spacing marks
# all the same. test_offsets.py checks all of this against the installed ICU.
_PLAIN_LEFT = frozenset(
    ["Lu", "Ll", "Lt", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Zs"]
)
_PLAIN_RIGHT = _PLAIN_LEFT | {"Lo", "So", "Zl", "Zp"}
_SPACING_LETTERS = frozenset("\u0e33\u0eb3")  # THAI CHARACTER SARA AM, LAO VOWEL SIGN AM
_WINDOW = 64


def _is_bmp(text: str) -> bool:
    return text.isascii() or _ASTRAL.search(text) is None


def utf16_length(text: str) -> int:
    """Length of text in UTF-16 code units (what JavaScript's String.length reports)."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def codepoint_to_utf16(text: str, cp_offset: int) -> int:
    if not 0 <= cp_offset <= len(text):
        raise ValueError(f"offset {cp_offset} is outside the text (0..{len(text)})")
    return utf16_length(text[:cp_offset])


def utf16_to_codepoint(text: str, utf16_offset: int) -> int:
    return utf16_offsets_to_codepoints(text, (utf16_offset,))[0]


def utf16_offsets_to_codepoints(text: str, offsets: Iterable[int]) -> list[int]:
    """Convert UTF-16 code unit offsets into text to code point offsets.

    For offsets that browsers (JavaScript strings) or ICU report. Text without astral
    characters returns the offsets unchanged after a range check; sorted offsets take one
    sweep that decodes the UTF-16 between consecutive offsets (in C); anything else one
    bisection each. Raises ValueError for an offset outside the text or between the two
    halves of a surrogate pair.
    """
    units = list(offsets)
    if not units:
        return []
    if _is_bmp(text):
        low, high = min(units), max(units)
        if low < 0 or high > len(text):
            bad = low if low < 0 else high
            raise ValueError(f"UTF-16 offset {bad} is outside the text (0..{len(text)})")
        return units
    # A UTF-16 offset is never less than its code point offset, so no character from
    # max(units) on can lie before any offset asked about.
    prefix = text[: min(max(units), len(text))]
    try:
        data = prefix.encode("utf-16-le")
    except UnicodeEncodeError:  # lone surrogates: each is one code unit of its own
        return _by_bisection(prefix, units)
    end = len(data) // 2  # all of the text whenever an offset lies beyond the prefix
    result = []
    previous = 0
    count = 0
    for unit in units:
        if not 0 <= unit <= end:
            raise ValueError(f"UTF-16 offset {unit} is outside the text (0..{end})")
        if unit < previous:
            return _by_bisection(prefix, units)
        if unit and 0xD8 <= data[2 * unit - 1] <= 0xDB:  # the unit before is a high surrogate
            raise ValueError(f"UTF-16 offset {unit} falls inside a surrogate pair")
        count += len(data[2 * previous : 2 * unit].decode("utf-16-le"))
        previous = unit
        result.append(count)
    return result


def _by_bisection(prefix: str, units: list[int]) -> list[int]:
    """The general case: unsorted offsets, or text holding lone surrogates."""
    # UTF-16 position of the high surrogate of each astral character, in order.
    pairs = [m.start() + i for i, m in enumerate(_ASTRAL.finditer(prefix))]
    end = len(prefix) + len(pairs)
    result = []
    for unit in units:
        if not 0 <= unit <= end:
            raise ValueError(f"UTF-16 offset {unit} is outside the text (0..{end})")
        before = bisect_right(pairs, unit - 2)  # astral characters wholly before unit
        if before < len(pairs) and pairs[before] == unit - 1:
            raise ValueError(f"UTF-16 offset {unit} falls inside a surrogate pair")
        result.append(unit - before)
    return result


def grapheme_boundaries(text: str, language: str = "en") -> list[int]:
    """Code point offsets of every extended grapheme cluster boundary, 0 and len(text) too."""
    if text.isascii() and "\r\n" not in text:
        return list(range(len(text) + 1))
    return [0, *segment_ends(CharacterBreaker, text, icu_locale(language))]


def _is_safe(text: str, offset: int) -> bool:
    """True when offset is a boundary from which ICU can segment as if the text began."""
    if offset <= 0 or offset >= len(text):
        return True
    if _SAFE_AFTER.match(text, offset - 1):
        return True
    left, right = text[offset - 1], text[offset]
    return (
        (" " <= left <= "~" or category(left) in _PLAIN_LEFT)
        and category(right) in _PLAIN_RIGHT
        and right not in _SPACING_LETTERS
    )


def _safe_before(text: str, offset: int) -> int:
    """The last safe position at or before offset."""
    for candidate in range(offset, max(0, offset - 8), -1):
        if _is_safe(text, candidate):
            return candidate
    reach = _WINDOW
    while True:
        low = max(0, offset - reach)
        ends = [m.end() for m in _SAFE_AFTER.finditer(text, low, offset + 1)]
        found = [end for end in ends if end <= offset]
        if found:
            return found[-1]
        if low == 0:
            return 0
        reach *= 4


def _safe_after(text: str, offset: int) -> int:
    """The first safe position after offset (len(text) when there is none)."""
    for candidate in range(offset + 1, min(len(text), offset + 9)):
        if _is_safe(text, candidate):
            return candidate
    match = _SAFE_AFTER.search(text, offset)
    return match.end() if match else len(text)


def _window(text: str, offset: int) -> tuple[int, list[int]]:
    """Grapheme boundaries of a slice around offset that agrees with the whole text."""
    low = _safe_before(text, offset)
    high = _safe_after(text, offset)
    return low, [low + b for b in grapheme_boundaries(text[low:high])]


def _check(text: str, offset: int) -> None:
    if not 0 <= offset <= len(text):
        raise ValueError(f"offset {offset} is outside the text (0..{len(text)})")


def is_grapheme_boundary(text: str, offset: int) -> bool:
    """True when offset does not fall inside a grapheme cluster (an emoji, e + accent, ...).

    Segments only a window around offset, so it is cheap on a long text.
    """
    if not 0 <= offset <= len(text):
        _check(text, offset)
    if _is_safe(text, offset):
        return True
    return offset in _window(text, offset)[1]


def grapheme_floor(text: str, offset: int) -> int:
    """The largest grapheme cluster boundary at or before offset."""
    _check(text, offset)
    if _is_safe(text, offset):
        return offset
    return max(b for b in _window(text, offset)[1] if b <= offset)


def grapheme_ceil(text: str, offset: int) -> int:
    """The smallest grapheme cluster boundary at or after offset."""
    _check(text, offset)
    if _is_safe(text, offset):
        return offset
    return min(b for b in _window(text, offset)[1] if b >= offset)


def splits_grapheme(text: str, start: int, end: int) -> bool:
    """True when start or end falls inside a grapheme cluster."""
    return not (is_grapheme_boundary(text, start) and is_grapheme_boundary(text, end))
