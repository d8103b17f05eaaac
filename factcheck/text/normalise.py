"""Turn uploaded bytes into the one text every offset counts (DESIGN.md "Normalise once").

Used by article import and corrections: a revision stores normalise(upload) and nothing
downstream ever re-normalises, so this function must be idempotent.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

# Control characters (category Cc) other than TAB and LF; CR is gone by the time this
# runs. Lone surrogates (Cs) only reach us in a str, never from decode().
_DROPPED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

# Checked before the UTF-16 ones: the UTF-32 LE mark starts with the UTF-16 LE mark.
_UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


class TextDecodeError(ValueError):
    """The upload is not text we accept; byte_offset says where it went wrong."""

    def __init__(self, byte_offset: int, reason: str, encoding: str = "UTF-8") -> None:
        self.byte_offset = byte_offset
        self.reason = reason
        self.encoding = encoding
        super().__init__(f"not valid {encoding} at byte {byte_offset}: {reason}")


def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without a BOM) or UTF-16 with a BOM; never guess otherwise.

    The BOM is not part of the result. Errors name the offset in data, BOM included.
    """
    if data.startswith(_UTF32_BOMS):
        raise TextDecodeError(0, "UTF-32 byte order mark; only UTF-8 and UTF-16 are accepted")
    codec, label, skip = "utf-8", "UTF-8", 0
    for bom, bom_codec, bom_label in _BOMS:
        if data.startswith(bom):
            codec, label, skip = bom_codec, bom_label, len(bom)
            break
    try:
        return data[skip:].decode(codec)
    except UnicodeDecodeError as error:
        raise TextDecodeError(error.start + skip, error.reason, label) from error


def normalise(data: bytes | str) -> str:
    """Return the canonical form of an article text.

    Steps, in an order that makes the function idempotent: newlines to LF; drop control
    characters other than LF and TAB (and lone surrogates), which could otherwise keep a
    combining mark away from its base until a second pass; drop any leading BOM; NFC.
    """
    text = decode(data) if isinstance(data, bytes) else data
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _DROPPED.sub("", text)
    text = text.lstrip("\ufeff")
    return unicodedata.normalize("NFC", text)
