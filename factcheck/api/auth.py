"""How an API request says who it is: `Authorization: Bearer <token>` (no CSRF: a token
is not sent by the browser on its own), or the browser's session cookie (with CSRF on
unsafe methods, ninja's SessionAuth). Either way `request.user` is the person, so the
access guards the pages use decide what the request may do: a token never does more than
its user. A read token is refused on every unsafe method, before any endpoint runs.

A bearer token that is sent but unknown, expired or revoked is 401 invalid_token even
when a session cookie comes along: a script must learn that its token is dead rather than
quietly act as whoever is logged in to the same browser."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from .models import ApiToken, hash_token
from .services import note_used

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class ReadOnlyToken(PermissionDenied):
    code = "read_only_token"


class InvalidToken(AuthenticationError):
    """Answered 401 invalid_token by api.py; ninja stops at it instead of trying the
    session."""

    def __init__(self) -> None:
        super().__init__(401, "This token is unknown, expired or revoked: create a new one.")


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = ApiToken.objects.select_related("user").filter(token_hash=hash_token(token)).first()
        now = timezone.now()
        if found is None or not found.is_usable(now) or not found.user.is_active:
            raise InvalidToken
        if request.method not in SAFE_METHODS and not found.can_write:
            raise ReadOnlyToken("This token is read-only: create a read-write token to write.")
        note_used(found)
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


class SessionCookieAuth(SessionAuth):
    """ninja's SessionAuth, also refusing a deactivated user. A request with no session
    cookie is simply not authenticated this way (401), rather than failing the CSRF check
    (403) on a session it does not have."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None
