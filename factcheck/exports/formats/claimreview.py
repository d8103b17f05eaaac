"""ClaimReview JSON-LD (schema.org), as fact-check consumers read it (issue 5).

The file is a JSON array, one ClaimReview a line. One rule says what a claim needs to be
a ClaimReview, for the export, the public page and publishing alike (`claim_reviewed`):

- a final verdict whose rating has a label (`reviewRating.alternateName`);
- a public fact-check page (`url`): the claim is published;
- a text for `claimReviewed`: the claim's summary, else its quote (`claim_reviewed_text`).

Any other claim is listed in the manifest as skipped, with the reason; the export page
counts the same reasons before the download (exports/leftout.py), and publishing refuses a
claim that would be skipped (`publishing_problems`). Every export must pass
../shared/validators/claimreview_check.py; its rules are followed here one by one.

`claim_review` is the readable definition of one ClaimReview, and what the public page
embeds. The export writes the same bytes, and the same manifest entries, with
`ClaimReviewJson`, which assembles the JSON text by hand as the JSON Lines writer does and
writes the author, each rating and each article's appearance once. A test holds the two
byte-identical.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring as _s
from typing import Any

from factcheck.exports.formats._common import chunked, dumps, html_safe, is_web_url
from factcheck.exports.records import (
    ArticleRecord,
    ClaimRecord,
    ExportContext,
    Manifest,
    RatingRecord,
)

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
        writer = ClaimReviewJson(context)
        separator = "[\n"
        for record in records:
            review = writer.review(record, manifest)
            if review is None:
                continue
            yield separator
            yield review
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

    Also what the published fact-check page embeds (through dumps_html_safe)."""
    verdict, summary = record.verdict, claim_reviewed(record, manifest)
    if verdict is None or summary is None:
        return None
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


def claim_reviewed_text(record: ClaimRecord) -> str:
    """The claimReviewed text: the claim's summary, else its quote (its white space made
    single spaces, as a summary's is when saved); "" only when the claim has neither."""
    return record.summary.strip() or " ".join(record.exact.split())


def claim_reviewed(record: ClaimRecord, manifest: Manifest) -> str | None:
    """The claimReviewed text, or None (and the reason in the manifest) when the claim can
    not be a ClaimReview: no verdict, no public page, a rating without a label, or neither a
    summary nor a quote. A long text is a warning. exports/leftout.py counts the same
    reasons, in the same order, in SQL: change both together."""
    verdict = record.verdict
    if verdict is None:
        manifest.skip(record, "no_verdict", "the claim has no final verdict")
        return None
    if not is_web_url(record.published_url):
        manifest.skip(record, "not_published", "no public fact-check page (ClaimReview url)")
        return None
    if not verdict.label.strip():
        manifest.skip(record, "no_rating_label", "the verdict's rating has no label")
        return None
    text = claim_reviewed_text(record)
    if not text:
        manifest.skip(record, "no_claim_text", "neither a claim summary nor a quote")
        return None
    if len(text) > SUMMARY_ADVISED_MAX:
        if record.summary.strip():
            code, origin = "summary_too_long", "the claim summary"
        else:
            code, origin = "quote_too_long", "the quote (the claim has no summary)"
        manifest.warn(
            record,
            code,
            f"claimReviewed is {len(text)} characters (advised: {SUMMARY_ADVISED_MAX}); "
            f"it is {origin}",
        )
    return text


def publishing_problems(record: ClaimRecord, context: ExportContext) -> list[str]:
    """Why the claim, published at `record.published_url`, could not give a valid ClaimReview:
    one sentence per missing field, naming it; [] when it can. Publishing refuses a claim
    with problems (exports/services.publish_claim)."""
    problems = []
    manifest = Manifest()
    if claim_reviewed(record, manifest) is None:
        code = manifest.skipped[0][2]
        problems.append(
            {
                "no_verdict": "it has no final verdict (the ClaimReview's reviewRating)",
                "not_published": (
                    f"its page address {record.published_url!r} is not an absolute http(s) "
                    "URL (the ClaimReview's url): set FACTCHECK_PUBLIC_BASE_URL"
                ),
                "no_rating_label": (
                    "its verdict's rating has no label (the ClaimReview's "
                    "reviewRating.alternateName): name the rating in the admin"
                ),
                "no_claim_text": (
                    "it has neither a claim summary nor a quote (the ClaimReview's "
                    "claimReviewed): write a claim summary"
                ),
            }[code]
        )
    if not context.organisation_name.strip():
        problems.append(
            "the publisher has no name (the ClaimReview's author): set FACTCHECK_ORGANISATION_NAME"
        )
    return problems


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
            _warn_out_of_range(record, verdict, manifest)
    return out


def _out_of_range(verdict: RatingRecord) -> bool:
    """Whether `rating` leaves the numbers out with a warning."""
    value, best, worst = verdict.value, verdict.best, verdict.worst
    if verdict.is_ordinal and value is not None and best is not None and worst is not None:
        return not worst <= value <= best
    return False


def _warn_out_of_range(record: ClaimRecord, verdict: RatingRecord, manifest: Manifest) -> None:
    manifest.warn(
        record,
        "rating_out_of_range",
        f"rating {verdict.label!r} value {verdict.value} is outside "
        f"[{verdict.worst}, {verdict.best}]; exported without ratingValue",
    )


def _warn_no_article_url(record: ClaimRecord, manifest: Manifest) -> None:
    manifest.warn(
        record, "no_article_url", "the article has no URL: itemReviewed has no appearance"
    )


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
        _warn_no_article_url(record, manifest)
    return item


class ClaimReviewJson:
    """`dumps_html_safe(claim_review(record, context, manifest))`, with the same manifest
    entries in the same order, about three times as fast; one instance per export stream."""

    def __init__(self, context: ExportContext) -> None:
        self._author = dumps(organisation(context))
        self._ratings: dict[int, tuple[RatingRecord, str, bool]] = {}
        self._article: ArticleRecord | None = None  # claims come grouped by article
        self._appearance: str | None = None

    def review(self, r: ClaimRecord, manifest: Manifest) -> str | None:
        verdict, summary = r.verdict, claim_reviewed(r, manifest)
        if verdict is None or summary is None:
            return None
        rating = self._rating(r, verdict, manifest)
        decided = ""
        if r.decided_at is not None:
            decided = f',"datePublished":"{r.decided_at.date().isoformat()}"'
        text = (
            f'{{"@context":"https://schema.org","@type":"ClaimReview","author":{self._author},'
            f'"claimReviewed":{_s(summary)}{decided},'
            f'"itemReviewed":{self._item_reviewed(r, manifest)},"reviewRating":{rating},'
            f'"url":{_s(r.published_url)}}}'
        )
        return html_safe(text)

    def _rating(self, r: ClaimRecord, verdict: RatingRecord, manifest: Manifest) -> str:
        # By identity: the query layer shares one record per rating. The cache holds the
        # rating, so its id stays its own while cached.
        cached = self._ratings.get(id(verdict))
        if cached is None:
            text = dumps(rating(r, verdict, Manifest()))  # its warning is given below
            cached = self._ratings[id(verdict)] = (verdict, text, _out_of_range(verdict))
        if cached[2]:
            _warn_out_of_range(r, verdict, manifest)
        return cached[1]

    def _item_reviewed(self, r: ClaimRecord, manifest: Manifest) -> str:
        claimant = r.claimant.strip()
        author = ""
        if claimant:
            kind = "Organization" if r.claimant_kind == "organization" else "Person"
            author = f',"author":{{"@type":"{kind}","name":{_s(claimant)}}}'
        claimed = "" if r.claimed_on is None else f',"datePublished":"{r.claimed_on.isoformat()}"'
        appearance = self._appearance_of(r.article)
        if appearance is None:
            _warn_no_article_url(r, manifest)
            appearance = ""
        return f'{{"@type":"Claim"{appearance}{author}{claimed}}}'

    def _appearance_of(self, article: ArticleRecord) -> str | None:
        """The "appearance" member, or None when the article has no web URL."""
        if article is not self._article:
            self._article = article
            self._appearance = None
            if is_web_url(article.url):
                headline = f',"headline":{_s(article.title)}' if article.title else ""
                self._appearance = (
                    f',"appearance":[{{"@type":"CreativeWork"{headline},"url":{_s(article.url)}}}]'
                )
        return self._appearance
