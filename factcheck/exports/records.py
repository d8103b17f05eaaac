"""The data contract between the query layer and the exporters (issue 5).

One `ClaimRecord` holds everything any format needs about one claim, already filtered
(hidden and deleted content never reaches a record) and already ordered. The records are
plain dataclasses so the formats can be tested, and benchmarked, without Django.
All datetimes are timezone-aware (UTC); the formats refuse naive ones.

Ratings and articles are frozen: one record serves many claims (and the formats cache
their text by identity). The per-claim records are not: a frozen dataclass sets each field
through object.__setattr__, which made building a ClaimRecord cost more than writing it as
JSON. Treat them as read-only all the same; the query layer builds new ones per claim.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    id: int
    title: str
    url: str  # the publisher's URL; "" when the article was pasted without one
    publisher: str
    author: str
    language: str  # BCP 47 tag, e.g. "en", "km"; "" when unknown
    published_on: date | None


@dataclass(frozen=True, slots=True)
class RatingRecord:
    label: str
    slug: str
    value: int | None  # ClaimReview ratingValue, when the scale is numeric
    best: int | None  # the scale's best and worst values (bestRating / worstRating)
    worst: int | None
    is_ordinal: bool
    fever_label: str  # "SUPPORTS" / "REFUTES" / "NOT ENOUGH INFO", or "" when no honest mapping
    averitec_label: str  # "Supported" / "Refuted" / "Not Enough Evidence" /
    # "Conflicting Evidence/Cherrypicking", or "" when no honest mapping
    scale: str  # the scale's slug


@dataclass(slots=True)
class SourceRecord:
    id: int
    url: str
    title: str
    publisher: str
    stance: str  # "supports" / "refutes" / "context"
    excerpt: str
    accessed_on: date | None
    archive_url: str
    added_by: str
    counts: bool  # the editor marked it as one of the sources the verdict rests on


@dataclass(slots=True)
class ReviewRecord:
    id: int
    reviewer: str
    rating: RatingRecord
    rationale: str
    confidence: str
    created_at: datetime
    updated_at: datetime


@dataclass(slots=True)
class CorrectionRecord:
    corrected_at: datetime
    corrected_by: str
    note: str
    previous_rating_label: str
    previous_summary: str


@dataclass(slots=True)
class ClaimRecord:
    """One claim. The query layer leaves the parts a format does not need empty (query.py,
    ExportFormat.needs): tags, sources, reviews and corrections (), and the claim's origin
    (revision, prefix, suffix, creator, created and updated times) None or ""."""

    id: int
    uid: str  # stable public id, e.g. "claim-42"; the W3C annotation IRI ends with it
    article: ArticleRecord
    revision_id: int
    revision_number: int
    start: int  # code points into the revision's text, end exclusive
    end: int
    exact: str
    prefix: str
    suffix: str
    summary: str  # the editor's one-line restatement: ClaimReview claimReviewed
    claimant: str
    claimed_on: date | None
    tags: tuple[str, ...]
    status: str
    verdict: RatingRecord | None
    public_summary: str
    rationale: str
    decided_by: str
    decided_at: datetime | None
    published_url: str  # the public fact-check page (ClaimReview url); "" when unpublished
    sources: tuple[SourceRecord, ...]
    reviews: tuple[ReviewRecord, ...]
    corrections: tuple[CorrectionRecord, ...]
    created_by: str
    created_at: datetime
    updated_at: datetime
    # schema.org needs the claimant typed as a Person or an Organization; the claims model
    # has no such field yet, so the query layer passes "person" until it does.
    claimant_kind: str = "person"  # "person" / "organization"
    # The number of visible reviews when the query layer counted them instead of reading
    # them (query.REVIEW_COUNT, for the CSV); read `review_count`, right either way.
    counted_reviews: int | None = None
    # What the article's last revision did to the claim (Claim.Anchor): exact, moved,
    # changed or orphaned; exact for a claim never re-anchored.
    anchor: str = "exact"

    @property
    def review_count(self) -> int:
        return len(self.reviews) if self.counted_reviews is None else self.counted_reviews


@dataclass(frozen=True, slots=True)
class ExportContext:
    organisation_name: str
    organisation_url: str
    base_url: str  # absolute site URL without a trailing slash, e.g. "https://factcheck.example"
    generated_at: datetime
    # How many claims the export will hold, when the query layer can count them cheaply
    # (for W3C: the claims with a verdict). Only the paged W3C layout needs it up front, for
    # the collection's total and last page; a wrong count is reported in the manifest.
    total: int | None = None

    def iri(self, path: str) -> str:
        return self.base_url.rstrip("/") + path


class Manifest:
    """What an export left out and what it warns about, written beside the export.

    Formats call `begin` once, then `skip` / `warn` per claim and count `exported`. The
    entries keep the records' order, so the manifest is as deterministic as the export.
    """

    __slots__ = ("_messages", "exported", "format", "generated_at", "skipped", "warnings")

    def __init__(self) -> None:
        self.format = ""
        self.generated_at: datetime | None = None
        self.exported = 0
        self.skipped: list[tuple[str, int, str, str]] = []  # (uid, id, code, message)
        self.warnings: list[tuple[str, int, str, str]] = []
        # Equal messages share one string: 100,000 claims skipped for the same unmapped
        # rating then cost a tuple each, not a tuple and a message each.
        self._messages: dict[str, str] = {}

    def begin(self, format_name: str, context: ExportContext) -> None:
        self.format = format_name
        self.generated_at = context.generated_at

    def skip(self, record: ClaimRecord, code: str, message: str) -> None:
        message = self._messages.setdefault(message, message)
        self.skipped.append((record.uid, record.id, code, message))

    def warn(self, record: ClaimRecord | None, code: str, message: str) -> None:
        uid, id_ = (record.uid, record.id) if record is not None else ("", 0)
        message = self._messages.setdefault(message, message)
        self.warnings.append((uid, id_, code, message))

    def as_dict(self) -> dict[str, Any]:
        def entries(rows: list[tuple[str, int, str, str]]) -> list[dict[str, Any]]:
            return [{"claim": u, "id": i, "code": c, "message": m} for u, i, c, m in rows]

        return {
            "format": self.format,
            "generated_at": utc_iso(self.generated_at) if self.generated_at else None,
            "exported": self.exported,
            "skipped": entries(self.skipped),
            "warnings": entries(self.warnings),
            "counts": {
                "skipped": dict(Counter(row[2] for row in self.skipped)),
                "warnings": dict(Counter(row[2] for row in self.warnings)),
            },
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def utc_iso(moment: datetime, *, seconds: bool = False) -> str:
    """ISO 8601 in UTC with a "Z"; `seconds` drops the fraction (W3C "YYYY-MM-DDTHH:MM:SSZ").

    On every exported timestamp, so the UTC datetimes Django returns take a short path:
    the isoformat() of a naive datetime is about twice as fast as that of an aware one.
    """
    if moment.tzinfo is not UTC:
        if moment.utcoffset() is None:
            raise ValueError(f"naive datetime in an export record: {moment!r}")
        moment = moment.astimezone(UTC)
    moment = moment.replace(tzinfo=None)
    if seconds and moment.microsecond:
        moment = moment.replace(microsecond=0)
    return moment.isoformat() + "Z"
