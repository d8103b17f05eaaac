"""Helpers every format shares: one JSON encoder, byte chunking, dates."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from urllib.parse import urlsplit

# Chunks of about this many characters: big enough that a StreamingHttpResponse or a file
# write per chunk costs nothing, small enough that memory stays flat.
CHUNK_CHARS = 32 * 1024

# Sorted keys and compact separators: the same records always give the same bytes.
_ENCODE = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode


def dumps(value: object) -> str:
    """Compact, sorted JSON for one line of a line-oriented file.

    json escapes the C0 controls but not U+0085, U+2028 and U+2029, which str.splitlines()
    and some JSON Lines readers treat as line breaks: escape those too.
    """
    return escape_line_breaks(_ENCODE(value))


def escape_line_breaks(text: str) -> str:
    if "\u2028" in text or "\u2029" in text or "\x85" in text:
        text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        text = text.replace("\x85", "\\u0085")
    return text


def dumps_html_safe(value: object) -> str:
    """`dumps`, also escaping <, > and & (as Django's json_script does), so a JSON-LD export
    can be pasted into a <script type="application/ld+json"> element as it is."""
    return html_safe(_ENCODE(value))


def html_safe(text: str) -> str:
    """JSON text with <, > and & escaped (and the line breaks of `escape_line_breaks`): for
    the writers that assemble JSON by hand, the same bytes as `dumps_html_safe`."""
    text = escape_line_breaks(text)
    if "<" in text or ">" in text or "&" in text:
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text


def chunked(pieces: Iterable[str], size: int = CHUNK_CHARS) -> Iterator[bytes]:
    """Join text pieces into UTF-8 chunks of about `size` characters, pulling lazily."""
    buffer: list[str] = []
    length = 0
    for piece in pieces:
        buffer.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(buffer).encode()
            buffer.clear()
            length = 0
    if buffer:
        yield "".join(buffer).encode()


def iso_date(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def is_web_url(url: str) -> bool:
    """An absolute http(s) URL, as the ClaimReview validator demands of `url`.

    That is `bool(urlsplit(url).netloc)` after the scheme check; on every source URL and
    public page of an export, so the usual URL takes a shortcut with the same answer: the
    netloc is what follows "//" up to the first "/", "?" or "#", so it is empty exactly when
    one of those (or nothing) comes right after the "//"."""
    if url.startswith("https://"):
        rest = 8
    elif url.startswith("http://"):
        rest = 7
    else:
        return False
    # Characters that make urlsplit do more than cut the netloc at the first "/", "?" or
    # "#": it drops tabs and line breaks anywhere, and checks brackets (IPv6). Five
    # substring tests cost half of one regex search.
    if "\t" in url or "\n" in url or "\r" in url or "[" in url or "]" in url:
        return bool(urlsplit(url).netloc)
    return len(url) > rest and url[rest] not in "/?#"
