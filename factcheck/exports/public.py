"""What a published fact-check page shows (views.fact_check, templates/public/).

The page is built from the same record the exports use (query.claim_records), so the page,
its embedded ClaimReview and a ClaimReview export never disagree, and hidden or deleted
sources cannot appear on it. The claim is shown in its sentence(s) from the revision text.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from factcheck.articles.models import Revision, Span
from factcheck.claims.models import Claim
from factcheck.exports.formats._common import dumps_html_safe
from factcheck.exports.formats.claimreview import claim_review
from factcheck.exports.query import ClaimFilter, claim_records, export_context
from factcheck.exports.records import ClaimRecord, Manifest


@dataclass(frozen=True)
class InContext:
    """The sentence(s) a claim touches, cut around the claim's text (the template marks it)."""

    before: str
    claim: str
    after: str


@dataclass(frozen=True)
class PublicPage:
    record: ClaimRecord
    in_context: InContext
    # ClaimReview JSON-LD, escaped for a <script> element (no "<", ">" or "&"). Not Django's
    # json_script: its element is type="application/json", and search engines read
    # ClaimReview only from type="application/ld+json"; dumps_html_safe escapes as it does
    # and gives the bytes of the ClaimReview export (sorted keys, compact).
    claimreview_json: SafeString
    counting_sources: tuple[Any, ...]
    other_sources: tuple[Any, ...]
    # The article's newest revision when it came after the verdict (its words did not change
    # under the claim, or the claim would be back in review): number, created_at, note.
    revised_after: dict[str, Any] | None = None


def page_for(claim: Claim) -> PublicPage:
    context = export_context()
    claim_filter = ClaimFilter(status=Claim.Status.VERIFIED, claim_ids=(claim.pk,))
    record = next(iter(claim_records(claim_filter, context, chunk_size=1)))
    review = claim_review(record, context, Manifest())
    return PublicPage(
        record=record,
        in_context=claim_in_context(claim),
        claimreview_json=mark_safe(dumps_html_safe(review)) if review else mark_safe(""),
        counting_sources=tuple(source for source in record.sources if source.counts),
        other_sources=tuple(source for source in record.sources if not source.counts),
        revised_after=revised_after(claim, record),
    )


def revised_after(claim: Claim, record: ClaimRecord) -> dict[str, Any] | None:
    """The article's latest revision if it is newer than the verdict (readers are told)."""
    if record.decided_at is None:
        return None
    return (
        Revision.objects.filter(article_id=claim.article_id, created_at__gt=record.decided_at)
        .order_by("-number")
        .values("number", "created_at", "note")
        .first()
    )


def claim_in_context(claim: Claim) -> InContext:
    """The sentences the claim touches, around the claim's text."""
    text = Revision.objects.values_list("text", flat=True).get(pk=claim.revision_id)
    bounds = Span.objects.filter(
        revision_id=claim.revision_id,
        kind=Span.Kind.SENTENCE,
        start__lt=claim.end,
        end__gt=claim.start,
    ).values_list("start", "end")
    starts, ends = [claim.start], [claim.end]
    for start, end in bounds:
        starts.append(start)
        ends.append(end)
    first, last = min(starts), max(ends)
    return InContext(
        before=text[first : claim.start],
        claim=text[claim.start : claim.end],
        after=text[claim.end : last],
    )
