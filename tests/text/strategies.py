"""Hypothesis strategies for article-like text that stresses offsets and segmentation.

Raw texts mix what news copied from the web really holds (ASCII prose, Khmer, Arabic,
emoji) with what breaks naive code: astral characters, ZWJ sequences, skin tones, flags
and runs of regional indicators, combining marks, Khmer coeng stacks, Arabic prepended
marks, Devanagari conjuncts, Hangul jamo, every newline convention, blank lines, tabs,
NUL and other controls, BOMs and lone surrogates. Tests normalise() them first.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# One place to turn the effort up: TEXT_MAX_EXAMPLES=2000 pytest tests/text
EXAMPLES = int(os.environ.get("TEXT_MAX_EXAMPLES", "300"))

property_settings = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

WORDS = st.sampled_from(
    ["The", "cat", "U.S.", "Mr.", "Dr.", "report", "62", "cases", "e.g.", "i", "A", "ok"]
)
PUNCTUATION = st.sampled_from([".", "!", "?", "...", ",", ";", ":", '"', "“", "”", "(", ")"])
SPACES = st.sampled_from(
    [" ", " ", " ", "  ", "\t", "\u00a0", "\u3000", "\u2028", "\u2029", "\u200b", "\u202f"]
)
NEWLINES = st.sampled_from(["\n", "\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\n \n", "\n\t\n"])
EMOJI = st.sampled_from(
    [
        "😀",
        "🇰🇭",
        "🇺🇸",
        "👍🏽",
        "👩🏿‍🚀",
        "👨‍👩‍👧",
        "🏳️‍🌈",
        "❤️",
        "1️⃣",
        "\U0001f3fd",  # a skin tone on its own
        "\u200d",  # a ZWJ on its own
        "\ufe0f",
        "𝐀",  # astral, but not an emoji
    ]
)
REGIONAL_INDICATORS = st.lists(st.sampled_from(["🇰", "🇭", "🇺", "🇸"]), min_size=1, max_size=7).map(
    "".join
)
COMBINING = st.sampled_from(["e\u0301", "\u0301", "a\u0308\u0323", "\u0323", "n\u0303", " \u0301"])
KHMER = st.sampled_from(
    ["ខ្ញុំ", "ទៅ", "ផ្សារ", "។", "គាត់", "សាលា", "ស្ត្រី", "\u17d2", "\u17c1", "ក", "៕", "៖"]
)
ARABIC = st.sampled_from(
    ["مرحبا", "بالعالم", "؟", ".", "كيف", "حالك", "\u064b", "\u0600", "\u06dd", "١٢"]
)
OTHER_SCRIPTS = st.sampled_from(
    [
        "क्ष",
        "क",
        "्",
        "ष",
        "\u200d",
        "한",
        "\u1100\u1161\u11a8",
        "\u1100",
        "\u11a8",
        "ไทย",
        "\u0e33",  # THAI CHARACTER SARA AM: a letter, yet it extends the previous cluster
        "。",
        "\u0d4e",  # MALAYALAM LETTER DOT REPH: a Prepend letter
        "\U000110bd",  # KAITHI NUMBER SIGN: a Prepend format character
    ]
)
CONTROLS = st.sampled_from(["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x0b", "\x0c", "\ufeff"])
SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
ANY_CHARACTER = st.characters(codec="utf-8")  # any code point but a surrogate

# Long stretches without ASCII, so grapheme checks cannot find a nearby safe restart point.
NON_ASCII_RUN = st.lists(
    st.one_of(EMOJI, REGIONAL_INDICATORS, KHMER, ARABIC, OTHER_SCRIPTS, st.just("\u0301")),
    min_size=10,
    max_size=60,
).map("".join)

FRAGMENT = st.one_of(
    WORDS,
    WORDS,
    PUNCTUATION,
    SPACES,
    SPACES,
    NEWLINES,
    EMOJI,
    REGIONAL_INDICATORS,
    COMBINING,
    KHMER,
    ARABIC,
    OTHER_SCRIPTS,
    CONTROLS,
    ANY_CHARACTER,
    NON_ASCII_RUN,
)

raw_texts = st.lists(FRAGMENT, max_size=60).map("".join)
raw_texts_with_surrogates = st.lists(st.one_of(FRAGMENT, SURROGATES), max_size=40).map("".join)

# Paragraphs that repeat (a photo caption printed twice, a boilerplate line), so a quote's
# exact text occurs more than once.
repeated_texts = st.builds(
    lambda paragraphs, order: "\n".join(paragraphs[i % len(paragraphs)] for i in order),
    st.lists(st.lists(FRAGMENT, min_size=1, max_size=12).map("".join), min_size=1, max_size=3),
    st.lists(st.integers(0, 5), min_size=2, max_size=6),
)

LANGUAGES = st.sampled_from(["en", "km", "ar", "en-GB", "th", "hi", "und", "not a tag!", ""])
