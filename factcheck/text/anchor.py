"""Anchoring claims to text: validate a client's range and find a quote again.

A client creating a claim sends start, end (code points) and a quote selector (W3C Web
Annotation TextQuoteSelector: exact, prefix, suffix). The claims service accepts only
when the range is sound and text[start:end] == exact, and answers 409 with the re-found
position otherwise; re-anchoring after a correction uses find_quote too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from factcheck.text.offsets import splits_grapheme

_DIGITS = re.compile(r"[0-9]+")

_MESSAGES = {
    "not_integer": "start and end must be whole numbers",
    "negative": "start and end cannot be negative",
    "reversed": "start must come before end",
    "empty": "the range is empty",
    "out_of_range": "the range runs past the end of the text",
    "splits_grapheme": "the range cuts a character (such as an emoji or accented letter) in two",
    "quote_mismatch": "the quoted text is not at that position",
}


class AnchorError(ValueError):
    """A claim range that cannot be accepted; code is stable, the message is for people.

    For "quote_mismatch", found is where the quote sits now (None when it is nowhere).
    """

    def __init__(
        self, code: str, message: str | None = None, *, found: tuple[int, int] | None = None
    ) -> None:
        self.code = code
        self.message = message or _MESSAGES.get(code, code)
        self.found = found
        super().__init__(self.message)


@dataclass(frozen=True)
class Quote:
    exact: str
    prefix: str = ""
    suffix: str = ""


def quote_at(text: str, start: int, end: int, context: int = 32) -> Quote:
    """The quote selector for text[start:end], with up to context code points either side."""
    start, end = check_range(text, start, end)
    return Quote(
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )


def _as_offset(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _DIGITS.fullmatch(value):
        try:
            return int(value)
        except ValueError:  # more digits than int() will parse: far past any text
            raise AnchorError("out_of_range") from None
    raise AnchorError("not_integer")


def check_range(text: str, start: object, end: object) -> tuple[int, int]:
    """Validate a client's range: ints or ASCII digit strings, 0 <= start < end <= len(text)."""
    first, last = _as_offset(start), _as_offset(end)
    if first < 0 or last < 0:
        raise AnchorError("negative")
    if first > last:
        raise AnchorError("reversed")
    if first == last:
        raise AnchorError("empty")
    if last > len(text):
        raise AnchorError("out_of_range", f"the range ends at {last}; the text has {len(text)}")
    return first, last


def _common_suffix(a: str, text: str, end: int) -> int:
    """How many trailing characters of a equal those of text[:end]."""
    low, high = 0, min(len(a), end)
    while low < high:  # the longest k with text[:end].endswith(a[-k:]), by bisection
        mid = (low + high + 1) // 2
        if text.endswith(a[len(a) - mid :], 0, end):
            low = mid
        else:
            high = mid - 1
    return low


def _common_prefix(a: str, text: str, start: int) -> int:
    """How many leading characters of a equal those of text[start:]."""
    low, high = 0, min(len(a), len(text) - start)
    while low < high:
        mid = (low + high + 1) // 2
        if text.startswith(a[:mid], start):
            low = mid
        else:
            high = mid - 1
    return low


def occurrences(
    text: str, exact: str, within: Iterable[tuple[int, int]] | None = None
) -> list[int]:
    """Start of every occurrence of exact in text (overlapping ones too), in order.

    With within, only occurrences lying wholly inside one of those [start, end) ranges
    count: re-anchoring (reanchor.py) searches only the text a correction inserted.
    """
    if not exact:
        return []
    found = []
    for low, high in [(0, len(text))] if within is None else within:
        position = text.find(exact, low, high)
        while position >= 0:
            found.append(position)
            position = text.find(exact, position + 1, high)
    return found


def find_quote(
    text: str,
    quote: Quote,
    hint: int | None = None,
    *,
    within: Iterable[tuple[int, int]] | None = None,
) -> tuple[int, int] | None:
    """Where quote.exact occurs in text, None when it does not.

    Among several occurrences, the one whose surroundings match prefix and suffix best
    wins; ties go to the one nearest hint (the old start), else the first. within limits
    the search as in occurrences().
    """
    exact = quote.exact
    best: tuple[int, int, int] | None = None
    best_start = -1
    for position in occurrences(text, exact, within):
        score = _common_suffix(quote.prefix, text, position) + _common_prefix(
            quote.suffix, text, position + len(exact)
        )
        distance = abs(position - hint) if hint is not None else 0
        key = (-score, distance, position)
        if best is None or key < best:
            best, best_start = key, position
    if best is None:
        return None
    return best_start, best_start + len(exact)


def verify_anchor(text: str, start: int, end: int, quote: Quote) -> None:
    """Accept a claim range only if it holds quote.exact and keeps grapheme clusters whole."""
    start, end = check_range(text, start, end)
    if text[start:end] != quote.exact:
        raise AnchorError("quote_mismatch", found=find_quote(text, quote, hint=start))
    if splits_grapheme(text, start, end):
        raise AnchorError("splits_grapheme")
