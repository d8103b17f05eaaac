"""Who sees the dashboard: editors and admins (issue 4 "Dashboard")."""

from typing import Any

from django.core.exceptions import PermissionDenied

from factcheck.core import roles


def require_dashboard_reader(user: Any) -> None:
    if not roles.is_editor(user):
        raise PermissionDenied("Only editors and admins see the dashboard.")
