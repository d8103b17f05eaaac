"""Authentication backend that loads the user with their role flags (factcheck/core/roles.py)
in the same query, so a request that checks a role costs no extra query for it."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from . import roles


class RoleAwareBackend(ModelBackend):
    """ModelBackend (passwords, is_active, permissions), but `get_user` (called on every
    request by AuthenticationMiddleware) annotates one EXISTS per role group and leaves
    the answer where roles.role_names looks first."""

    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        memberships = model.groups.through.objects.filter(user_id=OuterRef("pk"))
        flags = {
            f"has_role_{name}": Exists(memberships.filter(group__name=name))
            for name in roles.ROLE_GROUPS
        }
        try:
            user = model._default_manager.annotate(**flags).get(pk=user_id)
        except model.DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        held = {name for name in roles.ROLE_GROUPS if getattr(user, f"has_role_{name}")}
        roles.remember(user, held)
        return user
