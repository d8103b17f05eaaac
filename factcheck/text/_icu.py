"""The two things every ICU call in this package needs: a locale string and safe input.

icu4py takes text as UTF-8 and reports UTF-16 code unit offsets; converting those to code
points is the caller's job (see offsets.py). Nothing here imports Django.
"""

from __future__ import annotations

import re
from functools import lru_cache

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


def segments(breaker: type[BaseBreaker], text: str, locale: str) -> list[int]:
    """Return the end of every segment ICU finds, in UTF-16 code units of text.

    Normalised text never holds lone surrogates, but these helpers accept any str: icu4py
    cannot encode one, so each becomes U+FFFD, also one UTF-16 code unit, and the offsets
    still line up with text.
    """
    try:
        found = breaker(text, locale)
    except UnicodeEncodeError:
        found = breaker(_SURROGATE.sub("\ufffd", text), locale)
    return [end for _, end in found.segments()]
