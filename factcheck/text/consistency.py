"""What an article's own text can tell about its errors, with the reasoning in one line.

- Sums: a total followed by its parts ("a total of 185 ... Of those, 101 ... 68 ... the
  remaining 16") is checked and reported either way, with the arithmetic.
- Name variants: one name spelled two ways ("Roedemeier" / "Rodemeier"), by edit
  similarity (rapidfuzz) over the capitalised words the article uses as names.
- Numbers restated: the same four words after two different numbers ("62 cases of
  violations of" / "64 cases of violations of").
- Dates: a weekday that does not fall on its date, a date that does not exist, a period
  that ends before it starts. Two dates of "the same event" need guessing, so they are
  not compared.

Every span is code points into the text, on grapheme cluster boundaries, with
text[start:end] == exact.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import cdist

from factcheck.text._lexicon import (
    MARKS,
    MONTH_DATE_RE,
    MONTHS,
    NUMBER,
    WEEKDAYS,
    WORD,
    Number,
    format_number,
    is_year,
    numbers_in,
    parse_number,
    word_set,
)
from factcheck.text.offsets import grapheme_ceil, grapheme_floor
from factcheck.text.segment import ParagraphSpan, SentenceSpan, segment


@dataclass(frozen=True, slots=True)
class FoundSpan:
    start: int
    end: int
    exact: str


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str  # "sum", "name_variant", "number_restated", "date"
    status: str  # "consistent", "inconsistent", "variant"
    spans: tuple[FoundSpan, ...]
    explanation: str


def check(
    text: str, *, language: str = "en", paragraphs: list[ParagraphSpan] | None = None
) -> list[Finding]:
    """Every finding in normalise()d text, ordered by where its first span starts."""
    if paragraphs is None:
        paragraphs = segment(text, language)
    findings = [
        *_sums(text, paragraphs),
        *_name_variants(text),
        *_numbers_restated(text, paragraphs),
        *_impossible_dates(text),
    ]
    return sorted(findings, key=lambda f: (f.spans[0].start, f.kind, f.explanation))


def _span(text: str, start: int, end: int) -> FoundSpan:
    """A span widened to whole grapheme clusters ("1" + a combining keycap stays whole)."""
    start, end = grapheme_floor(text, start), grapheme_ceil(text, end)
    return FoundSpan(start, end, text[start:end])


# --- Sums -----------------------------------------------------------------------------

_TOTAL = re.compile(
    rf"\b(?:a |the )?total of\s+(?P<a>{NUMBER})"
    rf"|(?P<b>{NUMBER})\s+(?:{WORD}\s+)?in total\b"
    rf"|\btotall?ing\s+(?P<c>{NUMBER})"
    rf"|សរុប\s*(?P<d>{NUMBER})"
    rf"|(?:ما\s+)?(?:مجموعه|مجموعها|إجمالي|بإجمالي|مجموع)\s+(?P<e>{NUMBER})"
    # "1,000 people, of which 60% ...": a count that its parts follow at once
    rf"|(?P<f>{NUMBER})\s+{WORD}(?:\s+{WORD})?,?\s+(?=including|of which|of whom|among them)"
)
_PART_MARKER = re.compile(
    r"\b(?:including|of which|of whom|of those|of these|of them|among them|among those|"
    r"comprising|consisting of|of the total)\b"
    r"|(?<![^\W\d_])(?:و?منها|و?من\s+بينها|و?من\s+بينهم|و?منهم)(?![^\W\d_])"
    r"|ក្នុងនោះ|ក្នុងចំណោមនោះ",
    re.IGNORECASE,
)
# The parts cover the whole only when the rest is a number too: "the remaining 16",
# "16 for other reasons", "والباقي ١٦". "... and the rest did not answer" leaves it open.
_REST = re.compile(
    rf"(?:remaining|the rest(?: of them)?,?|الباقي|البقية|المتبقية|المتبقي|នៅសល់)\s*{NUMBER}"
    rf"|{NUMBER}[^\d.!?។]{{0,30}}?(?:\bothers?\b|\bother\b|أخرى|الأخرى|ផ្សេងទៀត|នៅសល់)",
    re.IGNORECASE,
)
_PERCENT_AFTER = re.compile(r"\s*(?:%|٪|per\s?cent\b|percent\b)")


# Every total pattern holds one of these words; sentences without one are skipped cheaply.
_TOTAL_HINT = re.compile(
    r"total|includ|of which|of whom|among them|សរុប|مجموع|إجمالي", re.IGNORECASE
)


def _sums(text: str, paragraphs: list[ParagraphSpan]) -> list[Finding]:
    findings = []
    for paragraph in paragraphs:
        sentences = paragraph.sentences
        for i, sentence in enumerate(sentences):
            if not _TOTAL_HINT.search(text, sentence.start, sentence.end):
                continue
            for total in _TOTAL.finditer(text, sentence.start, sentence.end):
                finding = _sum_from(text, total, sentences[i:])
                if finding is not None:
                    findings.append(finding)
    return findings


def _sum_from(
    text: str, total: re.Match[str], sentences: tuple[SentenceSpan, ...]
) -> Finding | None:
    group = next(name for name in "abcdef" if total.group(name) is not None)
    value = parse_number(total.group(group))
    if value is None:
        return None
    regions = _part_regions(text, total.end(), sentences)
    parts = [n for start, end in regions for n in _counted_numbers(text, start, end)]
    if not parts:
        return None
    percents = [n for n in parts if _PERCENT_AFTER.match(text, n.end)]
    counts = [n for n in parts if n not in percents]
    whole, unit = (value, "") if counts else (100.0, "%")
    parts = counts or percents
    exhaustive = any(_REST.search(text, start, end) for start, end in regions)
    total_span = _span(text, *total.span(group))
    spans = (total_span, *(_span(text, n.start, n.end) for n in parts))
    status, explanation = _verdict([n.value for n in parts], whole, unit, exhaustive)
    return Finding("sum", status, spans, explanation)


def _part_regions(
    text: str, after_total: int, sentences: tuple[SentenceSpan, ...]
) -> list[tuple[int, int]]:
    """Where the parts are: after a marker in the total's sentence ("including ..."), then
    each following sentence of the paragraph that opens with one ("Of those, ...")."""
    regions = []
    first = sentences[0]
    marker = _PART_MARKER.search(text, after_total, first.end)
    if marker is not None:
        regions.append((marker.end(), first.end))
    for sentence in sentences[1:]:
        opening = _PART_MARKER.search(text, sentence.start, min(sentence.end, sentence.start + 24))
        if opening is None:
            break
        regions.append((opening.end(), sentence.end))
    return regions


def _counted_numbers(text: str, start: int, end: int) -> list[Number]:
    """Numbers that can be parts: not years, not the day of a date ("12 March")."""
    dates = [m.span() for m in MONTH_DATE_RE.finditer(text, start, end)]
    return [
        n
        for n in numbers_in(text, start, end)
        if not is_year(text, n) and not any(s <= n.start and n.end <= e for s, e in dates)
    ]


def _verdict(values: list[float], whole: float, unit: str, exhaustive: bool) -> tuple[str, str]:
    total = sum(values)
    arithmetic = " + ".join(format_number(v) + unit for v in values)
    stated = format_number(whole) + unit
    equal = abs(total - whole) <= 1e-9 * max(1.0, abs(whole))
    summed = format_number(round(total, 9)) + unit
    if exhaustive:
        if equal:
            return "consistent", f"{arithmetic} = {stated}: consistent"
        return "inconsistent", f"{arithmetic} = {summed}, not {stated}: inconsistent"
    if total <= whole or equal:
        return (
            "consistent",
            f"{arithmetic} = {summed}, within the total of {stated}: consistent "
            "(the parts named need not cover the whole)",
        )
    return "inconsistent", f"{arithmetic} = {summed}, more than the total of {stated}: inconsistent"


# --- Name variants --------------------------------------------------------------------

_SIMILAR = 0.85  # Levenshtein similarity: "Roedemeier"/"Rodemeier" is 0.9
_SHORTEST_NAME = 5  # below this, one letter is too much of the word ("Chin"/"Chan")
_OPENS_SENTENCE = re.compile(r"(?:^|[.!?។؟:\n])[\s“\"'‘«(]*$")


def _name_variants(text: str) -> list[Finding]:
    occurrences = _name_occurrences(text)
    names = sorted(occurrences, key=lambda name: occurrences[name][0])  # first used, first
    groups = _similar_groups(names)
    findings = []
    for group in groups:
        spans = sorted(
            (_span(text, s, e) for name in group for s, e in occurrences[name]),
            key=lambda span: span.start,
        )
        counts = " and ".join(f'"{name}" ({_times(len(occurrences[name]))})' for name in group)
        similarity = min(
            Levenshtein.normalized_similarity(a, b) for a in group for b in group if a != b
        )
        findings.append(
            Finding(
                "name_variant",
                "variant",
                tuple(spans),
                f"{counts} look like one name spelled differently "
                f"({similarity:.0%} similar): check which spelling is right",
            )
        )
    return findings


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


# A word that does not start with an ASCII lower-case letter, found by its first letter
# so that re skips ahead (isupper() decides the rest); every word of a 1 MB text took 0.3 s.
# Apostrophes and hyphens end it: "Department’s" is "Department".
_CAPITALISED = re.compile(rf"[^\W\da-z_](?<![\w{MARKS}].)[{MARKS}]*(?:[^\W_]|[{MARKS}])*")


def _name_occurrences(text: str) -> dict[str, list[tuple[int, int]]]:
    """Capitalised words used as names: each occurs at least once inside a sentence,
    where only a name would be capitalised. Possessive endings are left out."""
    found: dict[str, list[tuple[int, int]]] = defaultdict(list)
    inside: set[str] = set()
    for match in _CAPITALISED.finditer(text):
        word = match.group()
        if not word[0].isupper() or word.isupper():
            continue
        end = match.end()
        for ending in ("’s", "'s", "’", "'"):
            if word.endswith(ending):
                word, end = word[: -len(ending)], end - len(ending)
                break
        if len(word) < _SHORTEST_NAME:
            continue
        found[word].append((match.start(), end))
        if not _OPENS_SENTENCE.search(text, max(0, match.start() - 8), match.start()):
            inside.add(word)
    return {word: spans for word, spans in found.items() if word in inside}


def _similar_groups(names: list[str]) -> list[tuple[str, ...]]:
    """Names linked by similarity, grouped (a union of pairs), in the order given."""
    parent = {name: name for name in names}

    def root(name: str) -> str:
        while parent[name] != name:
            name = parent[name]
        return name

    by_initial: dict[str, list[str]] = defaultdict(list)
    for name in names:
        by_initial[name[0]].append(name)
    for bucket in by_initial.values():
        if len(bucket) < 2:
            continue
        scores = cdist(
            bucket, bucket, scorer=Levenshtein.normalized_similarity, score_cutoff=_SIMILAR
        )
        for i, j in zip(*scores.nonzero(), strict=True):
            a, b = bucket[int(i)], bucket[int(j)]
            if i < j and not _inflected(a, b):
                parent[root(b)] = root(a)
    groups: dict[str, list[str]] = defaultdict(list)
    for name in names:
        groups[root(name)].append(name)
    return [tuple(g) for g in groups.values() if len(g) > 1]


# Endings that make another form of the same word; "Sophea"/"Sopheap" stays a variant.
_INFLECTIONS = word_set("s es n an ian ns ans ese i is")


def _inflected(a: str, b: str) -> bool:
    """One word in two forms: "Cambodia"/"Cambodian", "American"/"Americans"."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and long[len(short) :] in _INFLECTIONS


# --- Numbers restated -----------------------------------------------------------------

_FOUR_WORDS_AFTER = re.compile(rf"[\s-]+({WORD})\s+({WORD})\s+({WORD})\s+({WORD})")
_NOT_A_UNIT = word_set(
    "a an and are as at be been but by for from had has have in is it of on or per than "
    "that the to was were which who with"
)


def _numbers_restated(text: str, paragraphs: list[ParagraphSpan]) -> list[Finding]:
    """The same four words after different numbers: one quantity stated twice."""
    seen: dict[tuple[str, ...], list[tuple[float, int, int]]] = defaultdict(list)
    for paragraph in paragraphs:
        for sentence in paragraph.sentences:
            for number in numbers_in(text, sentence.start, sentence.end):
                if is_year(text, number):
                    continue
                words = _FOUR_WORDS_AFTER.match(text, number.end, sentence.end)
                if words is None or words.group(1).lower() in _NOT_A_UNIT:
                    continue
                key = tuple(w.lower() for w in words.groups())
                seen[key].append((number.value, number.start, words.end()))
    findings = []
    for key, stated in seen.items():
        values = sorted({value for value, _, _ in stated})
        if len(values) < 2:
            continue
        spans = tuple(_span(text, start, end) for _, start, end in stated)
        listed = ", ".join(format_number(v) for v in values)
        findings.append(
            Finding(
                "number_restated",
                "inconsistent",
                spans,
                f'"{" ".join(key)}" is stated with different numbers ({listed})',
            )
        )
    return findings


# --- Dates that cannot be right -------------------------------------------------------

_MONTH = "|".join(sorted((re.escape(m) for m in MONTHS if m.isascii()), key=len, reverse=True))
_WEEKDAY_DATE = re.compile(
    rf"\b(?P<weekday>{'|'.join(WEEKDAYS)}),?\s+(?:the\s+)?"
    rf"(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH})"
    rf"|(?P<month2>{_MONTH})\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?),?\s+(?P<year>\d{{4}})\b"
)
_REVERSED_PERIOD = re.compile(
    rf"\bfrom\s+(?:(?P<m1>{_MONTH})\s+)?(?P<y1>\d{{4}})\s+(?:to|until|through)\s+"
    rf"(?:(?P<m2>{_MONTH})\s+)?(?P<y2>\d{{4}})\b"
)


def _impossible_dates(text: str) -> list[Finding]:
    findings = []
    for match in _WEEKDAY_DATE.finditer(text):
        problem = _weekday_problem(match)
        if problem:
            findings.append(_date_finding(text, match, problem))
    for match in _REVERSED_PERIOD.finditer(text):
        first = (int(match.group("y1")), MONTHS.get(match.group("m1") or "January", 1))
        last = (int(match.group("y2")), MONTHS.get(match.group("m2") or "December", 12))
        if last < first:
            findings.append(_date_finding(text, match, "the period ends before it starts"))
    return findings


def _weekday_problem(match: re.Match[str]) -> str:
    day = int(match.group("day") or match.group("day2"))
    month = MONTHS[match.group("month") or match.group("month2")]
    year = int(match.group("year"))
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return "there is no such date"
    weekday = match.group("weekday")
    if date.weekday() == WEEKDAYS[weekday]:
        return ""
    actual = date.strftime("%A")
    return f"{date.day} {date.strftime('%B %Y')} was a {actual}, not a {weekday}"


def _date_finding(text: str, match: re.Match[str], problem: str) -> Finding:
    return Finding(
        "date", "inconsistent", (_span(text, *match.span()),), f'"{match.group()}": {problem}'
    )


def spans_of(findings: Iterable[Finding]) -> list[tuple[int, int]]:
    """Every (start, end) the findings point at, for callers that mark them in the text."""
    return [(s.start, s.end) for f in findings for s in f.spans]
