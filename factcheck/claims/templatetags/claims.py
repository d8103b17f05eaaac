"""Template helpers for claims (`{% load claims %}`): the status badge of
listing.status_badge, the one badge builder."""

from typing import Any

from django import template
from django.utils.safestring import SafeString

from factcheck.claims.listing import status_badge as badge
from factcheck.text.direction import direction

register = template.Library()


@register.filter
def status_badge(status: Any) -> SafeString:
    """`{{ claim.status|status_badge }}`"""
    return badge(str(status))


@register.simple_tag
def claim_status_badge(claim: Any, out_of_band: bool = False) -> SafeString:
    """`{% claim_status_badge claim %}`: the claim panel's badge, with the id and
    data-status that a review save's answer replaces (`out_of_band=True`: that copy)."""
    return badge(str(claim.status), claim_id=claim.pk, out_of_band=out_of_band)


@register.filter
def text_direction(language: Any) -> str:
    """`dir="{{ article.language|text_direction }}"`: rtl, ltr, or auto without a language."""
    return direction(str(language or ""))
