"""safe_fetch with the limits and allowances from Django's settings (README "Configuration").

The import page and background tasks call this; tests of the network core call safe_fetch
directly with their own arguments.
"""

from django.conf import settings

from factcheck.fetching.client import Fetched, safe_fetch


def fetch_page(url: str) -> Fetched:
    """Fetch `url` for a user; raises client.FetchRefused with a message for that user."""
    return safe_fetch(
        url,
        allowed=settings.FACTCHECK_FETCH_ALLOWED_ADDRESSES,
        allowed_ports=settings.FACTCHECK_FETCH_ALLOWED_PORTS,
        max_bytes=settings.FACTCHECK_FETCH_MAX_BYTES,
        timeout=settings.FACTCHECK_FETCH_TIMEOUT_SECONDS,
    )
