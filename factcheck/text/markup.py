"""Finding HTML or script markup in text that must be plain.

Every text field of the workbench holds plain text, shown escaped. Markup typed into one is
refused with a clear error rather than stored: it is never what a fact-checker meant to
write (a pasted page, a probe), and refusing it keeps exports and the API free of it too,
where other programs might not escape it.

Only things a browser would read as markup count: a tag name right after `<` (or `</`),
a comment, a doctype or a processing instruction. A lone `<` in prose ("fewer than 5",
"x < y", "<3") is not markup and is kept.
"""

import re
from dataclasses import dataclass

# A tag: "<" or "</", a letter, name characters, then what may follow a tag name in
# HTML: whitespace, "/", ">" or the end of the text ("<script" alone is still a probe).
_TAG = r"</?[A-Za-z][A-Za-z0-9:-]*(?=[\s/>]|$)"
_COMMENT_OR_DECLARATION = r"<!--|<![A-Za-z\[]|<\?[A-Za-z]"
MARKUP = re.compile(f"{_TAG}|{_COMMENT_OR_DECLARATION}")
SHOWN_MAX = 30


@dataclass(frozen=True)
class Markup:
    start: int  # code point offset of the "<"
    shown: str  # the markup as found, shortened for an error message

    def describe(self) -> str:
        return f"“{self.shown}” at character {self.start + 1}"


def find_markup(text: str) -> Markup | None:
    """The first markup in `text`, or None when it is plain text."""
    found = MARKUP.search(text)
    if found is None:
        return None
    end = text.find(">", found.start())
    stop = end + 1 if 0 <= end - found.start() < SHOWN_MAX else found.start() + SHOWN_MAX
    shown = " ".join(text[found.start() : stop].split())
    if stop < len(text) and not shown.endswith(">"):
        shown += "…"
    return Markup(start=found.start(), shown=shown)
