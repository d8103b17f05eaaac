"""Words, numbers and dates as suggest.py and consistency.py find them, in any script.

Python's re counts every Unicode decimal digit as \\d (Khmer ០-៩ and Arabic-Indic ٠-٩
too) and int() reads them, so numbers need no per-script table. Words are letters with
their combining marks: re's \\w leaves out marks, which would cut a Khmer or Arabic word
in two at its first vowel sign.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass


def _mark_class() -> str:
    """A character class of every combining mark (categories Mn, Mc, Me) and ZWNJ/ZWJ."""
    ranges: list[tuple[int, int]] = []
    for code in range(sys.maxunicode + 1):
        if unicodedata.category(chr(code))[0] == "M":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    parts = [
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    ]
    return "".join(parts) + "\u200c\u200d"


MARKS = _mark_class()
# A letter, then letters, digits and marks; apostrophes and hyphens join parts of a word.
WORD = rf"[^\W\d_][{MARKS}]*(?:[^\W_]|[{MARKS}])*(?:['’-][^\W\d_](?:[^\W_]|[{MARKS}])*)*"
# Digits in any script, with thousands separators or a decimal point (ASCII or Arabic).
# "Covid-19" and "G20" are names, not numbers; Arabic glues "and" (و) and a few other
# one-letter words to a number ("و٦٨"). The first digit comes first and the lookbehinds
# look past it, so re can skip ahead to the next digit (3x faster on a 1 MB article).
NUMBER = (
    r"\d(?:(?<![\w.,\u066b\u066c]\d)|(?<=(?<!\w)[وبلف]\d))(?<![^\W\d_]-\d)"
    r"\d*(?:[,.\u066b\u066c]\d+)*(?![\w\u066b\u066c])"
)
NUMBER_RE = re.compile(NUMBER)
WORD_RE = re.compile(WORD)

MONTHS = {
    # English
    # English, capitalised: lower-case "may" and "march" are verbs
    "January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6, "July": 7,
    "August": 8, "September": 9, "October": 10, "November": 11, "December": 12,
    "Jan.": 1, "Feb.": 2, "Mar.": 3, "Apr.": 4, "Jun.": 6, "Jul.": 7, "Aug.": 8,
    "Sept.": 9, "Sep.": 9, "Oct.": 10, "Nov.": 11, "Dec.": 12,
    # Khmer
    "មករា": 1, "កុម្ភៈ": 2, "មីនា": 3, "មេសា": 4, "ឧសភា": 5, "មិថុនា": 6, "កក្កដា": 7,
    "សីហា": 8, "កញ្ញា": 9, "តុលា": 10, "វិច្ឆិកា": 11, "ធ្នូ": 12,
    # Arabic (Egyptian and Gulf usage, then Levantine)
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "مايو": 5, "يونيو": 6,
    "يوليو": 7, "أغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7,
    "آب": 8, "أيلول": 9, "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12,
}  # fmt: skip
_MONTH_ALTERNATION = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
# A month name, optionally with a day before or after it and a year; or a year alone.
# "April 2019", "12 March 2020", "March 12, 2020", "ខែមេសា ឆ្នាំ២០១៩", "مارس ٢٠٢٠".
# The lookahead is a cheap first test: most positions start neither a digit nor a capital,
# and trying fifty month names at each of them cost half a second on a 1 MB article.
MONTH_DATE = (
    r"(?=[\dA-Z\u0600-\u06ff\u1780-\u17ff])"
    rf"(?:\d{{1,2}}\s+)?(?:ខែ\s*)?(?<![^\W\d_])(?:{_MONTH_ALTERNATION})(?![^\W\d_])"
    rf"(?:\s+\d{{1,2}}(?!\d))?(?:,?\s+(?:of\s+)?(?:ឆ្នាំ\s*|عام\s+)?\d{{4}}(?!\d)"
    r"|\s+of\s+(?:last|this|next)\s+year)?"
)
MONTH_DATE_RE = re.compile(MONTH_DATE)
# A month name alone is too weak to count: "May" opens sentences and "March" is a verb.
BARE_MONTHS = frozenset(["May", "March"])
WEEKDAYS = {
    "Monday": 0, "Tuesday": 1, "Wednesday": 2, "Thursday": 3, "Friday": 4, "Saturday": 5,
    "Sunday": 6,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Number:
    start: int
    end: int
    value: float


def parse_number(digits: str) -> float | None:
    """The value of a NUMBER match: "1,200" is 1200, "1.5" is 1.5, "١٢" is 12.

    A comma (or Arabic thousands separator) before exactly three digits groups thousands;
    anything else ambiguous ("1,5", "1.200.300,5") is None, because we do not guess.
    """
    text = digits.replace("\u066c", ",").replace("\u066b", ".")
    groups = text.split(",")
    if len(groups) > 1 and not all(len(g.split(".")[0]) == 3 for g in groups[1:]):
        return None
    joined = "".join(groups)
    if joined.count(".") > 1:
        return None
    whole, _, fraction = joined.partition(".")
    try:
        value = float(int(whole))
        if fraction:
            value += int(fraction) / 10 ** len(fraction)
    except ValueError:
        return None
    return value


def numbers_in(text: str, start: int = 0, end: int | None = None) -> list[Number]:
    """Every number in text[start:end], with its code point range into text."""
    found = []
    for match in NUMBER_RE.finditer(text, start, len(text) if end is None else end):
        value = parse_number(match.group())
        if value is not None:
            found.append(Number(match.start(), match.end(), value))
    return found


def is_year(text: str, number: Number) -> bool:
    """A four-digit whole number from 1900 to 2099 read as a year ("2020", "២០២០")."""
    return number.end - number.start == 4 and 1900 <= number.value <= 2099


def format_number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string, for the rules' word lists."""
    return frozenset(words.split())
