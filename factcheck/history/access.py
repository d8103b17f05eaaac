"""Permission-checked reads for the history pages (DESIGN.md "Who may do what")."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from factcheck.articles.access import require_reader
from factcheck.core import roles


def person_for_work_page(viewer: Any, username: str) -> Any:
    """A reviewer sees only their own work page; editors and admins see anyone's."""
    require_reader(viewer)
    if username != viewer.get_username() and not roles.is_editor(viewer):
        raise PermissionDenied("Only editors can see another person's work.")
    return get_object_or_404(get_user_model(), username=username)
