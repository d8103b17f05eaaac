"""The reading page's claim list: filters applied in Python to the claims the page has
already loaded for the highlights, so filtering costs no query (the page's query count is
pinned in tests/claims/test_reading_claims.py).

The page reads its claims and their reviews as plain rows (ReadingClaim, ReadingReview)
rather than model instances: for 500 claims the instances and their prefetched reviews
cost more than everything else on the page (bench/bench_claims.py, the reading page).

The list's rows are drawn here with format_html rather than by a template loop: measured
on this machine, 500 rows through the template engine cost 40-55 ms (each `{{ }}` about
2.5 µs, a dozen of them a row), twice the whole page's 25 ms budget.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from django.urls import reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from factcheck.text.direction import direction

from .models import Claim, ClaimQuerySet


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
    anchor: str = "exact"  # Claim.Anchor: what the last revision did to it
    deleted_at: datetime | None = None
    # Every review that is not hidden: the agreement line (editorial.agreement.measure_claims).
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


STATUS_LABELS = dict(Claim.Status.choices)


def status_badge(
    status: str, *, claim_id: int | None = None, out_of_band: bool = False
) -> SafeString:
    """A claim's status badge: the one builder every page uses (the claim list here; my
    work, the decisions queue and the panel through the status_badge filter and the
    claim_status_badge tag), so a badge's class or label cannot drift. An unknown status
    shows as itself, as Claim.get_status_display does. The panel's badge has the
    `claim_id` and data-status that a review save's answer replaces `out_of_band`."""
    label = STATUS_LABELS.get(status, status)
    if claim_id is None:
        return format_html('<span class="status-badge status-{}">{}</span>', status, label)
    swap = ' hx-swap-oob="true"' if out_of_band else ""
    return format_html(
        '<span class="status-badge status-{}" id="claim-status-{}" data-status="{}"{}>{}</span>',
        status,
        claim_id,
        status,
        mark_safe(swap),
        label,
    )


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def claim_rows(
    claims: Iterable[ReadingClaim],
    *,
    revision_id: int | None = None,
    oob: bool = False,
    language: str = "",
    selectable: bool = False,
) -> SafeString:
    """The claim list's rows (templates/claims/claim_list.html), each with the highlights'
    data attributes (static/js/reader.js) and a link that opens the panel; its chips show
    the reviews access.with_shown_reviews lets this reader see. A claim that is not on the
    shown revision (`revision_id`: an orphaned claim, whose words are gone) is listed
    without the offsets, so nothing is highlighted for it. With `oob` (the live poll,
    templates/claims/changes.html) each row carries its htmx out-of-band swap: it replaces
    its row, is appended when the claim is new to the page, or deletes the row of a claim
    that is gone. Each quote carries the article's `language` and its direction, so an
    Arabic quote in the (English) list reads right to left between Arabic quote marks.
    With `selectable` (editors) each row has a checkbox of the bulk assignment form
    (templates/assignments/_bulk.html)."""
    drawn = _RowParts(language)
    drawn.selectable = selectable
    return format_html_join(
        "\n", "{}", ((claim_row(claim, drawn, revision_id, oob=oob),) for claim in claims)
    )


# {0} id, {1} status, {2} start, {3} end, {4} swap, {5}{0}{6} the panel's URL, {7} badge,
# {8} quote, {9} summary, {10} chips, {11} anchor, {12} its note, {13} the quote's lang and
# dir attributes, {14} the bulk assignment checkbox (editors). Each value is escaped once,
# however often it is used.
CLAIM_ROW = (
    '<li id="claim-row-{0}" class="claim-row status-{1}" data-claim="{0}" data-start="{2}" '
    'data-end="{3}" data-status="{1}" data-anchor="{11}"{4}>{14}<a href="{5}{0}{6}" '
    'hx-get="{5}{0}{6}" hx-target="#claim-panel">{7} <q{13}>{8}</q></a>{12}{9}{10}</li>'
)
# A claim whose words are not in the shown text: no offsets, nothing to highlight.
OFF_TEXT_ROW = (
    '<li id="claim-row-{0}" class="claim-row off-text status-{1}" data-claim="{0}" '
    'data-status="{1}" data-anchor="{11}"{4}>{14}<a href="{5}{0}{6}" hx-get="{5}{0}{6}" '
    'hx-target="#claim-panel">{7} <q{13}>{8}</q></a>{12}{9}{10}</li>'
)
# The bulk assignment form's checkbox (templates/assignments/_bulk.html), editors only.
SELECT_BOX = (
    '<input type="checkbox" class="select-claim" name="claims" value="{}" form="bulk-assign" '
    'aria-label="Tick claim {} for assigning">'
)
NOTHING = mark_safe("")
SWAPS = {
    "new": mark_safe(' hx-swap-oob="beforeend:#claim-list"'),
    "changed": mark_safe(' hx-swap-oob="true"'),
}
ANCHOR_NOTES = {
    "changed": mark_safe(
        '<span class="anchor-note anchor-changed">Its words were corrected: recheck</span>'
    ),
    "orphaned": mark_safe(
        '<span class="anchor-note anchor-orphaned">Orphaned: its words are gone from the '
        "text</span>"
    ),
}


_URL_SENTINEL = 987654321  # stands for the claim id in the one reverse() of a list


class _RowParts:
    """What repeats across a list's rows, escaped once per list rather than once per row:
    the panel URL around the claim id, the statuses and their badges (a handful), and the
    (rating, reviewer) chips (a handful among 500 rows). Escaping is most of a row's cost:
    Django's escape() costs ~2 µs here, a row needs a dozen values."""

    def __init__(self, language: str = "") -> None:
        lang = format_html(' lang="{}"', language) if language else NOTHING
        self.quote_attributes = format_html('{} dir="{}"', lang, direction(language))
        head, _, tail = reverse("claims:detail", args=[_URL_SENTINEL]).partition(str(_URL_SENTINEL))
        self.url_head, self.url_tail = conditional_escape(head), conditional_escape(tail)
        self.statuses: dict[str, tuple[SafeString, SafeString]] = {}
        self.chips: dict[tuple[tuple[str, str, str], ...], SafeString] = {}
        self.anchors: dict[str, SafeString] = {}
        self.selectable = False

    def status(self, status: str) -> tuple[SafeString, SafeString]:
        """The status, escaped, and its badge."""
        if status not in self.statuses:
            self.statuses[status] = (conditional_escape(status), status_badge(status))
        return self.statuses[status]

    def anchor(self, anchor: str) -> SafeString:
        if anchor not in self.anchors:
            self.anchors[anchor] = conditional_escape(anchor)
        return self.anchors[anchor]

    def chips_of(self, reviews: list[ReadingReview]) -> SafeString:
        """A row's rating chips: the same few (rating, reviewer) combinations recur."""
        key = tuple(
            (review.rating_slug, review.reviewer, review.rating_label) for review in reviews
        )
        if key not in self.chips:
            self.chips[key] = format_html(
                '<span class="row-ratings">{}</span>',
                format_html_join(
                    "", '<span class="rating-chip rating-{}" title="{}">{}</span>', key
                ),
            )
        return self.chips[key]


def claim_row(
    claim: ReadingClaim, drawn: _RowParts, revision_id: int | None = None, *, oob: bool = False
) -> SafeString:
    if claim.deleted_at is not None:
        # The poll's delete swap needs only the id: a claim created and deleted between two
        # polls must not show its quote, summary or ratings to anyone on the way out.
        return format_html('<li id="claim-row-{}" hx-swap-oob="delete"></li>', claim.pk)
    swap = SWAPS["new" if claim.is_new else "changed"] if oob else NOTHING
    summary = NOTHING
    if claim.summary:
        summary = format_html(
            '<span class="row-summary" dir="auto">{}</span>', truncate(claim.summary, 160)
        )
    chips = drawn.chips_of(claim.shown_reviews) if claim.shown_reviews else NOTHING
    status, badge = drawn.status(claim.status)
    on_text = revision_id is None or claim.revision_id == revision_id
    return format_html(
        CLAIM_ROW if on_text else OFF_TEXT_ROW,
        claim.pk,
        status,
        claim.start,
        claim.end,
        swap,
        drawn.url_head,
        drawn.url_tail,
        badge,
        truncate(claim.exact, 140),
        summary,
        chips,
        drawn.anchor(claim.anchor),
        ANCHOR_NOTES.get(claim.anchor, NOTHING),
        drawn.quote_attributes,
        format_html(SELECT_BOX, claim.pk, claim.pk) if drawn.selectable else NOTHING,
    )
