"""A new revision of an article, and every claim following its words onto it (DESIGN.md
"Text, spans and offsets"; the outcomes' rules are factcheck/text/reanchor.py's).

`plan_revision` works out what a new text would do to the article's claims without writing
anything: the preview an editor reads before confirming. `revise_article` writes it, all or
nothing, and only if the plan is still the one the editor saw (`expected`, the plan's
fingerprint): if the article or any of its claims changed meanwhile it raises
RevisionConflict with the fresh plan, which the page shows instead.

What each outcome writes (every claim on the current revision, deleted ones left alone):
- exact: the claim moves to the new revision with the same offsets and words;
- moved: new offsets, same words;
- changed: the corrected words and their offsets; the claim goes to needs_recheck, and a
  verdict it had stays, shown as given on the revision it was given on;
- orphaned: stays on the revision that still has its words and goes to needs_recheck.
History: one `article.revised` event, and one `claim.reanchored` event for each claim whose
anchor is not exact, with its old and new revision, offsets and quote.
"""

import copy
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from factcheck.articles.models import Article, Revision
from factcheck.articles.services import ImportRejected, create_revision, prepare_text
from factcheck.history.models import Event
from factcheck.history.services import new_event, record, record_all
from factcheck.text import AnchorError, Outcome, Quote, Reanchored, TextDiff

from .listing import ReadingClaim
from .models import Claim

NOTE_MAX = Revision._meta.get_field("note").max_length
# What the plan reads of each claim, and what the fingerprint covers.
PLANNED_FIELDS = ("id", "article_id", "revision_id", "start", "end", "exact", "prefix",
                  "suffix", "status", "version", "verdict_id")  # fmt: skip
OUTCOMES = tuple(Outcome)
# What a revision rewrites of a claim (_apply).
REANCHORED_FIELDS = ("revision", "anchor", "start", "end", "exact", "prefix", "suffix", "status",
                     "version", "updated_at")  # fmt: skip


class RevisionConflict(Exception):
    """The article or its claims changed since the preview; `plan` is the fresh one."""

    def __init__(self, plan: "RevisionPlan") -> None:
        self.plan = plan
        super().__init__("The article or its claims changed since the preview.")


class StaleBaseRevision(Exception):
    """The new text was written against a revision that is no longer the current one (the
    API's `base_revision`); `current` is the article's current revision."""

    def __init__(self, current: Revision) -> None:
        self.current = current
        super().__init__(f"The article's current revision is now revision {current.number}.")


@dataclass(frozen=True)
class ClaimPlan:
    claim: Claim  # as it stands on the current revision
    result: Reanchored

    @property
    def outcome(self) -> Outcome:
        return self.result.outcome

    @property
    def new_exact(self) -> str:
        return self.result.quote.exact if self.result.quote else ""


@dataclass(frozen=True)
class RevisionPlan:
    article: Article
    base: Revision  # the current revision, which the new text replaces
    text: str  # the new text, normalised
    claims: list[ClaimPlan] = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        """What the preview was computed from: the base revision, the new text and every
        claim's state. Confirming with another fingerprint is refused."""
        digest = hashlib.sha256(f"{self.base.pk}\n".encode())
        digest.update(hashlib.sha256(self.text.encode()).digest())
        for plan in self.claims:
            claim = plan.claim
            digest.update(f"{claim.pk}:{claim.version}:{claim.start}:{claim.end}\n".encode())
        return digest.hexdigest()

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(plan.outcome for plan in self.claims)
        return {str(outcome): found[outcome] for outcome in OUTCOMES}

    def with_outcome(self, *outcomes: Outcome) -> list[ClaimPlan]:
        return [plan for plan in self.claims if plan.outcome in outcomes]


@dataclass(frozen=True)
class RevisionResult:
    revision: Revision
    plan: RevisionPlan


def plan_revision(
    *, article: Article, content: bytes | str, for_update: bool = False
) -> RevisionPlan:
    """What a new text would do to the article's claims (the preview); writes nothing.
    Raises ImportRejected as an import does (size, encoding, empty), and when the text is
    the current revision's. `for_update` (revise_article, inside its transaction) locks
    the claims read, so a decision or edit on one of them waits for the revision instead of
    being overwritten by the state read here."""
    text = prepare_text(content)
    base = article.current_revision
    if base is None:
        raise ImportRejected("The article has no text to revise.")
    if text == base.text:
        raise ImportRejected(
            f"Nothing changed: the text is the same as revision {base.number}.", code="unchanged"
        )
    claims = Claim.objects.visible().filter(revision=base).only(*PLANNED_FIELDS).order_by("pk")
    if for_update:
        claims = claims.select_for_update(of=("self",))
    diff = TextDiff(base.text, text)
    return RevisionPlan(
        article=article, base=base, text=text, claims=[_plan(diff, claim) for claim in claims]
    )


def _plan(diff: TextDiff, claim: Claim) -> ClaimPlan:
    try:
        return ClaimPlan(claim, diff.reanchor(claim.start, claim.end, _quote(claim)))
    except AnchorError:
        # A stored claim that no longer matches its own revision (a hand-edited database):
        # it is not moved anywhere; it stays where it is, for an editor to recheck.
        return ClaimPlan(claim, Reanchored(Outcome.ORPHANED))


@transaction.atomic
def revise_article(
    *,
    article: Article,
    content: bytes | str,
    note: str,
    editor: Any,
    expected: str | None = None,
    base_revision: int | None = None,
) -> RevisionResult:
    """Store the new text as the next revision and re-anchor every claim on it, in one
    transaction. `expected`: the fingerprint of the plan the editor confirmed (None: no
    preview, as from the command line). `base_revision`: the id of the revision the new
    text corrects (the API's); another current revision raises StaleBaseRevision, checked
    under the article's row lock so two corrections of one revision cannot both land."""
    note = " ".join(note.split())[:NOTE_MAX]
    # The article row lock queues this against claim creation (services.create_claim
    # re-reads the current revision under the same lock) and against another revision.
    locked = (
        Article.objects.select_for_update(of=("self",))
        .select_related("current_revision")
        .get(pk=article.pk)
    )
    current = locked.current_revision
    if base_revision is not None and current is not None and current.pk != base_revision:
        raise StaleBaseRevision(current)
    plan = plan_revision(article=locked, content=content, for_update=True)
    if expected is not None and expected != plan.fingerprint:
        raise RevisionConflict(plan)
    base = plan.base
    revision = create_revision(
        article=locked, text=plan.text, created_by=editor, note=note or "Revised"
    )
    _write_claims(plan, revision)
    record(
        actor=editor,
        action="article.revised",
        article=locked,
        target=revision,
        before={"revision": base.number, "sha256": base.sha256, "characters": len(base.text)},
        after={
            "revision": revision.number,
            "sha256": revision.sha256,
            "characters": len(plan.text),
            "note": revision.note,
            "claims": plan.counts,
        },
    )
    record_all(
        _reanchored_event(claim_plan, base, revision, editor)
        for claim_plan in plan.claims
        if claim_plan.outcome != Outcome.EXACT
    )
    return RevisionResult(revision=revision, plan=plan)


def _write_claims(plan: RevisionPlan, revision: Revision) -> None:
    """Every claim's new anchor. Most claims only shift with the text (inserted or removed
    text before them moves them all alike) and keep their words and context: those go in
    one UPDATE per shift, with F() arithmetic, a few dozen statements whatever the number
    of claims. The rest (changed, orphaned, or with new context) go through bulk_update.
    (bulk_update for all of them cost 2 s for 2,000 claims: bench/bench_revisions.py.)"""
    now = timezone.now()
    shifted: dict[tuple[str, int], list[int]] = defaultdict(list)
    others = []
    for claim_plan in plan.claims:
        claim, result = claim_plan.claim, claim_plan.result
        quote = result.quote
        if (
            result.outcome in (Outcome.EXACT, Outcome.MOVED)
            and quote is not None
            and result.start is not None
            and (quote.prefix, quote.suffix) == (claim.prefix, claim.suffix)
        ):
            shifted[(str(result.outcome), result.start - claim.start)].append(claim.pk)
        else:
            others.append(_apply(claim_plan, revision, now))
    for (outcome, shift), ids in shifted.items():
        fields: dict[str, Any] = {"revision": revision, "anchor": outcome, "updated_at": now}
        if shift:
            fields |= {"start": F("start") + shift, "end": F("end") + shift}
        if outcome == Outcome.MOVED:
            # A form loaded before the move would otherwise save over the new anchor unseen.
            fields["version"] = F("version") + 1
        for batch in range(0, len(ids), 500):
            Claim.objects.filter(pk__in=ids[batch : batch + 500]).update(**fields)
    Claim.objects.bulk_update(others, REANCHORED_FIELDS, batch_size=100)


def _apply(plan: ClaimPlan, revision: Revision, now: Any) -> Claim:
    """The claim's new state for bulk_update, from its plan (the plan keeps the old one)."""
    claim, result = copy.copy(plan.claim), plan.result
    claim.anchor = str(result.outcome)
    claim.updated_at = now
    if result.outcome == Outcome.ORPHANED:
        # Stays on the last revision that has its words, for an editor to decide.
        claim.status = Claim.Status.NEEDS_RECHECK
        claim.version = F("version") + 1
        return claim
    assert result.quote is not None and result.start is not None and result.end is not None
    claim.revision = revision
    claim.start, claim.end = result.start, result.end
    claim.exact, claim.prefix, claim.suffix = (
        result.quote.exact,
        result.quote.prefix,
        result.quote.suffix,
    )
    if result.outcome == Outcome.CHANGED:
        claim.status = Claim.Status.NEEDS_RECHECK
    if result.outcome != Outcome.EXACT:
        # A form loaded before the move would otherwise save over the new anchor unseen.
        claim.version = F("version") + 1
    return claim


def _reanchored_event(plan: ClaimPlan, base: Revision, revision: Revision, editor: Any) -> Any:
    claim, result = plan.claim, plan.result
    before = {
        "revision": base.number,
        "start": claim.start,
        "end": claim.end,
        "exact": claim.exact,
        "status": claim.status,
    }
    status = claim.status if result.outcome == Outcome.MOVED else Claim.Status.NEEDS_RECHECK
    after: dict[str, Any] = {"anchor": str(result.outcome), "status": str(status)}
    if result.outcome != Outcome.ORPHANED:
        after |= {
            "revision": revision.number,
            "start": result.start,
            "end": result.end,
            "exact": plan.new_exact,
        }
    return new_event(
        actor=editor,
        action="claim.reanchored",
        claim=claim,
        target=claim,
        before=before,
        after=after,
    )


def _quote(claim: Claim) -> Quote:
    return Quote(claim.exact, claim.prefix, claim.suffix)


def claims_as_on(revision: Revision, claims: list[ReadingClaim]) -> list[ReadingClaim]:
    """The article's claims (reading rows, as they stand now) as they stood on an earlier
    `revision`, from their history: a claim's offsets and words there are those recorded
    before its first re-anchoring from that revision or a later one (exact outcomes leave
    them as they were and record nothing), or its present ones when it has not moved since.
    Claims marked after that revision, or orphaned before it, are left out. Two queries."""
    numbers = dict(
        Revision.objects.filter(article_id=revision.article_id).values_list("pk", "number")
    )
    events = Event.objects.filter(
        article_id=revision.article_id, action__in=("claim.created", "claim.reanchored")
    ).order_by("pk")
    created: dict[int, int] = {}  # claim id -> the revision number it was marked on
    moves: dict[int, list[dict[str, Any]]] = defaultdict(list)  # claim id -> befores, in order
    for claim_id, action, before, after in events.values_list(
        "claim_id", "action", "before", "after"
    ):
        if action == "claim.created":
            created[claim_id] = numbers.get((after or {}).get("revision"), 1)
        else:
            moves[claim_id].append(before)
    shown = []
    for claim in claims:
        marked_on = created.get(claim.pk, numbers.get(claim.revision_id, 1))
        if marked_on > revision.number:
            continue
        then = next((b for b in moves[claim.pk] if b["revision"] >= revision.number), None)
        if then is None and numbers.get(claim.revision_id, 0) < revision.number:
            continue  # orphaned on an earlier revision
        if then is not None:
            start, end, exact = then["start"], then["end"], then["exact"]
        else:
            start, end, exact = claim.start, claim.end, claim.exact
        moved = {"revision_id": revision.pk, "start": start, "end": end, "exact": exact}
        shown.append(replace(claim, anchor=Claim.Anchor.EXACT, **moved))
    return sorted(shown, key=lambda claim: (claim.start, claim.end, claim.pk))
