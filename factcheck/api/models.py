"""Personal access tokens for the JSON API (/api/v1/, factcheck/api/routes/).

A token is shown once, when it is created (services.create_token), and stored as the
SHA-256 of its text: the token has 256 bits of randomness, so a plain hash is enough (no
salt or slow hash needed) and lets a request find its token with one indexed lookup. The
short `prefix` is the part a person sees in lists, to tell their tokens apart.
"""

import datetime as dt
import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class TokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self, now: dt.datetime | None = None) -> "TokenQuerySet":
        """Neither revoked nor expired."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", "read"
        READ_WRITE = "read-write", "read and write"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    scope = models.CharField(max_length=10, choices=Scope, default=Scope.READ)
    prefix = models.CharField(max_length=16)  # the token's first characters, shown in lists
    token_hash = models.CharField(max_length=64, unique=True)  # auth.TokenAuth looks it up
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = TokenQuerySet.as_manager()

    class Meta:
        verbose_name = "API token"
        # The settings page lists one user's tokens, newest first.
        indexes = [models.Index(fields=["user", "-created_at"], name="api_token_user_created")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE

    def is_usable(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    def as_event(self) -> dict[str, object]:
        """What history keeps of a token: never its hash."""
        return {
            "name": self.name,
            "scope": self.scope,
            "prefix": self.prefix,
            "owner": self.user.get_username(),
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
        }
