"""Input rules shared by forms and services (the services enforce them; forms show them)."""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

from factcheck.core.forms import refuse_markup

URL_MAX = 2000
ALLOWED_SCHEMES = ("http", "https")
# Whitespace, controls and the Unicode line/paragraph separators: never inside a URL we link.
_BAD_URL_CHARACTERS = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u2028\u2029\\]")


def validate_source_url(value: str) -> str:
    """An http or https address with a host and no credentials; returns it unchanged.

    Everything else is refused with a message people understand: other schemes
    (javascript:, data:, file:, ftp:, ...) could run code or reach local files from our
    pages, and credentials in a link leak secrets to every reader.
    """
    if not value:
        raise ValidationError("Enter a web address.", code="required")
    if len(value) > URL_MAX:
        raise ValidationError(
            f"The address is too long (at most {URL_MAX} characters).", code="long"
        )
    if _BAD_URL_CHARACTERS.search(value):
        raise ValidationError(
            "The address contains spaces, backslashes or control characters.", code="characters"
        )
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as error:
        raise ValidationError("This is not a valid web address.", code="invalid") from error
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = f"“{scheme}:” " if scheme else ""
        raise ValidationError(
            f"Only http and https addresses are allowed; {shown or 'this '}address is refused.",
            code="scheme",
        )
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise ValidationError(
            "The address must not contain a user name or password.", code="credentials"
        )
    if not parts.hostname or (port is None and parts.netloc.endswith(":")):
        raise ValidationError("The address has no host name.", code="host")
    return value


def clean_text(value: str, *, limit: int | None = None, field: str = "text") -> str:
    """Plain text as typed, trimmed; rendered escaped everywhere (never marked safe).
    HTML or script markup is refused (ValidationError code "markup"), naming the field."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()
    refuse_markup(value, field=field)
    if limit is not None and len(value) > limit:
        raise ValidationError(
            f"The {field} is too long: {len(value)} characters, at most {limit}.", code="long"
        )
    return value
