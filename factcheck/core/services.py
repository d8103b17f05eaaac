"""Writes about people: roles and deactivation. Each records its history event."""

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from factcheck.history.services import record

from . import roles


def role_of(user: User) -> str:
    """The one role shown for a user: admin, editor, reviewer or none."""
    if user.is_staff:
        return "admin"
    names = {group.name for group in user.groups.all()}
    if roles.EDITOR in names:
        return roles.EDITOR
    if roles.REVIEWER in names:
        return roles.REVIEWER
    return "none"


@transaction.atomic
def set_role(*, user: User, role: str, changed_by: Any) -> User:
    """Give a user exactly one role (reviewer, editor, admin, or none)."""
    if role not in (*roles.ROLE_GROUPS, "admin", "none"):
        raise ValueError(f"Unknown role {role!r}.")
    before = role_of(user)
    if before == role:
        return user
    user.groups.remove(*Group.objects.filter(name__in=roles.ROLE_GROUPS))
    if role in roles.ROLE_GROUPS:
        user.groups.add(Group.objects.get(name=role))
    user.is_staff = role == "admin"
    user.save(update_fields=["is_staff"])
    record(
        actor=changed_by,
        action="user.role_changed",
        target=user,
        before={"user": user.get_username(), "role": before},
        after={"user": user.get_username(), "role": role},
    )
    return user


def end_sessions(user: User) -> int:
    """Delete every stored session of this user, so they are logged out everywhere now."""
    user_id = str(user.pk)
    doomed = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == user_id
    ]
    # Through the session engine, not the table alone: were SESSION_ENGINE a cached one,
    # its cached copy must go too, or the session would outlive its row.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for session_key in doomed:
        store(session_key).delete()
    return len(doomed)


@transaction.atomic
def deactivate_user(*, user: User, deactivated_by: Any) -> User:
    """Stop a user from logging in and end their sessions at once. Their work and its
    history stay, under their name."""
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = end_sessions(user)
    record(
        actor=deactivated_by,
        action="user.deactivated",
        target=user,
        before={"user": user.get_username(), "active": True},
        after={"user": user.get_username(), "active": False, "sessions_ended": ended},
    )
    return user


@transaction.atomic
def reactivate_user(*, user: User, reactivated_by: Any) -> User:
    if user.is_active:
        return user
    user.is_active = True
    user.save(update_fields=["is_active"])
    record(
        actor=reactivated_by,
        action="user.reactivated",
        target=user,
        before={"user": user.get_username(), "active": False},
        after={"user": user.get_username(), "active": True},
    )
    return user
