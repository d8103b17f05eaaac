"""Start-up checks for the servers (WSGI/ASGI, and so runserver and gunicorn)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_secret_key() -> None:
    """Refuse to serve without a real secret key: sessions, CSRF tokens and password
    reset links are all signed with it."""
    # settings.SECRET_KEY itself raises when empty; the flag lets us say what to do.
    if settings.SECRET_KEY_MISSING:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DJANGO_DEBUG=1 for local development."
        )
