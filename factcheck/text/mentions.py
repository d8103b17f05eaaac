"""`@username` mentions in comments and review rationales.

Pure Python, no Django (tests/text/test_mentions.py checks it with Hypothesis). Usernames
are those Django's UnicodeUsernameValidator allows: letters, digits and ``@ . + - _``. A
mention starts with ``@`` that follows no username character, so the ``@`` inside an
address such as ``a@b.org`` (or a ``/@name`` in a link) is not one; a trailing ``.`` is
the sentence's full stop, not part of the name. Who a name is, and whether that person may
be told, is decided by factcheck/notifications/mentions.py.
"""

import re
from dataclasses import dataclass

USERNAME_MAX = 150  # django.contrib.auth's User.username max_length

# The lookbehind keeps addresses and URL paths out; the name ends on a character that is
# not a full stop, so "@bob." mentions bob.
MENTION = re.compile(rf"(?<![\w.@+\-/:])@([\w.@+\-]{{0,{USERNAME_MAX - 1}}}[\w@+\-])")


@dataclass(frozen=True)
class Mention:
    start: int  # code points: text[start:end] == "@" + username
    end: int
    username: str


@dataclass(frozen=True)
class Part:
    """A piece of a text as the claim panel draws it: plain text, or a mention of
    `username` (text is then "@" + username)."""

    text: str
    username: str = ""


def find_mentions(text: str) -> list[Mention]:
    """Every mention in `text`, in order."""
    if "@" not in text:  # the common case, and what keeps mention-free pages cheap
        return []
    return [Mention(m.start(), m.end(), m.group(1)) for m in MENTION.finditer(text)]


def mentioned_names(text: str) -> list[str]:
    """The names mentioned, each once, in the order they first appear."""
    return list(dict.fromkeys(mention.username for mention in find_mentions(text)))


def split_mentions(text: str, names: frozenset[str] | set[str]) -> list[Part]:
    """`text` cut into plain parts and the mentions of `names` (others stay plain text).
    The parts joined give `text` back."""
    parts: list[Part] = []
    done = 0
    for mention in find_mentions(text):
        if mention.username not in names:
            continue
        if mention.start > done:
            parts.append(Part(text[done : mention.start]))
        parts.append(Part(text[mention.start : mention.end], mention.username))
        done = mention.end
    if done < len(text) or not parts:
        parts.append(Part(text[done:]))
    return parts
