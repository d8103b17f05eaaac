"""factcheck.text stays pure Python: importable and testable without Django."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import factcheck.text

ROOT = Path(__file__).resolve().parents[2]


def test_importing_the_text_core_loads_no_django():
    probe = "import sys, factcheck.text; print(any(m.startswith('django') for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_the_public_names_others_code_against_are_exported():
    expected = {
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
        "is_grapheme_boundary",
        "normalise",
        "paragraph_changes",
        "paragraph_ranges",
        "quote_at",
        "reanchor",
        "segment",
        "splits_grapheme",
        "utf16_offsets_to_codepoints",
        "utf16_to_codepoint",
        "verify_anchor",
    }
    assert expected <= set(factcheck.text.__all__)
    assert all(hasattr(factcheck.text, name) for name in factcheck.text.__all__)
