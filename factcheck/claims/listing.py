"""The reading page's claim list: filters applied in Python to the claims the page has
already loaded for the highlights, so filtering costs no query (the page's query count is
pinned in tests/claims/test_reading_claims.py)."""

from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from .models import Claim


@dataclass(frozen=True)
class ClaimFilter:
    status: str = ""
    rating: str = ""  # a rating slug: claims with at least one review giving it
    reviewer: str = ""  # a username: claims that person reviewed

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> "ClaimFilter":
        status = query.get("status", "")
        return cls(
            status=status if status in Claim.Status.values else "",
            rating=query.get("rating", "")[:60],
            reviewer=query.get("reviewer", "")[:150],
        )

    @property
    def active(self) -> bool:
        return bool(self.status or self.rating or self.reviewer)

    def matches(self, claim: Claim) -> bool:
        if self.status and claim.status != self.status:
            return False
        reviews = shown_reviews(claim)
        if self.rating and not any(review.rating.slug == self.rating for review in reviews):
            return False
        return not self.reviewer or any(
            review.reviewer.username == self.reviewer for review in reviews
        )

    def apply(self, claims: list[Claim]) -> list[Claim]:
        return [claim for claim in claims if self.matches(claim)] if self.active else claims


def shown_reviews(claim: Claim) -> list[Any]:
    """The reviews the viewer may see (blind review): set by access.with_shown_reviews. A
    claim that did not go through it shows none, so a forgotten call hides, never leaks."""
    return getattr(claim, "shown_reviews", [])


def filter_options(claims: list[Claim]) -> dict[str, Any]:
    """Ratings and reviewers that occur among the loaded claims, for the filter form."""
    ratings: dict[str, tuple[int, str]] = {}
    reviewers: set[str] = set()
    for claim in claims:
        for review in shown_reviews(claim):
            ratings[review.rating.slug] = (review.rating.order, review.rating.label)
            reviewers.add(review.reviewer.username)
    return {
        "statuses": Claim.Status.choices,
        "ratings": [
            (slug, label) for slug, (_, label) in sorted(ratings.items(), key=lambda item: item[1])
        ],
        "reviewers": sorted(reviewers),
    }


def highlight_tuples(claims: list[Claim], revision_id: int) -> list[tuple[int, int, int, str]]:
    """(claim_id, start, end, status) sorted by start, for reading.render_paragraphs."""
    return sorted(
        (
            (claim.pk, claim.start, claim.end, claim.status)
            for claim in claims
            if claim.revision_id == revision_id
        ),
        key=lambda item: (item[1], item[2], item[0]),
    )


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def claim_rows_html(claims: list[Claim], *, oob: bool = False) -> SafeString:
    """The claim list's rows (`id="claim-row-<id>"`, the highlights' data attributes, a link
    that opens the panel). Assembled here, not in a template loop: 500 rows through the
    template engine cost more than the rest of the reading page (see articles/reading.py).
    With `oob`, each row carries its htmx out-of-band swap for the live poll: replace, or
    append when the claim is new to the page, or delete when the claim is gone."""
    detail = reverse("claims:detail", args=[_PLACEHOLDER]).replace(str(_PLACEHOLDER), "{}")
    labels = dict(Claim.Status.choices)
    rows = []
    for claim in claims:
        swap = ""
        if oob:
            if claim.deleted_at is not None:
                swap = ' hx-swap-oob="delete"'
            elif getattr(claim, "is_new", False):
                swap = ' hx-swap-oob="beforeend:#claim-list"'
            else:
                swap = ' hx-swap-oob="true"'
        status = escape(claim.status)
        url = detail.format(claim.pk)
        summary = (
            f'<span class="row-summary" dir="auto">{escape(truncate(claim.summary, 160))}</span>'
            if claim.summary
            else ""
        )
        chips = "".join(
            f'<span class="rating-chip rating-{escape(review.rating.slug)}" '
            f'title="{escape(review.reviewer.username)}">{escape(review.rating.label)}</span>'
            for review in shown_reviews(claim)
        )
        rows.append(
            f'<li id="claim-row-{claim.pk}" class="claim-row status-{status}" '
            f'data-claim="{claim.pk}" data-start="{claim.start}" data-end="{claim.end}" '
            f'data-status="{status}"{swap}>'
            f'<a href="{url}" hx-get="{url}" hx-target="#claim-panel">'
            f'<span class="status-badge status-{status}">{escape(labels.get(claim.status, ""))}'
            f'</span> <q dir="auto">{escape(truncate(claim.exact, 140))}</q></a>'
            f"{summary}" + (f'<span class="row-ratings">{chips}</span>' if chips else "") + "</li>"
        )
    return mark_safe("\n".join(rows))  # every piece of text is escaped above


_PLACEHOLDER = 987654321
