"""Permission-checked reads for the history pages (DESIGN.md "Who may do what")."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from factcheck.articles.access import require_reader
from factcheck.core import roles

from .models import Event


def person_for_work_page(viewer: Any, username: str) -> Any:
    """A reviewer sees only their own work page; editors and admins see anyone's."""
    require_reader(viewer)
    if username != viewer.get_username() and not roles.is_editor(viewer):
        raise PermissionDenied("Only editors can see another person's work.")
    return get_object_or_404(get_user_model(), username=username)


def events_seen_by(viewer: Any) -> Any:
    """Every event some history page shows `viewer` (the API's event feed): an article's
    activity page holds every event on an article (its claims' included) for anyone who
    reads articles; the work pages add the viewer's own events, and editors see anyone's
    work page. What those pages then redact (blind review, hidden content, flag reasons) is
    redacted on each page of events: claims.access.events_shown_to,
    moderation.access.events_without_hidden_content."""
    require_reader(viewer)
    seen = Q(article__isnull=False)
    seen |= Q(actor__isnull=False) if roles.is_editor(viewer) else Q(actor=viewer)
    return Event.objects.filter(seen)
