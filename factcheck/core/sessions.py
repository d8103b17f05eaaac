"""Sessions read from a per-process cache, written through to the database.

Django's cached_db engine keeps a cached copy for the whole session age (two weeks). The
default cache is local memory, one per server process, so a session ended in one process
(logout, factcheck.core.services.end_sessions) could live on in another process's cache.
Here a cached copy lives at most SESSION_CACHE_SECONDS; then the database is asked again.
Deactivation and role or password changes still act at once everywhere: the user row is
read on every request (core.backends.RoleAwareBackend), and an inactive user or a changed
password hash ends the session there and then.
"""

from typing import Any

from django.conf import settings
from django.contrib.sessions.backends import cached_db


class _ShortLivedCache:
    """The session cache, with every timeout capped at SESSION_CACHE_SECONDS."""

    def __init__(self, cache: Any) -> None:
        self._cache = cache

    @staticmethod
    def _cap(timeout: Any) -> int:
        limit = settings.SESSION_CACHE_SECONDS
        return limit if timeout is None else max(0, min(int(timeout), limit))

    def set(self, key: str, value: Any, timeout: Any = None) -> None:
        self._cache.set(key, value, self._cap(timeout))

    async def aset(self, key: str, value: Any, timeout: Any = None) -> None:
        await self._cache.aset(key, value, self._cap(timeout))

    def __contains__(self, key: str) -> bool:
        return key in self._cache

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cache, name)


class SessionStore(cached_db.SessionStore):
    cache_key_prefix = "factcheck.session."

    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        self._cache = _ShortLivedCache(self._cache)
