"""One revision's suggestions and consistency findings, as JSON-ready data.

The shape is the one `manage.py suggest_claims --format json` prints (issue 17):
{"suggestions": [{"start", "end", "exact", "score", "reasons"}],
 "checks": [{"kind", "status", "spans": [{"start", "end", "exact"}], "explanation"}]}.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from factcheck.text import segment
from factcheck.text.consistency import Finding, check
from factcheck.text.suggest import Suggestion, suggest

Analysis = dict[str, list[dict[str, Any]]]


def analyse(text: str, *, language: str, claimed: Iterable[tuple[int, int]] = ()) -> Analysis:
    """Suggestions (leaving out sentences claimed exactly) and findings for text."""
    paragraphs = segment(text, language)  # once, for both
    suggestions = suggest(text, language=language, spans=claimed, paragraphs=paragraphs)
    findings = check(text, language=language, paragraphs=paragraphs)
    return {
        "suggestions": [suggestion_data(s) for s in suggestions],
        "checks": [finding_data(f) for f in findings],
    }


def suggestion_data(suggestion: Suggestion) -> dict[str, Any]:
    return {
        "start": suggestion.start,
        "end": suggestion.end,
        "exact": suggestion.exact,
        "score": suggestion.score,
        "reasons": list(suggestion.reasons),
    }


def finding_data(finding: Finding) -> dict[str, Any]:
    return {
        "kind": finding.kind,
        "status": finding.status,
        "spans": [{"start": s.start, "end": s.end, "exact": s.exact} for s in finding.spans],
        "explanation": finding.explanation,
    }


def without_claimed(analysis: Analysis, claimed: Iterable[tuple[int, int]]) -> Analysis:
    """The analysis with suggestions claimed exactly since it was computed left out."""
    taken = set(claimed)
    return {
        "suggestions": [s for s in analysis["suggestions"] if (s["start"], s["end"]) not in taken],
        "checks": analysis["checks"],
    }
