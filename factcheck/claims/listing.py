"""The reading page's claim list: filters applied in Python to the claims the page has
already loaded for the highlights, so filtering costs no query (the page's query count is
pinned in tests/claims/test_reading_claims.py).

The page reads its claims and their reviews as plain rows (ReadingClaim, ReadingReview)
rather than model instances: for 500 claims the instances and their prefetched reviews
cost more than everything else on the page (bench/bench_claims.py, the reading page).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from typing import Any, NamedTuple

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from .models import Claim, ClaimQuerySet
from .panel_html import status_badge


class ReadingReview(NamedTuple):
    """A review that is not hidden, with what the chips, filters and the agreement line need.
    Fields in the order of ClaimQuerySet.reading_review_values."""

    claim_id: int
    reviewer_id: int
    reviewer: str  # the username
    rating_id: int
    rating_slug: str
    rating_label: str
    rating_order: int
    rating_value: int | None


@dataclass(slots=True, eq=False)
class ReadingClaim:
    """A claim as the reading page lists and highlights it. The first fields come in the
    order of ClaimQuerySet.reading_values."""

    pk: int
    revision_id: int
    start: int
    end: int
    exact: str
    summary: str
    status: str
    deleted_at: datetime | None = None
    # Every review that is not hidden: the agreement line (claims.agreement.measure_claims).
    reviews: list[ReadingReview] = field(default_factory=list)
    # What this viewer may see (blind review), set by access.with_shown_reviews; empty until
    # then, so a forgotten call hides reviews, never leaks them.
    shown_reviews: list[ReadingReview] = field(default_factory=list)
    is_new: bool = False  # the live poll appends the rows of claims new to the page


def reading_claims(claims: ClaimQuerySet) -> list[ReadingClaim]:
    """The claims in start order with their reviews that are not hidden: two queries however
    many claims (one when there are none). Deleted claims are left out only if `claims`
    leaves them out (the reading page does; the live poll needs them, to take their rows
    off the page). Pass the rows through access.with_shown_reviews before showing any
    review."""
    rows = [ReadingClaim(*values) for values in claims.reading_values()]
    if not rows:  # no reviews to ask for (an article without claims costs one query less)
        return rows
    by_id = {claim.pk: claim for claim in rows}
    for values in claims.reading_review_values():
        claim = by_id.get(values[0])
        if claim is not None:  # a claim created between the two queries is not listed
            claim.reviews.append(ReadingReview._make(values))
    return rows


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

    def matches(self, claim: ReadingClaim) -> bool:
        if self.status and claim.status != self.status:
            return False
        reviews = shown_reviews(claim)
        if self.rating and not any(review.rating_slug == self.rating for review in reviews):
            return False
        return not self.reviewer or any(review.reviewer == self.reviewer for review in reviews)

    def apply(self, claims: list[ReadingClaim]) -> list[ReadingClaim]:
        return [claim for claim in claims if self.matches(claim)] if self.active else claims


def shown_reviews(claim: Any) -> list[Any]:
    """The reviews the viewer may see (blind review): set by access.with_shown_reviews. A
    claim that did not go through it shows none, so a forgotten call hides, never leaks."""
    return getattr(claim, "shown_reviews", [])


def filter_options(claims: list[ReadingClaim]) -> dict[str, Any]:
    """Ratings and reviewers that occur among the loaded claims, for the filter form."""
    ratings: dict[str, tuple[int, str]] = {}
    reviewers: set[str] = set()
    for claim in claims:
        for review in shown_reviews(claim):
            ratings[review.rating_slug] = (review.rating_order, review.rating_label)
            reviewers.add(review.reviewer)
    return {
        "statuses": Claim.Status.choices,
        "ratings": [
            (slug, label) for slug, (_, label) in sorted(ratings.items(), key=lambda item: item[1])
        ],
        "reviewers": sorted(reviewers),
    }


def highlight_tuples(
    claims: list[ReadingClaim], revision_id: int
) -> list[tuple[int, int, int, str]]:
    """(claim_id, start, end, status) of the claims on the revision, for
    reading.render_paragraphs, in the order of `claims`: pass them in start order, as
    reading_claims gives them (the only caller, articles.views.read_article, does). Nothing
    here sorts them again; render_paragraphs orders them for nesting itself
    (reading._coverage)."""
    return [
        (claim.pk, claim.start, claim.end, claim.status)
        for claim in claims
        if claim.revision_id == revision_id
    ]


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def claim_rows_html(claims: Iterable[ReadingClaim], *, oob: bool = False) -> SafeString:
    """The claim list's rows (`id="claim-row-<id>"`, the highlights' data attributes, a link
    that opens the panel). Assembled here, not in a template loop: 500 rows through the
    template engine cost more than the rest of the reading page (see articles/reading.py).
    Chips show the shown_reviews that access.with_shown_reviews set. With `oob`, each row
    carries its htmx out-of-band swap for the live poll: replace, or append when the claim
    is new to the page, or delete when the claim is gone."""
    detail = reverse("claims:detail", args=[_PLACEHOLDER]).replace(str(_PLACEHOLDER), "{}")
    chips = _Chips()
    rows = [
        _claim_row(claim, detail.format(claim.pk), chips, _swap(claim) if oob else "")
        for claim in claims
    ]
    return mark_safe("\n".join(rows))  # every piece of text is escaped in _claim_row and _Chips


def _swap(claim: ReadingClaim) -> str:
    if claim.deleted_at is not None:
        return ' hx-swap-oob="delete"'
    if claim.is_new:
        return ' hx-swap-oob="beforeend:#claim-list"'
    return ' hx-swap-oob="true"'


def _claim_row(claim: ReadingClaim, url: str, chips: "_Chips", swap: str) -> str:
    if claim.deleted_at is not None:
        # The poll's delete swap needs only the id: a claim created and deleted between two
        # polls must not show its quote, summary or ratings to anyone on the way out.
        return f'<li id="claim-row-{claim.pk}"{swap}></li>'
    status = escape(claim.status)
    summary = (
        f'<span class="row-summary" dir="auto">{escape(truncate(claim.summary, 160))}</span>'
        if claim.summary
        else ""
    )
    ratings = "".join([chips.html(review) for review in claim.shown_reviews])
    return (
        f'<li id="claim-row-{claim.pk}" class="claim-row status-{status}" '
        f'data-claim="{claim.pk}" data-start="{claim.start}" data-end="{claim.end}" '
        f'data-status="{status}"{swap}>'
        f'<a href="{url}" hx-get="{url}" hx-target="#claim-panel">'
        f"{status_badge(claim.status)} "
        f'<q dir="auto">{escape(truncate(claim.exact, 140))}</q></a>'
        f"{summary}" + (f'<span class="row-ratings">{ratings}</span>' if ratings else "") + "</li>"
    )


class _Chips:
    """Rating chips, each escaped once: a page's 400 reviews repeat a handful of
    (rating, reviewer) pairs."""

    def __init__(self) -> None:
        self._made: dict[tuple[str, str, str], str] = {}

    def html(self, review: ReadingReview) -> str:
        key = (review.rating_slug, review.rating_label, review.reviewer)
        chip = self._made.get(key)
        if chip is None:
            chip = self._made[key] = (
                f'<span class="rating-chip rating-{escape(review.rating_slug)}" '
                f'title="{escape(review.reviewer)}">{escape(review.rating_label)}</span>'
            )
        return chip


_PLACEHOLDER = 987654321
