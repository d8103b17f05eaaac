"""Check-worthy sentences of an article, each with a score and its reasons in words.

A fact-checker reads for what can be checked: numbers with units, statements attributed
to someone, comparisons, dates and periods, cited documents. Each rule below finds one of
those in a sentence (from segment(), so every suggestion starts and ends on a sentence
boundary, which is a grapheme cluster boundary) and says what it found, quoting the
words. Numbers are digits in any script; the words rules know English, Khmer and Arabic.

Some lines of an article are not the article: the site name at the top, a photo caption
with its credit. Those paragraphs are never suggested (see _not_prose). No statistical
model: the rules are explainable, deterministic and fast (bench/bench_suggest.py).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from factcheck.text._lexicon import (
    BARE_MONTHS,
    MONTH_DATE,
    MONTH_DATE_RE,
    MONTHS,
    WORD,
    Number,
    is_year,
    numbers_in,
    word_set,
)
from factcheck.text.segment import ParagraphSpan, segment

# Bump when a rule changes: stored suggestions computed under an older version are
# recomputed (the suggestions app compares it with what it kept).
RULES_VERSION = 2  # 2: groups such as "Officials" are no named speakers

# A sentence is suggested when its reasons together reach this score (see _score).
THRESHOLD = 0.4


@dataclass(frozen=True, slots=True)
class Suggestion:
    start: int  # code points into the text, end exclusive; text[start:end] == exact
    end: int
    exact: str
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Rule:
    weight: float
    singular: str  # "a number with a unit"
    plural: str  # "numbers with units"
    find: Callable[[str, str], list[str]]  # (sentence, language) -> the matched words
    hint: re.Pattern[str]  # found in every sentence the rule can match


def suggest(
    text: str,
    *,
    language: str = "en",
    spans: Iterable[tuple[int, int]] = (),
    paragraphs: list[ParagraphSpan] | None = None,
) -> list[Suggestion]:
    """The check-worthy sentences of normalise()d text, in text order.

    spans are (start, end) ranges already claimed: a sentence claimed exactly is not
    suggested again. paragraphs may pass segment(text, language) when the caller has it.
    """
    claimed = set(spans)
    if paragraphs is None:
        paragraphs = segment(text, language)
    repeated = _repeated_paragraphs(text, paragraphs)
    found = []
    for paragraph in paragraphs:
        if paragraph in repeated or _not_prose(text[paragraph.start : paragraph.end]):
            continue
        for sentence in paragraph.sentences:
            if (sentence.start, sentence.end) in claimed:
                continue
            exact = text[sentence.start : sentence.end]
            weights, reasons = _reasons(exact, language)
            score = _score(weights)
            if score >= THRESHOLD:
                found.append(Suggestion(sentence.start, sentence.end, exact, score, reasons))
    return found


def _score(weights: list[float]) -> float:
    """Independent pieces of evidence: 1 - the product of (1 - weight), two decimals."""
    missing = 1.0
    for weight in weights:
        missing *= 1 - weight
    return round(1 - missing, 2)


def _reasons(sentence: str, language: str) -> tuple[list[float], tuple[str, ...]]:
    weights = []
    reasons = []
    for rule in _RULES:
        # The hint is a plain word list re finds fast; the rule's own patterns are slow
        # to try at every position of a long text.
        if not rule.hint.search(sentence):
            continue
        matches = list(dict.fromkeys(rule.find(sentence, language)))  # unique, in order
        if not matches:
            continue
        # A second match of the same kind is more evidence ("101 ... 68 ... 16"); a third
        # adds nothing, so a list of dates does not outscore one number with a unit.
        weights.extend([rule.weight] * min(len(matches), 2))
        label = rule.singular if len(matches) == 1 else rule.plural
        quoted = ", ".join(f'"{_shorten(m)}"' for m in matches[:4])
        more = f" and {len(matches) - 4} more" if len(matches) > 4 else ""
        reasons.append(f"{label} ({quoted}{more})")
    return weights, tuple(reasons)


def _shorten(words: str, limit: int = 8) -> str:
    parts = words.split()
    if len(parts) <= limit:
        return " ".join(parts)
    return " ".join(parts[:limit]) + " …"


# --- Which paragraphs are not the article's prose -------------------------------------

# A photo credit glued to the caption's last sentence ("October 2020.CamboJA/Panha
# Chhorpoan"), or a caption marked as one ("Photo: ...", "(Photo by ...)").
_CREDIT_AT_END = re.compile(r"[.!?”\"]\s*[^\s/]+/[^\s/][^/]{0,60}$")
_CAPTION_MARK = re.compile(
    r"^(?:Photo|Photograph|Picture|Image|File photo|Credit)\s*(?:by\b|:)"
    r"|\((?:Photo|Photograph|Picture|Image|Credit)\b[^)]*\)$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?។៕؟…]['\"’”»)]*$")


def _not_prose(paragraph: str) -> bool:
    """A site name or heading (a short line without a closing stop), or a photo caption."""
    if _CREDIT_AT_END.search(paragraph) or _CAPTION_MARK.search(paragraph):
        return True
    short = len(paragraph.split()) <= 8 and not any(c.isdigit() for c in paragraph)
    return short and not _SENTENCE_END.search(paragraph)


def _repeated_paragraphs(text: str, paragraphs: list[ParagraphSpan]) -> set[ParagraphSpan]:
    """Paragraphs printed more than once (a caption above and below a photo, boilerplate)."""
    counts = Counter(text[p.start : p.end] for p in paragraphs)
    return {p for p in paragraphs if counts[text[p.start : p.end]] > 1}


# --- The rules ------------------------------------------------------------------------

_FUNCTION_WORDS = word_set(
    "a an and are as at be been but by for from had has have in is it its of on or per "
    "than that the their there these they this those to was were which who with"
)


def _numbers_with_units(sentence: str, language: str) -> list[str]:
    found = []
    for number, unit in _quantities(sentence, language):
        if unit:
            found.append(sentence[number.start : unit])
    return found


def _bare_numbers(sentence: str, language: str) -> list[str]:
    return [sentence[n.start : n.end] for n, unit in _quantities(sentence, language) if not unit]


_UNIT_AFTER = re.compile(rf"(?:\s*%|\s+per\s?cent\b|\s+percent\b|-?{WORD}|\s+{WORD})")


@lru_cache(maxsize=4)  # two rules ask about the same sentence in a row
def _quantities(sentence: str, language: str) -> list[tuple[Number, int]]:
    """Each number that is not a year, with the end of its unit word (0 when it has none)."""
    english = language.lower().startswith("en")
    result: list[tuple[Number, int]] = []
    for number in numbers_in(sentence):
        if is_year(sentence, number):
            continue
        unit = _UNIT_AFTER.match(sentence, number.end)
        unit_end = 0
        if unit is not None:
            word = unit.group().strip(" -\u00a0").lower()
            verb_like = english and (word.endswith("ed") or word in _FUNCTION_WORDS)
            if not verb_like:
                unit_end = unit.end()
        result.append((number, unit_end))
    return result


_YEAR = r"(?<!\d)\d{4}(?!\d)"
_DATE = rf"(?:{MONTH_DATE}|{_YEAR})"
_PERIOD = re.compile(
    r"(?=[\dA-Zfb\u0600-\u06ff\u1780-\u17ff])"  # a cheap first test, as in MONTH_DATE
    rf"(?:from\s+|between\s+)?{_DATE}\s*(?:to|until|through|and|–|-|ដល់|إلى|حتى)\s*{_DATE}"
)
_YEAR_IN_CONTEXT = re.compile(
    rf"(?:\b(?:in|since|by|until|of|during|the year)\s+|ឆ្នាំ\s*|(?:عام|سنة|العام)\s+){_YEAR}"
    r"|\b(?:last|this|next) (?:year|month|week)\b"
)


def _dates(sentence: str, language: str) -> list[str]:
    found = []
    taken: list[tuple[int, int]] = []
    for pattern in (_PERIOD, MONTH_DATE_RE, _YEAR_IN_CONTEXT):
        for match in pattern.finditer(sentence):
            inside = any(s <= match.start() and match.end() <= e for s, e in taken)
            if inside or match.group() in BARE_MONTHS or not _is_date(match):
                continue
            taken.append(match.span())
            found.append(match.group())
    return found


def _is_date(match: re.Match[str]) -> bool:
    """Years must look like years (1900-2099); "12 to 15" is not a period."""
    years = [n for n in numbers_in(match.group()) if n.end - n.start == 4]
    return all(is_year(match.group(), n) for n in years) and (
        bool(years) or any(c.isalpha() for c in match.group())
    )


_NAME = r"[A-ZÀ-ÖØ-Þ][\w’'-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w’'-]+){0,3}"
_SPEECH = (
    r"said|says|told|added|stated|explained|noted|claimed|argued|wrote|announced|insisted|"
    r"warned|confirmed|denied|asserted"
)
_NOT_NAMES = word_set(
    "A An And But He Her His However I If In It Its Our She So The Their Then There These "
    "They This Those We What When Where While Who You "
    # Groups that speak, capitalised only because a sentence starts with them: "Officials
    # denied it" is no named person's statement.
    "Officials Critics Police Authorities Residents Witnesses Experts Analysts Observers "
    "Sources Lawyers Activists Protesters Villagers Workers Researchers Doctors Officers "
    "Soldiers Investigators Prosecutors Organisers Organizers Opponents Supporters Locals "
    "Many Some Others Both Several Most"
)
_NAMED_SPEAKER = [
    # "Chin Malin, vice president of ..., said"; first, so that "... in Phnom Penh
    # explained" inside it does not count as a second speaker.
    re.compile(
        rf"^(?P<name>{_NAME}),(?:[^.!?“”\"]|\.(?=\S)|(?<=[A-Z])\.){{1,160}}?\s(?:{_SPEECH})\b"
    ),
    re.compile(rf"(?P<name>{_NAME})\s+(?:{_SPEECH})\b"),  # "Rodemeier said"
    re.compile(rf"\b(?:{_SPEECH})\s+(?P<name>{_NAME})"),  # "said Chak Sopheap"
    # Arabic: the verb comes first ("وقال أحمد حسن"); the name is the next one or two words.
    re.compile(
        rf"(?<![^\W\d_])(?:و?(?:قال|قالت|أضاف|أضافت|صرح|صرّح|صرحت|أكد|أكدت|أوضح|أوضحت))\s+"
        rf"(?P<name>(?!(?:إن|أن|إنه|إنها|ان|انه|له|لها|في|من)\s){WORD}(?:\s+(?!إن|أن){WORD})?)"
    ),
    # Khmer: an honorific, the name, then a verb of saying ("លោក សុភាព បាននិយាយថា").
    re.compile(
        r"(?:លោកស្រី|លោក|អ្នកស្រី|កញ្ញា)\s*(?P<name>\S+?(?:\s+\S+?)?)\s*"
        r"(?:បាន)?(?:និយាយ|ឱ្យដឹង|មានប្រសាសន៍|បញ្ជាក់|ប្រាប់)"
    ),
]


def _named_statements(sentence: str, language: str) -> list[str]:
    found = []
    taken: list[tuple[int, int]] = []
    for pattern in _NAMED_SPEAKER:
        for match in pattern.finditer(sentence):
            name = match.group("name")
            overlaps = any(s < match.end() and match.start() < e for s, e in taken)
            if overlaps or name.split()[0] in _NOT_NAMES:
                continue
            taken.append(match.span())
            found.append(_shorten_middle(match.group(), name))
    return found


def _shorten_middle(matched: str, name: str) -> str:
    """Shortens "Chin Malin, vice president ..., said" reads as "Chin Malin … said"."""
    if len(matched.split()) <= 6:
        return matched
    return f"{name} … {matched.split()[-1]}"


_DOCUMENT_NOUNS = (
    r"reports?|study|studies|survey|document|ruling|decree|census|audit|bill|law|memo|"
    r"memorandum|letter|white paper|assessment|index|resolution|filing|indictment|verdict"
)
_ACCORDING_TO = re.compile(
    # The source is the run of capitalised words after "according to", with its
    # document noun: "according to the U.S. Department of State", "the US report".
    r"\b[Aa]ccording to\s+(?:the\s+|an?\s+)?[\w’'.-]*[\w.](?:\s+(?:[A-Z][\w’'.-]*[\w.]|of|for|on))*"
    rf"(?:\s+(?:{_DOCUMENT_NOUNS}))?"
    r"|(?:بحسب|حسب|وفقا ل|وفقاً ل)\S*(?:\s+\S+){0,2}|យោងតាម\S*"
)


def _according_to(sentence: str, language: str) -> list[str]:
    return [_without_full_stop(m.group()) for m in _ACCORDING_TO.finditer(sentence)]


def _without_full_stop(words: str) -> str:
    """Drop a sentence's full stop, keep an initialism's ("the U.S.")."""
    if words.endswith(".") and not re.search(r"(?:^|[\s.])[A-Z]\.$", words):
        return words[:-1]
    return words


_QUOTE = re.compile(r"[“«„\"]([^”»“\"]{12,})(?:[”»\"]|$)|^([^“«„\"]{12,})[”»]")


def _quotes(sentence: str, language: str) -> list[str]:
    return [(m.group(1) or m.group(2)).strip(" ,.") for m in _QUOTE.finditer(sentence)]


_COMPARATIVE = (
    r"more|less|fewer|higher|lower|greater|larger|smaller|bigger|worse|better|older|"
    r"younger|faster|slower|cheaper|costlier|richer|poorer"
)
_COMPARISON = re.compile(
    rf"\b(?:{_COMPARATIVE})\s+than\s+(?:the\s+|a\s+)?\S+"
    r"|\bthe\s+(?:(?:most|least)\s+[a-z]+|[a-z]+est)\s+(?:since\s+\S+|ever|on\s+record|"
    r"in\s+(?:a\s+)?(?:decade|decades|years|history|the\s+\w+)|of\s+all|so\s+far|yet)"
    r"|\b(?:doubled|tripled|halved|increased|decreased|rose|fell|dropped|declined|grew|"
    r"jumped|surged|climbed|soared|plunged)\s+(?:by|from|to)\s+\S+"
    r"|\bcompared\s+(?:to|with)\s+\S+(?:\s+\S+)?"
    r"|\b(?:record|all-time)[\s-](?:high|low|number|level)s?\b"
    r"|\b(?:twice|three times|half)\s+as\s+\w+"
    r"|(?:أكثر|أقل|أعلى|أدنى|أكبر|أصغر)\s+من\s+\S+|مقارنة\S*\s+\S+|(?:الأعلى|الأدنى)\s*\S*"
    r"|(?:ច្រើនជាង|តិចជាង|ខ្ពស់ជាង|ទាបជាង|ធំជាង|តូចជាង|ខ្ពស់បំផុត|ទាបបំផុត|បើធៀបនឹង)\S*"
)


def _comparisons(sentence: str, language: str) -> list[str]:
    return [m.group().rstrip(",.;:") for m in _COMPARISON.finditer(sentence)]


_DOCUMENT = re.compile(
    rf"\b(?i:the|a|an|its|their|his|her|this|that)\s+"
    rf"(?:[^\s.,;:!?“”\"()]+\s+){{0,4}}?(?:\d+-page\s+|[^\s.,;:!?“”\"()]+\s+)(?:{_DOCUMENT_NOUNS})\b"
    r"|(?<![^\W\d_])(?:ال)?(?:تقرير|دراسة|وثيقة|مسح|قرار)(?:\s+\S+){0,2}"
    r"|របាយការណ៍\S*"
)


_DETERMINERS = frozenset(["the", "a", "an", "its", "their", "his", "her", "this", "that"])


_DOCUMENT_NOUN = re.compile(rf"{_DOCUMENT_NOUNS}|تقرير|دراسة|وثيقة|مسح|قرار|របាយការណ៍")


def _documents(sentence: str, language: str) -> list[str]:
    found = []
    for match in _DOCUMENT.finditer(sentence):
        words = match.group().split()
        modifiers = [w for w in words[1:-1] if w.lower() not in _FUNCTION_WORDS]
        # "the report" alone is no citation; "the 35-page report" and "the US report" are.
        if words[0].lower() in _DETERMINERS and not modifiers:
            continue
        found.append(match.group())
    return found


_DIGIT = re.compile(r"\d")
_MONTH_OR_DIGIT = re.compile(
    "|".join([r"\d", *sorted(map(re.escape, MONTHS), key=len, reverse=True)])
    + "|last year|this year|next year|last month|this month|next month|last week|this week"
)
_SPEECH_HINT = re.compile(_SPEECH + "|قال|أضاف|صرح|صرّح|أكد|أوضح|និយាយ|ឱ្យដឹង|មានប្រសាសន៍|បញ្ជាក់|ប្រាប់")
_COMPARISON_HINT = re.compile(
    "than|est |most |least |doubled|tripled|halved|increased|decreased|rose|fell|dropped|"
    "declined|grew|jumped|surged|climbed|soared|plunged|compared|record|all-time|twice|"
    "three times|half|أكثر|أقل|أعلى|أدنى|أكبر|أصغر|مقارنة|الأعلى|الأدنى|ជាង|បំផុត|បើធៀប"
)
_ACCORDING_HINT = re.compile("ccording to|حسب|وفق|យោងតាម")
_QUOTE_HINT = re.compile('[“«„"”»]')

_RULES = (
    _Rule(0.45, "a number with a unit", "numbers with units", _numbers_with_units, _DIGIT),
    _Rule(0.45, "a statement attributed to a named person", "statements attributed to named people",
          _named_statements, _SPEECH_HINT),
    _Rule(0.35, "a comparison", "comparisons", _comparisons, _COMPARISON_HINT),
    _Rule(0.35, "a cited document", "cited documents", _documents, _DOCUMENT_NOUN),
    _Rule(0.3, "a statement attributed to a source", "statements attributed to sources",
          _according_to, _ACCORDING_HINT),
    _Rule(0.25, "a number", "numbers", _bare_numbers, _DIGIT),
    _Rule(0.25, "a direct quote", "direct quotes", _quotes, _QUOTE_HINT),
    _Rule(0.2, "a date or period", "dates or periods", _dates, _MONTH_OR_DIGIT),
)  # fmt: skip

__all__ = ["RULES_VERSION", "THRESHOLD", "Suggestion", "suggest"]
