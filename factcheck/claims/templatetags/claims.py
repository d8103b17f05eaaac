"""Template helpers for claims (`{% load claims %}`)."""

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from factcheck.claims import panel_html

register = template.Library()


@register.filter
def status_badge(status: Any) -> SafeString:
    """`{{ claim.status|status_badge }}`: a claim's status badge from the one builder the
    claim panel and the claim list use (panel_html.status_badge), so the pages drawn from
    templates (my work, the decisions queue) cannot drift from them in class or label."""
    return mark_safe(panel_html.status_badge(str(status)))  # status_badge escapes
