"""Roles are Django groups (created by core's migration); admins are staff users.

One place decides what a role may do, so access guards and templates agree.
"""

from typing import Any

REVIEWER = "reviewer"
EDITOR = "editor"
ROLE_GROUPS = (REVIEWER, EDITOR)


def role_names(user: Any) -> frozenset[str]:
    """The user's role group names: one query the first time a request asks, then kept on
    the user object, which AuthenticationMiddleware loads afresh for every request (so a
    role change acts on the next request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_factcheck_roles", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=ROLE_GROUPS).values_list("name", flat=True))
        user._factcheck_roles = cached
    return cached


def is_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff)


def is_editor(user: Any) -> bool:
    return is_admin(user) or EDITOR in role_names(user)


def is_reviewer(user: Any) -> bool:
    """Anyone who may work on articles: reviewers, editors and admins."""
    return is_editor(user) or REVIEWER in role_names(user)
