"""A reviewer's decisions on a revision's suggestions and findings: accept (a claim) or
dismiss (for this revision, for this user). Keeping the analysis itself is stored.py."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from factcheck.articles.models import Revision
from factcheck.claims.models import Claim
from factcheck.claims.services import ClaimRejected, create_claim
from factcheck.history.services import record
from factcheck.text import quote_at

from .analysis import Analysis, without_claimed
from .models import SuggestionDecision
from .stored import analysis_for, store_analysis


def open_analysis(revision: Revision, *, language: str, user: Any = None) -> Analysis:
    """What a reader is offered: without sentences claimed exactly and without what this
    user already accepted or dismissed on this revision."""
    kept = analysis_for(revision, language=language)
    # A deleted claim no longer covers its words: they may be suggested again.
    claimed = Claim.objects.visible().filter(revision=revision).values_list("start", "end")
    analysis = without_claimed({"suggestions": kept.suggestions, "checks": kept.checks}, claimed)
    if user is None:
        return analysis
    decided = set(
        SuggestionDecision.objects.filter(revision=revision, user=user).values_list(
            "source", "kind", "start", "end"
        )
    )
    return {
        "suggestions": [
            s
            for s in analysis["suggestions"]
            if (SuggestionDecision.Source.SUGGESTION, "", s["start"], s["end"]) not in decided
        ],
        "checks": [c for c in analysis["checks"] if _check_key(c) not in decided],
    }


def _check_key(finding: dict[str, Any]) -> tuple[str, str, int, int]:
    start, end = _check_range(finding)
    return (SuggestionDecision.Source.CHECK, finding["kind"], start, end)


def _check_range(finding: dict[str, Any]) -> tuple[int, int]:
    return min(s["start"] for s in finding["spans"]), max(s["end"] for s in finding["spans"])


class SuggestionNotFound(LookupError):
    """No suggestion (or finding) of the revision's analysis has that range."""


def _find(
    revision: Revision, language: str, source: str, start: int, end: int, kind: str
) -> dict[str, Any]:
    kept = analysis_for(revision, language=language)
    if source == SuggestionDecision.Source.SUGGESTION:
        for suggestion in kept.suggestions:
            if (suggestion["start"], suggestion["end"]) == (start, end):
                return {"exact": suggestion["exact"], "reasons": suggestion["reasons"]}
    else:
        for finding in kept.checks:
            if finding["kind"] == kind and _check_range(finding) == (start, end):
                return {"exact": revision.text[start:end], "reasons": [finding["explanation"]]}
    raise SuggestionNotFound(f"no {source} at {start}-{end} on revision {revision.pk}")


@transaction.atomic
def accept_suggestion(
    *,
    revision: Revision,
    user: Any,
    start: int,
    end: int,
    source: str = SuggestionDecision.Source.SUGGESTION,
    kind: str = "",
) -> Claim:
    """Turn a suggestion (or a finding: the text from its first span to its last) into a
    claim through claims.services.create_claim, so it passes every check a claim does.
    Its reasons stay with the claim (claim.suggestions) and in the claim's history."""
    article = revision.article
    found = _find(revision, article.language, source, start, end, kind)
    # create_claim allows two claims on the same words (people may mean different things);
    # a suggestion is only a proposal, so one already made is refused rather than doubled.
    if Claim.objects.visible().filter(revision=revision, start=start, end=end).exists():
        raise ClaimRejected(
            "already_claimed", "These words are already a claim on this revision.", status=409
        )
    claim = create_claim(
        article_id=article.pk,
        revision_id=revision.pk,
        start=start,
        end=end,
        quote=quote_at(revision.text, start, end),
        created_by=user,
    )
    decision = SuggestionDecision.objects.create(
        revision=revision,
        user=user,
        source=source,
        kind=kind,
        start=start,
        end=end,
        exact=found["exact"],
        reasons=found["reasons"],
        decision=SuggestionDecision.Decision.ACCEPTED,
        claim=claim,
    )
    record(
        actor=user,
        action="suggestion.accepted",
        article=article,
        claim=claim,
        target=decision,
        after={"source": source, "kind": kind, "reasons": found["reasons"]},
    )
    return claim


@transaction.atomic
def dismiss_suggestion(
    *,
    revision: Revision,
    user: Any,
    start: int,
    end: int,
    source: str = SuggestionDecision.Source.SUGGESTION,
    kind: str = "",
) -> SuggestionDecision:
    """Hide a suggestion (or finding) from this user on this revision, and say so."""
    found = _find(revision, revision.article.language, source, start, end, kind)
    decision, created = SuggestionDecision.objects.get_or_create(
        revision=revision,
        user=user,
        source=source,
        kind=kind,
        start=start,
        end=end,
        defaults={
            "exact": found["exact"],
            "reasons": found["reasons"],
            "decision": SuggestionDecision.Decision.DISMISSED,
        },
    )
    if created:
        record(
            actor=user,
            action="suggestion.dismissed",
            article=revision.article,
            target=decision,
            after={"source": source, "kind": kind, "exact": found["exact"][:200]},
        )
    return decision


__all__ = [
    "ClaimRejected",
    "SuggestionNotFound",
    "accept_suggestion",
    "analysis_for",
    "dismiss_suggestion",
    "open_analysis",
    "store_analysis",
]
