"""Plain export records for the format tests: no database, no models."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from factcheck.exports.records import (
    ArticleRecord,
    ClaimRecord,
    CorrectionRecord,
    ExportContext,
    Manifest,
    RatingRecord,
    ReviewRecord,
    SourceRecord,
)

NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
CONTEXT = ExportContext(
    organisation_name="CamboJA Fact Check",
    organisation_url="https://factcheck.example/about",
    base_url="https://factcheck.example",
    generated_at=NOW,
)

# The seeded default scale (DESIGN.md), with the dataset mappings that are honest.
SCALE = {
    rating.slug: rating
    for rating in (
        RatingRecord("True", "true", 6, 6, 1, True, "SUPPORTS", "Supported", "default"),
        RatingRecord("Mostly true", "mostly-true", 5, 6, 1, True, "", "", "default"),
        RatingRecord(
            "Half true",
            "half-true",
            4,
            6,
            1,
            True,
            "",
            "Conflicting Evidence/Cherrypicking",
            "default",
        ),
        RatingRecord(
            "Misleading",
            "misleading",
            3,
            6,
            1,
            True,
            "",
            "Conflicting Evidence/Cherrypicking",
            "default",
        ),
        RatingRecord("Mostly false", "mostly-false", 2, 6, 1, True, "", "", "default"),
        RatingRecord("False", "false", 1, 6, 1, True, "REFUTES", "Refuted", "default"),
        RatingRecord(
            "Unverifiable",
            "unverifiable",
            None,
            6,
            1,
            True,
            "NOT ENOUGH INFO",
            "Not Enough Evidence",
            "default",
        ),
    )
}

# Texts that break naive exporters: HTML end tags, quotes, separators, control characters,
# emoji (astral, ZWJ, flags), combining marks, Khmer, Arabic (right to left).
NASTY = (
    '</script><script>alert("x")</script>',
    "He said \"62 cases\", then '185', then 101; 68, 16.",
    "Line one\nline two\r\nline three\ttabbed",
    "Emoji 😀 family 👨‍👩‍👧 flag 🇰🇭 e\u0301",
    "ខ្ញុំទៅផ្សារ។ សាលារៀន។",
    "مرحبا بالعالم، 62 حالة",
    "Separators \u2028 and \u2029 and \x85, controls \x00 \x1b[31m \x7f",
    '=HYPERLINK("http://evil.example","x")',
)


def make_rating(slug: str = "false", **overrides: Any) -> RatingRecord:
    return replace(SCALE[slug], **overrides)


def make_article(**overrides: Any) -> ArticleRecord:
    fields: dict[str, Any] = {
        "id": 7,
        "title": "US report finds 62 cases of abuse",
        "url": "https://cambojanews.example/2021/04/us-report",
        "publisher": "CamboJA News",
        "author": "Staff reporter",
        "language": "en",
        "published_on": date(2021, 4, 1),
    }
    return ArticleRecord(**(fields | overrides))


def make_source(id: int = 1, **overrides: Any) -> SourceRecord:
    fields: dict[str, Any] = {
        "id": id,
        "url": f"https://www.state.gov/reports/2020/cambodia#{id}",
        "title": "2020 Country Reports on Human Rights Practices: Cambodia",
        "publisher": "US Department of State",
        "stance": "refutes",
        "excerpt": "The report lists 60 cases.",
        "accessed_on": date(2021, 4, 2),
        "archive_url": f"https://web.archive.org/web/2021/https://www.state.gov/{id}",
        "added_by": "alice",
        "counts": True,
    }
    return SourceRecord(**(fields | overrides))


def make_review(id: int = 1, **overrides: Any) -> ReviewRecord:
    fields: dict[str, Any] = {
        "id": id,
        "reviewer": "alice",
        "rating": make_rating("false"),
        "rationale": "The report counts 60, not 62.",
        "confidence": "high",
        "created_at": NOW - timedelta(days=3),
        "updated_at": NOW - timedelta(days=2),
    }
    return ReviewRecord(**(fields | overrides))


def make_record(id: int = 1, **overrides: Any) -> ClaimRecord:
    """A verified, published claim that every format can export without a warning."""
    fields: dict[str, Any] = {
        "id": id,
        "uid": f"claim-{id}",
        "article": make_article(),
        "revision_id": 3,
        "revision_number": 1,
        "start": 120,
        "end": 128,
        "exact": "62 cases",
        "prefix": "documented ",
        "suffix": " of abuse",
        "summary": "The US report documented 62 cases of abuse.",
        "claimant": "CamboJA News",
        "claimed_on": date(2021, 4, 1),
        "tags": ("human rights", "statistics"),
        "status": "verified",
        "verdict": make_rating("false"),
        "public_summary": "The report lists 60 cases, not 62.",
        "rationale": "We read the report's Cambodia chapter and counted 60 cases.",
        "decided_by": "erin",
        "decided_at": NOW - timedelta(days=1),
        "published_url": f"https://factcheck.example/fact-checks/claim-{id}/",
        "sources": (make_source(1), make_source(2, stance="context", counts=False)),
        "reviews": (make_review(1), make_review(2, reviewer="bob")),
        "corrections": (),
        "created_by": "alice",
        "created_at": NOW - timedelta(days=5),
        "updated_at": NOW - timedelta(hours=12),
    }
    return ClaimRecord(**(fields | overrides))


def nasty_record(id: int = 1, **overrides: Any) -> ClaimRecord:
    """A record with hostile text in every free-text field."""
    text = NASTY[id % len(NASTY)] + " " + NASTY[(id + 3) % len(NASTY)]
    fields: dict[str, Any] = {
        "article": make_article(title=text, publisher=NASTY[4], author=NASTY[5], language="km"),
        "exact": text,
        "prefix": NASTY[(id + 1) % len(NASTY)],
        "suffix": NASTY[(id + 2) % len(NASTY)],
        "summary": ("Claim " + NASTY[id % len(NASTY)])[:70],
        "claimant": NASTY[5],
        "tags": (NASTY[0], NASTY[4]),
        "public_summary": text,
        "rationale": NASTY[0] + NASTY[2],
        "decided_by": NASTY[3],
        "sources": (
            make_source(1, title=NASTY[0], excerpt=text, publisher=NASTY[5]),
            make_source(2, excerpt=NASTY[4], counts=False),
        ),
        "reviews": (make_review(1, rationale=text),),
        "corrections": (CorrectionRecord(NOW, "erin", NASTY[0], "Half true", NASTY[4]),),
    }
    return make_record(id, **(fields | overrides))


def nasty_records(count: int) -> list[ClaimRecord]:
    ratings = list(SCALE)
    return [nasty_record(n, verdict=SCALE[ratings[n % len(ratings)]]) for n in range(1, count + 1)]


def many_records(count: int) -> Iterator[ClaimRecord]:
    """`count` distinct, exportable records, built one at a time."""
    base = make_record(1)
    for n in range(1, count + 1):
        yield replace(
            base, id=n, uid=f"claim-{n}", published_url=f"https://factcheck.example/f/{n}/"
        )


def run_export(fmt: Any, records: Any, context: ExportContext = CONTEXT) -> tuple[bytes, Manifest]:
    manifest = Manifest()
    return b"".join(fmt.stream(records, context, manifest)), manifest


def sorted_keys_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json object_pairs_hook asserting that every object's keys come sorted."""
    keys = [key for key, _ in pairs]
    assert keys == sorted(keys), keys
    return dict(pairs)
