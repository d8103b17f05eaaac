"""The two things every ICU call in this package needs: a locale string and safe input.

icu4py takes text as UTF-8 and reports UTF-16 code unit offsets; segment_ends() turns
those into code points. Nothing here imports Django.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate

from icu4py.breakers import BaseBreaker
from icu4py.locale import Locale

# A BCP 47 tag as articles store it ("en", "km", "en-GB", "zh-Hant-TW"); ICU also accepts
# its own underscore form, so both separators pass.
_TAG = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*")
_FALLBACK = "en"

# Sentence-break suppressions ("Mr. Smith" is one sentence, not two) for the locales ICU
# has data for; a no-op elsewhere. Set to "" to get ICU's plain rules.
SENTENCE_KEYWORDS = "@ss=standard"

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_ASTRAL = re.compile(r"[\U00010000-\U0010ffff]")


@lru_cache(maxsize=64)
def icu_locale(language: str) -> str:
    """Map an article's BCP 47 language tag to an ICU locale name, "en" when unusable."""
    tag = language.strip()
    if not _TAG.fullmatch(tag):
        return _FALLBACK
    name = tag.replace("-", "_")
    locale = Locale(name)
    if locale.bogus or not locale.language:
        return _FALLBACK
    return name


def sentence_locale(language: str) -> str:
    return icu_locale(language) + SENTENCE_KEYWORDS


def segment_ends(breaker: type[BaseBreaker], text: str, locale: str) -> list[int]:
    """Return the end of every segment ICU finds, in code points of text.

    icu4py's segments() counts UTF-16 code units; where text has astral characters, the
    segments' own lengths in code points are summed instead (in C), which is cheaper than
    converting offsets. Normalised text never holds lone surrogates, but these helpers
    accept any str: icu4py cannot encode one, so each becomes U+FFFD, also one code point
    and one code unit.
    """
    try:
        found = breaker(text, locale)
    except UnicodeEncodeError:
        found = breaker(_SURROGATE.sub("\ufffd", text), locale)
    if text.isascii() or _ASTRAL.search(text) is None:
        return [end for _, end in found.segments()]
    return list(accumulate(map(len, found)))
