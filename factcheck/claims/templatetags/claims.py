"""Template helpers for claims (`{% load claims %}`)."""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from factcheck.claims.models import Claim

register = template.Library()

STATUS_LABELS = dict(Claim.Status.choices)


@register.filter
def status_badge(status: Any) -> SafeString:
    """`{{ claim.status|status_badge }}`: a claim's status badge, the one builder every page
    uses (the claim list, my work, the decisions queue, the panel through
    claim_status_badge), so a badge's class or label cannot drift. An unknown status shows
    as itself, as Claim.get_status_display does."""
    status = str(status)
    return format_html(
        '<span class="status-badge status-{}">{}</span>', status, STATUS_LABELS.get(status, status)
    )


@register.simple_tag
def claim_status_badge(claim: Any, out_of_band: bool = False) -> SafeString:
    """The claim panel's badge: status_badge with the id and data-status that a review
    save's answer replaces out of band (`out_of_band`: that answer's copy)."""
    status = str(claim.status)
    badge = (
        '<span class="status-badge status-{}" id="claim-status-{}" data-status="{}"'
        + (' hx-swap-oob="true">' if out_of_band else ">")
        + "{}</span>"
    )
    return format_html(badge, status, claim.pk, status, STATUS_LABELS.get(status, status))
