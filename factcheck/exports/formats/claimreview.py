"""ClaimReview JSON-LD (schema.org), as fact-check consumers read it (issue 5).

The file is a JSON array, one ClaimReview a line. Only a claim with a verdict, a public
fact-check page (the ClaimReview `url`) and a summary (`claimReviewed`) can be a
ClaimReview; any other is listed in the manifest as skipped. Every export must pass
../shared/validators/claimreview_check.py; its rules are followed here one by one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from factcheck.exports.formats._common import chunked, dumps_html_safe, is_web_url
from factcheck.exports.records import ClaimRecord, ExportContext, Manifest, RatingRecord

SUMMARY_ADVISED_MAX = 75  # Google's fact-check guidance; the validator warns beyond it


class ClaimReviewFormat:
    name = "claimreview"
    media_type = "application/ld+json"
    extension = "jsonld"
    # The claim, its article and its verdict are all a ClaimReview shows.
    needs: frozenset[str] = frozenset()

    def stream(
        self, records: Iterable[ClaimRecord], context: ExportContext, manifest: Manifest
    ) -> Iterator[bytes]:
        manifest.begin(self.name, context)
        return chunked(self._pieces(records, context, manifest))

    def _pieces(
        self, records: Iterable[ClaimRecord], context: ExportContext, manifest: Manifest
    ) -> Iterator[str]:
        author = organisation(context)
        separator = "[\n"
        for record in records:
            review = claim_review(record, context, manifest, author=author)
            if review is None:
                continue
            yield separator
            yield dumps_html_safe(review)
            manifest.exported += 1
            separator = ",\n"
        yield "[]\n" if separator == "[\n" else "\n]\n"


def organisation(context: ExportContext) -> dict[str, str]:
    author = {"@type": "Organization", "name": context.organisation_name}
    if is_web_url(context.organisation_url):
        author["url"] = context.organisation_url
    return author


def claim_review(
    record: ClaimRecord,
    context: ExportContext,
    manifest: Manifest,
    *,
    author: dict[str, str] | None = None,
) -> dict[str, Any] | None:
    """One ClaimReview object, or None (and a manifest entry) when the claim can't be one.

    Also what the published fact-check page embeds (through json_script)."""
    verdict = record.verdict
    if verdict is None:
        manifest.skip(record, "no_verdict", "the claim has no final verdict")
        return None
    if not is_web_url(record.published_url):
        manifest.skip(record, "not_published", "no public fact-check page (ClaimReview url)")
        return None
    summary = record.summary.strip()
    if not summary:
        manifest.skip(record, "no_summary", "no summary to use as claimReviewed")
        return None
    if len(summary) > SUMMARY_ADVISED_MAX:
        manifest.warn(
            record,
            "summary_too_long",
            f"claimReviewed is {len(summary)} characters (advised: {SUMMARY_ADVISED_MAX})",
        )
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": record.published_url,
        "claimReviewed": summary,
        "reviewRating": rating(record, verdict, manifest),
        "author": author or organisation(context),
        "itemReviewed": item_reviewed(record, manifest),
    }
    if record.decided_at is not None:
        review["datePublished"] = record.decided_at.date().isoformat()
    return review


def rating(record: ClaimRecord, verdict: RatingRecord, manifest: Manifest) -> dict[str, Any]:
    """The label always; the numbers only on an ordinal numeric scale, and only in range."""
    out: dict[str, Any] = {"@type": "Rating", "alternateName": verdict.label}
    value, best, worst = verdict.value, verdict.best, verdict.worst
    if verdict.is_ordinal and value is not None and best is not None and worst is not None:
        if worst <= value <= best:
            out["ratingValue"] = value
            out["bestRating"] = best
            out["worstRating"] = worst
        else:
            manifest.warn(
                record,
                "rating_out_of_range",
                f"rating {verdict.label!r} value {value} is outside [{worst}, {best}]; "
                "exported without ratingValue",
            )
    return out


def item_reviewed(record: ClaimRecord, manifest: Manifest) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim"}
    claimant = record.claimant.strip()
    if claimant:
        kind = "Organization" if record.claimant_kind == "organization" else "Person"
        item["author"] = {"@type": kind, "name": claimant}
    if record.claimed_on is not None:
        item["datePublished"] = record.claimed_on.isoformat()
    article = record.article
    if is_web_url(article.url):
        appearance = {"@type": "CreativeWork", "url": article.url}
        if article.title:
            appearance["headline"] = article.title
        item["appearance"] = [appearance]
    else:
        manifest.warn(
            record, "no_article_url", "the article has no URL: itemReviewed has no appearance"
        )
    return item
