"""Permission-checked reads of people (DESIGN: editors see who is who; admins change roles)."""

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from . import roles


def people_for_listing(user: Any) -> QuerySet[User]:
    if not roles.is_editor(user):
        raise PermissionDenied("Only editors and admins see the people page.")
    return User.objects.prefetch_related("groups").order_by("username")


def person_for_role_change(user: Any, person_id: int) -> User:
    if not roles.is_admin(user):
        raise PermissionDenied("Only admins change roles.")
    person = get_object_or_404(User, pk=person_id)
    if person.pk == user.pk:
        # Locking yourself out by accident is too easy; another admin can do it.
        raise PermissionDenied("You cannot change your own role or deactivate yourself.")
    return person
