"""Every permission-checked read of claims, reviews, sources and comments (DESIGN.md "Who
may do what"). Views fetch through here, never with Model.objects.get on a URL id.

Reviewers, editors and admins read claims and create claims, reviews, sources and
comments. A claim's description (summary, claimant, tags) is shared work that any of them
may edit under the optimistic lock; deleting a claim is for its creator or an editor. A
review, source or comment is edited only by its author: anyone else's id answers 404, as
if it did not exist.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from factcheck.articles.access import article_for_reading, require_reader
from factcheck.core import roles

from .models import Claim, Comment, Review, Source


def claim_for_reading(user: Any, claim_id: int) -> Claim:
    require_reader(user)
    return get_object_or_404(Claim.objects.visible().select_related("article"), pk=claim_id)


def claim_for_panel(user: Any, claim_id: int) -> Claim:
    """The claim with everything its panel shows, in a fixed number of queries."""
    require_reader(user)
    queryset = (
        Claim.objects.visible()
        .select_related("article", "created_by")
        .prefetch_related(
            "tags",
            Prefetch("reviews", Review.objects.select_related("rating", "reviewer").order_by("pk")),
            Prefetch("sources", Source.objects.visible().select_related("added_by").order_by("pk")),
            Prefetch(
                "comments", Comment.objects.visible().select_related("author").order_by("pk")
            ),
        )
    )
    return get_object_or_404(queryset, pk=claim_id)


def claim_for_editing(user: Any, claim_id: int) -> Claim:
    """Summary, claimant, tags: shared by everyone who works on the article."""
    return claim_for_reading(user, claim_id)


def claim_for_deleting(user: Any, claim_id: int) -> Claim:
    claim = claim_for_reading(user, claim_id)
    if claim.created_by_id != user.pk and not roles.is_editor(user):
        raise PermissionDenied("Only the person who marked a claim, or an editor, may delete it.")
    return claim


def claim_for_reviewing(user: Any, claim_id: int) -> Claim:
    return claim_for_reading(user, claim_id)


def own_review(user: Any, claim: Claim) -> Review | None:
    return (
        Review.objects.select_related("rating", "reviewer")
        .filter(claim=claim, reviewer=user)
        .first()
    )


def review_for_editing(user: Any, review_id: int) -> Review:
    require_reader(user)
    return get_object_or_404(
        Review.objects.select_related("rating", "reviewer", "claim").filter(
            claim__deleted_at__isnull=True
        ),
        pk=review_id,
        reviewer=user,
    )


def source_for_editing(user: Any, source_id: int) -> Source:
    require_reader(user)
    return get_object_or_404(
        Source.objects.visible().select_related("claim").filter(claim__deleted_at__isnull=True),
        pk=source_id,
        added_by=user,
    )


def comment_for_editing(user: Any, comment_id: int) -> Comment:
    require_reader(user)
    return get_object_or_404(
        Comment.objects.visible().select_related("claim").filter(claim__deleted_at__isnull=True),
        pk=comment_id,
        author=user,
    )


def article_for_claims(user: Any, article_id: int) -> Any:
    return article_for_reading(user, article_id)


def require_changes_reader(user: Any) -> None:
    require_reader(user)


def claim_for_history(user: Any, claim_id: int) -> Claim:
    """Deleted claims keep their timeline (a deletion is part of the record)."""
    require_reader(user)
    return get_object_or_404(Claim.objects.select_related("article"), pk=claim_id)


def work_of(person: Any) -> dict[str, Any]:
    """A person's claims, reviews and sources, newest first (the "my work" page), using the
    (user, id) indexes on each table."""
    return {
        "claims": Claim.objects.visible().filter(created_by=person).select_related("article")
        .order_by("-pk")[:100],
        "reviews": Review.objects.filter(reviewer=person, claim__deleted_at__isnull=True)
        .select_related("claim", "rating").order_by("-pk")[:100],
        "sources": Source.objects.visible().filter(added_by=person, claim__deleted_at__isnull=True)
        .select_related("claim").order_by("-pk")[:100],
    }
