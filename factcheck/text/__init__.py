"""The text core: normalising, offsets, segmentation, claim anchoring and re-anchoring.

Pure Python with ICU (icu4py); no Django import, so Hypothesis can test it exhaustively.
All offsets are code points into the normalised text (DESIGN.md "Text, spans and offsets").
"""

from factcheck.text.anchor import (
    AnchorError,
    Quote,
    check_range,
    find_quote,
    quote_at,
    verify_anchor,
)
from factcheck.text.normalise import TextDecodeError, decode, normalise
from factcheck.text.offsets import (
    codepoint_to_utf16,
    grapheme_boundaries,
    grapheme_ceil,
    grapheme_floor,
    is_grapheme_boundary,
    splits_grapheme,
    utf16_length,
    utf16_offsets_to_codepoints,
    utf16_to_codepoint,
)
from factcheck.text.reanchor import (
    DiffOp,
    Outcome,
    ParagraphChange,
    ParagraphKind,
    Piece,
    Reanchored,
    TextDiff,
    paragraph_changes,
    reanchor,
)
from factcheck.text.segment import ParagraphSpan, SentenceSpan, paragraph_ranges, segment

__all__ = [
    "AnchorError",
    "DiffOp",
    "Outcome",
    "ParagraphChange",
    "ParagraphKind",
    "ParagraphSpan",
    "Piece",
    "Quote",
    "Reanchored",
    "SentenceSpan",
    "TextDecodeError",
    "TextDiff",
    "check_range",
    "codepoint_to_utf16",
    "decode",
    "find_quote",
    "grapheme_boundaries",
    "grapheme_ceil",
    "grapheme_floor",
    "is_grapheme_boundary",
    "normalise",
    "paragraph_changes",
    "paragraph_ranges",
    "quote_at",
    "reanchor",
    "segment",
    "splits_grapheme",
    "utf16_length",
    "utf16_offsets_to_codepoints",
    "utf16_to_codepoint",
    "verify_anchor",
]
