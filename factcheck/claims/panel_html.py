"""The claim panel's review region, written in Python.

A review save answers with this region alone (claims.review_views.save_review), and a
reviewer saves many reviews a day. Drawn by the template engine, the region cost 2 ms of a
save that must stay under 5 (bench/bench_claims.py, this machine); str.format with
html.escape writes the same markup in a fifth of that. The moderation box of each review
still comes from its template (moderation/_item.html) wherever it shows more than an empty
box.

Escaping: every value from the database or the user goes through `text()` (html.escape
with quotes: what django.utils.html.escape does, without its lazy-string wrapper's cost)
or `multiline()` (the same, then line breaks as <br>, as the linebreaksbr filter does).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines

from .models import Claim

RATING_CHOICE = (
    '<label class="rating-choice rating-{slug}" data-key="{key}" title="{description}">'
    '<input type="radio" name="rating" value="{pk}" data-key="{key}" required{checked}> '
    "<kbd>{key}</kbd> {label}</label>\n"
)


def text(value: Any) -> str:
    return escape(str(value), quote=True)


def multiline(value: str) -> str:
    return text(normalize_newlines(value)).replace("\n", "<br>")


def rating_choices_html(ratings: Sequence[Any], chosen: Any) -> SafeString:
    """One labelled radio button per rating, keys 1, 2, ... in the scale's order; the one
    whose id equals `chosen` (a rating id, or its string as a bound form holds it) is
    checked."""
    chosen = "" if chosen is None else str(chosen)
    # Safe: each value from outside is escaped where it is put in.
    return mark_safe(
        "".join(
            RATING_CHOICE.format(
                slug=text(rating.slug),
                key=key,
                description=text(rating.description),
                pk=text(rating.pk),
                checked=" checked" if str(rating.pk) == chosen else "",
                label=text(rating.label),
            )
            for key, rating in enumerate(ratings, 1)
        )
    )


def status_badge_html(claim: Any, *, out_of_band: bool = False) -> SafeString:
    """The claim panel's status badge; `out_of_band` for an htmx answer that replaces the
    badge in the panel's header (a review can move a claim between open, in review and
    contested)."""
    swap = ' hx-swap-oob="true"' if out_of_band else ""
    attributes = f' id="claim-status-{claim.pk}" data-status="{text(claim.status)}"{swap}'
    return mark_safe(status_badge(claim.status, attributes))  # status_badge escapes


_STATUS_LABELS = dict(Claim.Status.choices)


def status_badge(status: str, attributes: str = "") -> str:
    """A claim's status badge, escaped, for the panel (status_badge_html) and the claim
    list's rows (listing._claim_row). `attributes`: more of them, escaped by the caller. An
    unknown status shows as itself, as Claim.get_status_display does."""
    return (
        f'<span class="status-badge status-{text(status)}"{attributes}>'
        f"{text(_STATUS_LABELS.get(status, status))}</span>"
    )


@dataclass
class ReviewRegion:
    """What the review region shows (claims.views.reviews_context builds it)."""

    claim_id: int
    viewer_id: int | None
    reviews: list[Any]  # those the viewer may see, oldest first
    withheld: int  # others' reviews hidden by blind review
    own_review: Any
    ratings: Sequence[Any]
    values: dict[str, Any]  # rating, rationale, confidence, version as the form shows them
    confidence_choices: Sequence[tuple[str, str]]
    can_edit: bool
    form_url: str
    csrf_input: str  # the hidden CSRF field, already HTML
    errors: dict[str, list[str]] = field(default_factory=dict)  # field name or "__all__"
    conflict: Any = None  # the stored review, when the save was stale
    # The moderation box of one review (moderation/_item.html), or "" when it would be empty
    moderation_box: Callable[[Any], str] = lambda review: ""


def review_region_html(region: ReviewRegion) -> SafeString:
    claim = region.claim_id
    parts = [
        f'<section class="reviews" id="review-panel-{claim}" aria-labelledby="reviews-{claim}">\n'
        f'<h3 id="reviews-{claim}">Reviews</h3>\n'
    ]
    if region.reviews:
        parts.append('<ul class="review-list">\n')
        parts += [_review_item(region, review) for review in region.reviews]
        parts.append("</ul>\n")
    elif not region.withheld:
        parts.append('<p class="empty">No reviews yet.</p>\n')
    if region.withheld:
        plural = "" if region.withheld == 1 else "s"
        parts.append(
            f'<p class="blind-note" data-withheld="{region.withheld}">Blind review: '
            f"{region.withheld} other review{plural} will show once you submit your own.</p>\n"
        )
    if region.conflict is not None:
        parts.append(_conflict_box(region.conflict))
    if region.own_review is not None and region.own_review.hidden_at is not None:
        parts.append(
            '<p class="hidden-note">Your review is hidden by an editor; it can be changed '
            "again once it is unhidden.</p>\n"
        )
    elif region.can_edit:
        parts.append(_review_form(region))
    parts.append("</section>\n")
    # Safe: each value from outside is escaped where it is put in.
    return mark_safe("".join(parts))


def _review_item(region: ReviewRegion, review: Any) -> str:
    classes = "review"
    if review.reviewer_id == region.viewer_id:
        classes += " mine"
    if review.hidden_at is not None:
        classes += " is-hidden"
    rating = review.rating
    rationale = (
        f'<div class="rationale" dir="auto">{multiline(review.rationale)}</div>\n'
        if review.rationale
        else ""
    )
    box = region.moderation_box(review) or (
        f'<div class="moderation" id="moderation-review-{review.pk}" data-hidden="false"></div>'
    )
    return (
        f'<li class="{classes}" id="review-{review.pk}">\n'
        f'<span class="rating-chip rating-{text(rating.slug)}" data-colour="{text(rating.colour)}">'
        f"{text(rating.label)}</span>\n"
        f'<span class="who">{text(review.reviewer.get_username())}</span> · confidence '
        f"{text(review.confidence)}\n{rationale}{box}\n</li>\n"
    )


def _conflict_box(stored: Any) -> str:
    rationale = multiline(stored.rationale) if stored.rationale else "—"
    return (
        '<div class="conflict" role="alert">\n'
        "<p><strong>Your review was changed elsewhere (another tab or device) since you "
        "loaded it.</strong> Nothing was overwritten. Stored now:</p>\n"
        '<dl class="stored">\n'
        f"<dt>Rating now</dt><dd>{text(stored.rating.label)}</dd>\n"
        f"<dt>Confidence now</dt><dd>{text(stored.confidence)}</dd>\n"
        f'<dt>Rationale now</dt><dd dir="auto">{rationale}</dd>\n'
        "</dl>\n"
        "<p>Your unsaved input is in the form below; saving again replaces the stored "
        "review.</p>\n</div>\n"
    )


def _error_list(messages: Sequence[str], css_class: str = "errorlist", attributes: str = "") -> str:
    if not messages:
        return ""
    items = "".join(f"<li>{text(message)}</li>" for message in messages)
    return f'<ul class="{css_class}"{attributes}>{items}</ul>\n'


def _field(name: str, label: str, control: str, errors: dict[str, list[str]]) -> str:
    """A labelled field as claims/_fields.html draws one, with its errors."""
    messages = errors.get(name, [])
    error_list = _error_list(messages, attributes=f' id="id_{name}_error"')
    return (
        f'<div class="field{" has-error" if messages else ""}">\n'
        f'<label for="id_{name}">{label}</label>\n{error_list}{control}\n</div>\n'
    )


def _review_form(region: ReviewRegion) -> str:
    values, errors = region.values, region.errors
    url = text(region.form_url)
    mine = region.own_review is not None
    version = "" if values.get("version") is None else text(values["version"])
    rationale = values.get("rationale")
    textarea = (
        '<textarea name="rationale" id="id_rationale" rows="4">'
        f"{'' if rationale is None else text(rationale)}</textarea>"
    )
    chosen = values.get("confidence")
    options = "".join(
        f'<option value="{text(value)}"{" selected" if value == chosen else ""}>'
        f"{text(label)}</option>"
        for value, label in region.confidence_choices
    )
    select = f'<select name="confidence" id="id_confidence">{options}</select>'
    legend = "Your rating" if mine else "Rate this claim"
    return (
        f'<form class="stacked review-form" data-review-form method="post" action="{url}" '
        f'hx-post="{url}" hx-target="#review-panel-{region.claim_id}" hx-swap="outerHTML">\n'
        f"{region.csrf_input}\n"
        '<fieldset class="rating-choices">\n'
        f'<legend>{legend} <span class="hint">(keys 1–{len(region.ratings)})</span></legend>\n'
        f"{_error_list(errors.get('rating', []))}"
        f"{rating_choices_html(region.ratings, values.get('rating'))}"
        "</fieldset>\n"
        f"{_error_list(errors.get('__all__', []), 'errorlist nonfield', ' role="alert"')}"
        f'<input type="hidden" name="version" value="{version}">\n'
        f"{_field('rationale', 'Rationale', textarea, errors)}"
        f"{_field('confidence', 'Confidence', select, errors)}"
        f'<button type="submit">{"Update my review" if mine else "Save review"}</button>\n'
        "</form>\n"
    )
