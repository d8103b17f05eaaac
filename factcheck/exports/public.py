"""What the public pages show: a published fact-check (views.fact_check,
templates/public/fact_check.html) and a claim's W3C annotation at its id (views.annotation).

Both are built from the record the exports use (query.claim_records), so the page, its
embedded ClaimReview, the annotation and the export files never disagree, and hidden or
deleted sources cannot appear on them. The claim is shown in its paragraph(s) from the
revision text.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from factcheck.articles.models import Revision, Span
from factcheck.claims.models import Claim
from factcheck.exports.formats import W3CFormat
from factcheck.exports.formats._common import dumps_html_safe, is_web_url
from factcheck.exports.formats.claimreview import claim_review, claim_reviewed_text
from factcheck.exports.formats.w3c import claim_annotation
from factcheck.exports.query import (
    CORRECTIONS,
    SOURCES,
    STATUS_ALL,
    ClaimFilter,
    claim_records,
    export_context,
)
from factcheck.exports.records import ClaimRecord, Manifest

# What the page shows of a claim besides its verdict: its sources and the corrections log.
PAGE_NEEDS = frozenset({SOURCES, CORRECTIONS})


@dataclass(frozen=True)
class InContext:
    """The paragraph(s) a claim touches, cut around the claim's text (the template marks it)."""

    before: str
    claim: str
    after: str


@dataclass(frozen=True)
class PublicPage:
    record: ClaimRecord
    in_context: InContext
    # The headline: the claim's summary, else its quote (the ClaimReview's claimReviewed).
    headline: str
    headline_is_quote: bool
    # ClaimReview JSON-LD, escaped for a <script> element (no "<", ">" or "&"). Not Django's
    # json_script: its element is type="application/json", and search engines read
    # ClaimReview only from type="application/ld+json"; dumps_html_safe escapes as it does
    # and gives the bytes of the ClaimReview export (sorted keys, compact).
    claimreview_json: SafeString
    counting_sources: tuple[Any, ...]
    other_sources: tuple[Any, ...]
    published_at: datetime | None
    # When the verdict was corrected after the page went up: the current verdict's date.
    updated_at: datetime | None
    rating_description: str  # what the rating means on its scale
    annotation_iri: str  # the claim's W3C annotation (views.annotation)
    organisation_url: str  # the publisher's site, "" when it is not a web address
    # The article's newest revision when it came after the verdict (its words did not change
    # under the claim, or the claim would be back in review): number, created_at, note.
    revised_after: dict[str, Any] | None = None


def page_for(claim: Claim) -> PublicPage:
    """`claim`: from access.published_claim (its verdict and rating loaded)."""
    context = export_context()
    claim_filter = ClaimFilter(status=Claim.Status.VERIFIED, claim_ids=(claim.pk,))
    record = next(iter(claim_records(claim_filter, context, chunk_size=1, needs=PAGE_NEEDS)))
    review = claim_review(record, context, Manifest())
    decided_at, published_at = record.decided_at, claim.published_at
    corrected_later = bool(
        record.corrections and decided_at and published_at and decided_at > published_at
    )
    return PublicPage(
        record=record,
        in_context=claim_in_context(claim),
        headline=claim_reviewed_text(record),
        headline_is_quote=not record.summary.strip(),
        claimreview_json=mark_safe(dumps_html_safe(review)) if review else mark_safe(""),
        counting_sources=tuple(source for source in record.sources if source.counts),
        other_sources=tuple(source for source in record.sources if not source.counts),
        published_at=published_at,
        updated_at=decided_at if corrected_later else None,
        rating_description=claim.verdict.rating.description if claim.verdict else "",
        annotation_iri=context.iri(f"/annotations/{record.uid}"),
        organisation_url=organisation_url(),
        revised_after=revised_after(claim, record),
    )


def organisation_url() -> str:
    """The publisher's site for the pages' masthead, "" when it is not a web address."""
    url: str = settings.FACTCHECK_ORGANISATION_URL
    return url if is_web_url(url) else ""


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
    """The paragraphs the claim touches, around the claim's text."""
    text = Revision.objects.values_list("text", flat=True).get(pk=claim.revision_id)
    bounds = Span.objects.filter(
        revision_id=claim.revision_id,
        kind=Span.Kind.PARAGRAPH,
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


@dataclass(frozen=True)
class AnnotationPage:
    record: ClaimRecord
    annotation: dict[str, Any]
    json: str  # the annotation as the W3C export writes it (sorted keys, compact, escaped)


def annotation_for(claim: Claim) -> AnnotationPage | None:
    """The claim's W3C Web Annotation, the same bytes as in a W3C export; None without a
    verdict (such a claim has no annotation)."""
    context = export_context()
    claim_filter = ClaimFilter(status=STATUS_ALL, claim_ids=(claim.pk,))
    needs = W3CFormat.needs | {SOURCES}  # the HTML view shows the sources' titles
    record = next(iter(claim_records(claim_filter, context, chunk_size=1, needs=needs)), None)
    if record is None:
        return None
    annotation = claim_annotation(record, context, Manifest())
    if annotation is None:
        return None
    return AnnotationPage(record=record, annotation=annotation, json=dumps_html_safe(annotation))
