"""System checks for the settings every published fact-check and export depends on: a page
address (ClaimReview `url`, W3C annotation ids) and a publisher's name (ClaimReview `author`).
Without them every ClaimReview would be invalid, so `manage.py check` (and runserver) says so
at once instead of publishing refusing claim after claim."""

from typing import Any

from django.conf import settings
from django.core import checks

from factcheck.exports.formats._common import is_web_url


def publishing_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    base_url = settings.FACTCHECK_PUBLIC_BASE_URL
    if not is_web_url(base_url):
        errors.append(
            checks.Error(
                f"FACTCHECK_PUBLIC_BASE_URL is {base_url!r}, not an absolute http(s) address.",
                hint="Set it to the site's public address, e.g. https://factcheck.example.org",
                id="exports.E001",
            )
        )
    if not settings.FACTCHECK_ORGANISATION_NAME.strip():
        errors.append(
            checks.Error(
                "FACTCHECK_ORGANISATION_NAME is empty: fact-checks need a publisher's name.",
                id="exports.E002",
            )
        )
    return errors
