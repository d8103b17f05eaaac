"""Every write on API tokens. Creating and revoking are history events ("token.created",
"token.revoked"); noting the last use is bookkeeping, like Django's last_login, and is not."""

import datetime as dt
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from factcheck.history.services import record
from factcheck.text.markup import find_markup

from .models import ApiToken, hash_token

PREFIX = "fct_"  # lets secret scanners and people recognise a workbench token
NAME_MAX = 100
# A token's last use is written at most this often: a script making 50 requests a second
# would otherwise update its row 50 times a second.
LAST_USED_EVERY = dt.timedelta(minutes=1)


class TokenRejected(ValueError):
    pass


def end_of_day(day: dt.date) -> dt.datetime:
    """A token that `expires on` a day works through that day (UTC)."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)


@transaction.atomic
def create_token(
    *,
    user: Any,
    name: str,
    scope: str = ApiToken.Scope.READ,
    expires_at: dt.datetime | None = None,
    created_by: Any = None,
) -> tuple[ApiToken, str]:
    """A new token for `user` and its text, which is not stored anywhere: the caller shows
    it once."""
    name = name.strip()
    if not name or len(name) > NAME_MAX:
        raise TokenRejected(f"A token needs a name of 1 to {NAME_MAX} characters.")
    if find_markup(name) is not None:
        raise TokenRejected("A token's name is plain text: HTML markup is refused.")
    if scope not in ApiToken.Scope.values:
        raise TokenRejected(f"Unknown scope {scope!r}: read or read-write.")
    if expires_at is not None and expires_at <= timezone.now():
        raise TokenRejected("The expiry date is in the past.")
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        scope=scope,
        prefix=raw[: len(PREFIX) + 6],
        token_hash=hash_token(raw),
        expires_at=expires_at,
    )
    record(actor=created_by or user, action="token.created", target=token, after=token.as_event())
    return token, raw


@transaction.atomic
def revoke_token(*, token: ApiToken, revoked_by: Any) -> ApiToken:
    """Revoking twice changes nothing and records nothing."""
    current = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if current.revoked_at is not None:
        return current
    current.revoked_at = timezone.now()
    current.revoked_by = revoked_by
    current.save(update_fields=["revoked_at", "revoked_by"])
    record(actor=revoked_by, action="token.revoked", target=current, before=current.as_event())
    return current


def note_used(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
