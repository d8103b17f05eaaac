from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import roles as role_rules


class UserRoles:
    """What the current user may do, for templates (menus only: views check for themselves)."""

    def __init__(self, user):
        self.is_reviewer = role_rules.is_reviewer(user)
        self.is_editor = role_rules.is_editor(user)
        self.is_admin = role_rules.is_admin(user)
        # Only reviewers are assigned claims (factcheck/assignments): the "My queue" link.
        self.has_queue = role_rules.REVIEWER in role_rules.role_names(user)


def roles(request: HttpRequest) -> dict:
    # Lazy, so pages that never show the menu (htmx partials) cost no query.
    return {"roles": SimpleLazyObject(lambda: UserRoles(request.user))}
