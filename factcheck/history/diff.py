"""Before/after values of an event as a field-by-field change list, with a word-level
diff for long text (the claim timeline, history/views.py)."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

LONG_TEXT = 60  # characters; longer strings get a word diff instead of two whole values
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")
MISSING = object()


@dataclass(frozen=True)
class Change:
    field: str
    before: str | None  # None: the field had no value before (created) / after (deleted)
    after: str | None
    words: SafeString | None = None  # <del>/<ins> markup, every piece of text escaped


def shown(value: Any) -> str | None:
    if value is MISSING:
        return None
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[Change]:
    """The fields an event set, changed or removed; unchanged fields of an update are left out."""
    before, after = before or {}, after or {}
    keys = list(dict.fromkeys([*before, *after]))
    result = []
    for key in keys:
        old, new = before.get(key, MISSING), after.get(key, MISSING)
        if old == new:
            continue
        words = None
        if isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) > LONG_TEXT:
            words = word_diff(old, new)
        result.append(Change(key.replace("_", " "), shown(old), shown(new), words))
    return result


def word_diff(old: str, new: str) -> SafeString:
    """The new text with the words taken out in <del> and those put in in <ins>, drawn
    (and escaped) by templates/history/_word_diff.html."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    pieces = []  # (tag, text): "" for unchanged text, else "del" or "ins"
    for op, a1, a2, b1, b2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("", "".join(a[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(("del", "".join(a[a1:a2])))
        if b2 > b1:
            pieces.append(("ins", "".join(b[b1:b2])))
    return render_to_string("history/_word_diff.html#word-diff", {"pieces": pieces})
