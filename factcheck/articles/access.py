"""Every permission-checked read of an article goes through here (DESIGN: "Who may do what")."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404

from factcheck.core import roles

from .models import Article, Revision


def require_reader(user: Any) -> None:
    """Reviewers, editors and admins read articles; a logged-in user with no role does not."""
    if not roles.is_reviewer(user):
        raise PermissionDenied("You need the reviewer or editor role to read articles.")


def require_importer(user: Any) -> None:
    if not roles.is_editor(user):
        raise PermissionDenied("Only editors import articles.")


def articles_for_listing(user: Any) -> Any:
    require_reader(user)
    return Article.objects.for_listing()


def article_for_reading(user: Any, article_id: int) -> Article:
    """With `kept_page_id`: the newest page kept as evidence for it (the reading page's link),
    in the same query."""
    from factcheck.fetching.models import PageSnapshot  # fetching builds on articles

    require_reader(user)
    kept = PageSnapshot.objects.filter(article_id=OuterRef("pk")).order_by("-fetched_at", "-pk")
    return get_object_or_404(
        Article.objects.select_related("current_revision", "created_by").annotate(
            kept_page_id=Subquery(kept.values("pk")[:1])
        ),
        pk=article_id,
    )


def article_for_revising(user: Any, article_id: int) -> Article:
    """New revisions are corrections of the record: editors and admins only."""
    require_importer(user)
    return article_for_reading(user, article_id)


def revision_for_reading(user: Any, article_id: int, number: int) -> Any:
    """One revision of an article, any of them (old revisions stay readable)."""
    require_reader(user)
    return get_object_or_404(
        Revision.objects.select_related("article"), article_id=article_id, number=number
    )
