"""The editor's decisions on a claim (DESIGN.md "An editor decides"), and the per-article
blind-review switch.

Every public function here is keyword-only, typed and `@transaction.atomic`, and records
exactly one history event (tests/history/test_history_complete.py walks them). Callers
check the role (access.py: claim_for_deciding, article_for_deciding); these functions
check the claim's state. A decision locks the claim row, refuses when the claim's version moved
on since the editor read it (StaleVersion, answered 409) and bumps the version, so a
colleague's summary edit made against the undecided claim is stale too.

Verdicts are never rewritten: a correction is a new Verdict that replaces the current one,
and reopening only clears Claim.verdict; the rows stay for the claim's page and history.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from factcheck.articles.models import Revision
from factcheck.claims.locking import StaleVersion, guarded_update, lock
from factcheck.claims.models import Claim, Rating, Source, Verdict
from factcheck.claims.services import RATIONALE_MAX
from factcheck.claims.status import status_from_reviews
from factcheck.claims.validators import clean_text
from factcheck.history.services import record
from factcheck.notifications import services as notifications

PUBLIC_SUMMARY_MAX = Verdict._meta.get_field("public_summary").max_length
NOTE_MAX = 2_000
REASON_MAX = 2_000
# Which states each decision starts from; anything else is refused with DecisionRefused.
DECIDABLE = frozenset(
    {Claim.Status.OPEN, Claim.Status.IN_REVIEW, Claim.Status.CONTESTED, Claim.Status.NEEDS_RECHECK}
)
REOPENABLE = frozenset({Claim.Status.VERIFIED, Claim.Status.DISMISSED, Claim.Status.NEEDS_RECHECK})
# A verdict is corrected on a verified claim, or on one a new revision of the article sent
# back to be rechecked (claims/revisions.py), which can also have it confirmed.
CORRECTABLE = frozenset({Claim.Status.VERIFIED, Claim.Status.NEEDS_RECHECK})


class DecisionRefused(ValueError):
    """The claim's state does not allow this decision (already verified, dismissed, ...).
    Views answer 409: the state the editor acted on is not the stored one."""


@transaction.atomic
def decide_verdict(
    *,
    claim: Claim,
    editor: Any,
    rating: Rating,
    public_summary: str,
    rationale: str,
    sources: Iterable[Source | int] = (),
    expected_version: int | None = None,
) -> Verdict:
    """The final verdict: the claim becomes `verified`. A verified claim is corrected
    (correct_verdict), a dismissed one reopened first."""
    current = _lock_for_decision(claim, expected_version)
    if current.status == Claim.Status.VERIFIED:
        raise DecisionRefused("This claim is already verified: correct its verdict instead.")
    if current.status not in DECIDABLE:
        raise DecisionRefused(
            f"A {current.get_status_display().lower()} claim cannot be verified; reopen it first."
        )
    if current.verdict_id is not None:  # a verified claim a revision sent to be rechecked
        raise DecisionRefused("This claim has a verdict: confirm it or correct it.")
    verdict = _new_verdict(current, editor, rating, public_summary, rationale, sources)
    before = {"status": current.status}
    guarded_update(
        Claim.objects.visible(),
        current.pk,
        current.version,
        status=Claim.Status.VERIFIED,
        verdict=verdict,
        dismissed_reason="",
    )
    record(
        actor=editor,
        action="claim.verified",
        claim=current,
        target=verdict,
        before=before,
        after=verdict.as_event() | {"status": Claim.Status.VERIFIED},
    )
    notifications.verdict_given(claim=current, editor=editor, verdict=verdict, how="decided")
    return verdict


@transaction.atomic
def correct_verdict(
    *,
    claim: Claim,
    editor: Any,
    rating: Rating,
    public_summary: str,
    rationale: str,
    sources: Iterable[Source | int],
    note: str,
    expected_version: int | None = None,
) -> Verdict:
    """A new verdict replacing the current one, with a public note saying what changed;
    the claim is verified (again, when a revision of the article sent it to be rechecked)
    and the old verdict stays visible ("corrected on ..., was ...").
    """
    note = clean_text(note, limit=NOTE_MAX, field="correction note").strip()
    if not note:
        raise ValidationError("A correction needs a public note saying what changed and why.")
    current = _lock_for_decision(claim, expected_version)
    old = current.verdict
    if current.status not in CORRECTABLE or old is None:
        raise DecisionRefused("Only a verified claim's verdict can be corrected.")
    verdict = _new_verdict(
        current, editor, rating, public_summary, rationale, sources, replaces=old, note=note
    )
    guarded_update(
        Claim.objects.visible(),
        current.pk,
        current.version,
        verdict=verdict,
        status=Claim.Status.VERIFIED,
    )
    record(
        actor=editor,
        action="claim.verdict_corrected",
        claim=current,
        target=verdict,
        before=old.as_event(),
        after=verdict.as_event(),
    )
    notifications.verdict_given(claim=current, editor=editor, verdict=verdict, how="corrected")
    return verdict


@transaction.atomic
def confirm_verdict(
    *, claim: Claim, editor: Any, note: str = "", expected_version: int | None = None
) -> Verdict:
    """The article changed under a verified claim (its status is needs_recheck, its verdict
    given on an earlier revision) and the editor finds the verdict still right: a new
    verdict with the same rating, summary, rationale and sources replaces it, given on the
    current revision, with a public note saying it was rechecked; the claim is verified."""
    current = _lock_for_decision(claim, expected_version)
    old = current.verdict
    if current.status != Claim.Status.NEEDS_RECHECK or old is None:
        raise DecisionRefused("Only a verdict the article's revision put in doubt is confirmed.")
    number = (
        Revision.objects.filter(pk=current.revision_id).values_list("number", flat=True).first()
    )
    note = clean_text(note, limit=NOTE_MAX, field="note").strip() or (
        f"Rechecked against revision {number} of the article: the verdict stands."
    )
    verdict = _new_verdict(
        current,
        editor,
        old.rating,
        old.public_summary,
        old.rationale,
        old.sources.all(),
        replaces=old,
        note=note,
    )
    guarded_update(
        Claim.objects.visible(),
        current.pk,
        current.version,
        verdict=verdict,
        status=Claim.Status.VERIFIED,
    )
    record(
        actor=editor,
        action="claim.verdict_confirmed",
        claim=current,
        target=verdict,
        before=old.as_event() | {"status": current.status},
        after=verdict.as_event() | {"status": Claim.Status.VERIFIED},
    )
    notifications.verdict_given(claim=current, editor=editor, verdict=verdict, how="confirmed")
    return verdict


@transaction.atomic
def reopen_claim(
    *, claim: Claim, editor: Any, reason: str, expected_version: int | None = None
) -> Claim:
    """A verified or dismissed claim goes back to the status its reviews give it (open,
    in_review or contested). Its verdicts stay as rows; the claim has no current one."""
    reason = _required(reason, "A reason for reopening is required.")
    current = _lock_for_decision(claim, expected_version)
    if current.status not in REOPENABLE:
        raise DecisionRefused("Only a verified or dismissed claim can be reopened.")
    status = status_from_reviews(current)
    before = {
        "status": current.status,
        "verdict": current.verdict_id,
        "dismissed_reason": current.dismissed_reason,
    }
    guarded_update(
        Claim.objects.visible(),
        current.pk,
        current.version,
        status=status,
        verdict=None,
        dismissed_reason="",
    )
    record(
        actor=editor,
        action="claim.reopened",
        claim=current,
        target=current,
        before=before,
        after={"status": str(status), "reason": reason},
    )
    return Claim.objects.get(pk=current.pk)


@transaction.atomic
def dismiss_claim(
    *, claim: Claim, editor: Any, reason: str, expected_version: int | None = None
) -> Claim:
    """Not checkable (an opinion, a prediction, ...): the claim leaves the queue, with the
    reason on its page. A verified claim is reopened first, so no verdict disappears
    without its own event."""
    reason = _required(reason, "Say why the claim is not checkable.")
    current = _lock_for_decision(claim, expected_version)
    if current.status == Claim.Status.DISMISSED:
        raise DecisionRefused("This claim is already dismissed.")
    if current.status not in DECIDABLE or current.verdict_id is not None:
        raise DecisionRefused("A claim with a verdict cannot be dismissed; reopen it first.")
    before = {"status": current.status}
    guarded_update(
        Claim.objects.visible(),
        current.pk,
        current.version,
        status=Claim.Status.DISMISSED,
        dismissed_reason=reason,
    )
    record(
        actor=editor,
        action="claim.dismissed",
        claim=current,
        target=current,
        before=before,
        after={"status": Claim.Status.DISMISSED, "reason": reason},
    )
    return Claim.objects.get(pk=current.pk)


@transaction.atomic
def set_blind_review(*, article: Any, editor: Any, blind_review: bool) -> Any:
    """Turn blind review on or off for one article (access.can_see_others_reviews)."""
    from factcheck.articles.models import Article

    current = Article.objects.select_for_update().get(pk=article.pk)
    if current.blind_review == blind_review:
        raise DecisionRefused(f"Blind review is already {'on' if blind_review else 'off'}.")
    Article.objects.filter(pk=current.pk).update(blind_review=blind_review)
    current.blind_review = blind_review
    record(
        actor=editor,
        action="article.blind_review_changed",
        article=current,
        target=current,
        before={"blind_review": not blind_review},
        after={"blind_review": blind_review},
    )
    return current


# --- helpers ----------------------------------------------------------------------------


def _lock_for_decision(claim: Claim, expected_version: int | None) -> Claim:
    queryset = Claim.objects.select_related("verdict__rating").prefetch_related("verdict__sources")
    return lock(queryset, claim.pk, expected_version)


def _new_verdict(
    claim: Claim,
    editor: Any,
    rating: Rating,
    public_summary: str,
    rationale: str,
    sources: Iterable[Source | int],
    *,
    replaces: Verdict | None = None,
    note: str = "",
) -> Verdict:
    public_summary = " ".join(
        clean_text(public_summary, limit=PUBLIC_SUMMARY_MAX, field="verdict summary").split()
    )
    if not public_summary:
        raise ValidationError(
            "The verdict summary for readers is required: it opens “What we found” on the "
            "public fact-check page."
        )
    rationale = clean_text(rationale, limit=RATIONALE_MAX, field="rationale").strip()
    if not rationale:
        raise ValidationError("The rationale is required: say how the verdict was reached.")
    counted = _sources_that_count(claim, sources)
    verdict = Verdict.objects.create(
        claim=claim,
        rating=rating,
        public_summary=public_summary,
        rationale=rationale,
        decided_by=editor,
        decided_at=timezone.now(),
        replaces=replaces,
        correction_note=note,
        revision_id=claim.revision_id,  # "given on revision N" once the text moves on
    )
    verdict.sources.set(counted)
    return verdict


def _sources_that_count(claim: Claim, sources: Iterable[Source | int]) -> list[Source]:
    """The claim's own sources, neither deleted nor hidden; anything else is refused, so a
    forged id from another claim never ends up in a published fact-check."""
    wanted = {source.pk if isinstance(source, Source) else int(source) for source in sources}
    if not wanted:
        return []
    found = list(
        Source.objects.visible()
        .filter(claim=claim, hidden_at__isnull=True, pk__in=wanted)
        .order_by("pk")
    )
    if len(found) != len(wanted):
        raise ValidationError("Only this claim's own sources (not removed or hidden) can count.")
    return found


def _required(text: str, message: str) -> str:
    text = clean_text(text, limit=REASON_MAX, field="reason").strip()
    if not text:
        raise ValidationError(message)
    return text


__all__ = [
    "DecisionRefused",
    "StaleVersion",
    "confirm_verdict",
    "correct_verdict",
    "decide_verdict",
    "dismiss_claim",
    "reopen_claim",
    "set_blind_review",
]
