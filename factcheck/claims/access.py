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
from django.db.models import JSONField, OuterRef, Prefetch, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from factcheck.articles.access import require_reader
from factcheck.core import roles
from factcheck.fetching.models import source_archive_annotations

from .listing import ReadingClaim
from .models import Claim, Comment, Review, Source


class ClaimLocked(PermissionDenied):
    """A reviewer's write on a claim an editor locked (answered 403 with this message)."""

    code = "claim_locked"  # the API's error code (factcheck/api/api.py, forbidden)

    def __init__(self, claim: Claim) -> None:
        self.claim = claim
        super().__init__(
            "This claim is locked by an editor: reviews, sources, comments and its description "
            "cannot be changed until an editor unlocks it."
        )


def claim_is_open_for(user: Any, claim: Claim) -> bool:
    """Whether `user` may change the claim and what hangs on it (reviews, sources,
    comments): anyone who may work on it while it is unlocked, only editors while locked."""
    return claim.locked_at is None or roles.is_editor(user)


def ensure_claim_open_for(user: Any, claim: Claim) -> None:
    """The one lock check. The claims services call it on the row they locked, so views,
    the API, admin actions and commands all obey it."""
    if not claim_is_open_for(user, claim):
        raise ClaimLocked(claim)


def claim_for_reading(user: Any, claim_id: int) -> Claim:
    require_reader(user)
    return get_object_or_404(Claim.objects.visible().select_related("article"), pk=claim_id)


def claim_for_panel(user: Any, claim_id: int) -> Claim:
    """The claim with everything its panel shows, in a fixed number of queries. Hidden
    reviews, sources and comments are left out, except for editors (who see them marked)."""
    require_reader(user)
    queryset = (
        Claim.objects.visible()
        # Why the rules suggested it, when the claim was made from a suggestion
        # (suggestions.services.accept_suggestion): in the claim's own query.
        .annotate(suggested_because=suggested_because())
        .select_related("article", "created_by", "locked_by")
        .prefetch_related(
            "tags",
            Prefetch("reviews", reviews_for_panel(user)),
            Prefetch("sources", sources_for_panel(user)),
            Prefetch("comments", comments_for_panel(user)),
        )
    )
    return get_object_or_404(queryset, pk=claim_id)


def suggested_because() -> Subquery:
    from factcheck.suggestions.models import SuggestionDecision  # suggestions builds on claims

    accepted = SuggestionDecision.objects.filter(
        claim=OuterRef("pk"), decision=SuggestionDecision.Decision.ACCEPTED
    )
    return Subquery(accepted.order_by("pk").values("reasons")[:1], output_field=JSONField())


def sources_for_panel(user: Any) -> Any:
    """The sources the claim panel lists (hidden ones for editors only), oldest first, with
    who added and who hid each, and the state of each one's kept copy (fetching.archive);
    the API's source list and read show the same."""
    return (
        Source.objects.for_viewer(user)
        .select_related("added_by", "hidden_by")
        .annotate(**source_archive_annotations())
        .order_by("pk")
    )


def comments_for_panel(user: Any) -> Any:
    """The comments the claim panel lists (hidden ones for editors only), oldest first; the
    API's comment list shows the same."""
    return Comment.objects.for_viewer(user).select_related("author", "hidden_by").order_by("pk")


def reviews_for_panel(user: Any) -> Any:
    """The reviews the claim panel lists (hidden ones for editors and their authors only),
    oldest first, with what each row shows."""
    return (
        Review.objects.for_viewer(user, author_field="reviewer")
        .select_related("rating", "reviewer", "hidden_by")
        .order_by("pk")
    )


def reviews_for_panel_of(user: Any, reviews: list[Review]) -> list[Review]:
    """reviews_for_panel's choice, made on reviews already loaded (with hidden ones)."""
    editor = roles.is_editor(user)
    return [
        review
        for review in reviews
        if review.is_shown_to(user, author_field="reviewer", editor=editor)
    ]


def claim_for_editing(user: Any, claim_id: int) -> Claim:
    """Summary, claimant, tags: shared by everyone who works on the article."""
    return claim_for_reading(user, claim_id)


def claim_for_deleting(user: Any, claim_id: int) -> Claim:
    claim = claim_for_reading(user, claim_id)
    if claim.created_by_id != user.pk and not roles.is_editor(user):
        raise PermissionDenied("Only the person who marked a claim, or an editor, may delete it.")
    return claim


def require_claim_worker(user: Any) -> None:
    """Who may write reviews on claims: reviewers, editors, admins. For the review save,
    whose service reads the claim itself (under its lock)."""
    require_reader(user)


def claim_for_reviewing(user: Any, claim_id: int) -> Claim:
    return claim_for_reading(user, claim_id)


def review_for_editing(user: Any, review_id: int) -> Review:
    require_reader(user)
    return get_object_or_404(
        Review.objects.select_related("rating", "reviewer", "claim").filter(
            claim__deleted_at__isnull=True
        ),
        pk=review_id,
        reviewer=user,
    )


def source_for_reading(user: Any, source_id: int) -> Source:
    """One source as the claim panel shows it to `user` (404 when hidden from them)."""
    require_reader(user)
    return get_object_or_404(
        sources_for_panel(user).filter(claim__deleted_at__isnull=True), pk=source_id
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


def require_changes_reader(user: Any) -> None:
    require_reader(user)


def claim_for_history(user: Any, claim_id: int) -> Claim:
    """Deleted claims keep their timeline (a deletion is part of the record)."""
    require_reader(user)
    return get_object_or_404(Claim.objects.select_related("article"), pk=claim_id)


def work_of(person: Any, viewer: Any = None) -> dict[str, Any]:
    """A person's claims, reviews and sources, newest first (the "my work" page), using the
    (user, id) indexes on each table. Hidden items show only to an editor `viewer`."""
    viewer = person if viewer is None else viewer
    return {
        "claims": Claim.objects.visible()
        .filter(created_by=person)
        .select_related("article")
        .order_by("-pk")[:100],
        "reviews": Review.objects.for_viewer(viewer)
        .filter(reviewer=person, claim__deleted_at__isnull=True)
        .select_related("claim", "rating")
        .order_by("-pk")[:100],
        "sources": Source.objects.for_viewer(viewer)
        .filter(added_by=person, claim__deleted_at__isnull=True)
        .select_related("claim")
        .order_by("-pk")[:100],
    }


# --- blind review -------------------------------------------------------------------------
# DESIGN.md: with an article's blind review on (the default), a reviewer does not see other
# reviewers' ratings or rationales on a claim until they have submitted their own; editors
# and admins always see all. can_see_others_reviews is the one rule; the helpers below apply
# it to the read paths that show reviews (panel, reading list and its filters, the live
# poll's rows, the timelines), so no template has to remember it.

REDACTED_REVIEW_FIELDS = ("rating", "rating_label", "rationale", "confidence")


def can_see_others_reviews(
    user: Any, claim: Claim, *, reviews: Any = None, blind_review: bool | None = None
) -> bool:
    """`reviews` (the claim's reviews, when the caller has them loaded) and `blind_review`
    (the article's setting, when the caller knows it) save the queries otherwise made."""
    if blind_review is None:
        blind_review = claim.article.blind_review
    if sees_every_review(user, blind_review):
        return True
    if reviews is None:
        return Review.objects.filter(claim=claim, reviewer=user).exists()
    return _has_reviewed(user, reviews)


def sees_every_review(user: Any, blind_review: bool) -> bool:
    """The part of the rule that holds for a whole article: editors and admins, or blind
    review off."""
    return not blind_review or roles.is_editor(user)


def _has_reviewed(user: Any, reviews: Any) -> bool:
    return any(review.reviewer_id == user.pk for review in reviews)


def reviews_shown_to(
    user: Any, claim: Claim, reviews: Any = None, *, blind_review: bool | None = None
) -> list[Review]:
    """The claim's reviews `user` may see: all of them, or only their own under blind review.
    `reviews` defaults to claim.reviews.all() (prefetched by the read paths)."""
    reviews = list(claim.reviews.all() if reviews is None else reviews)
    if can_see_others_reviews(user, claim, reviews=reviews, blind_review=blind_review):
        return reviews
    return [review for review in reviews if review.reviewer_id == user.pk]


def review_for_reading(user: Any, review_id: int) -> Review:
    """One review as the claim panel shows it to `user`: 404, as if it did not exist, when
    the panel would not list it (hidden from them, or another reviewer's under blind review
    before they have reviewed the claim)."""
    require_reader(user)
    reviews = reviews_for_panel(user).select_related("claim__article")
    review = get_object_or_404(reviews.filter(claim__deleted_at__isnull=True), pk=review_id)
    if review.reviewer_id != user.pk and not can_see_others_reviews(user, review.claim):
        raise Http404("No such review.")
    return review


def with_shown_reviews(
    user: Any, claims: list[ReadingClaim], *, blind_review: bool
) -> list[ReadingClaim]:
    """Sets `claim.shown_reviews` on listing.ReadingClaim rows of one article (the reading
    page's list, the live poll's rows); listing.py reads only that, never claim.reviews, for
    chips and filters. The rows' reviews are those that are not hidden, so a reviewer whose
    only review is hidden sees no one else's."""
    # Decided once for the article, not per claim: 500 claims' role checks cost ~5 ms
    # (bench/bench_claims.py, reading page).
    sees_all = sees_every_review(user, blind_review)
    for claim in claims:
        reviews = claim.reviews
        claim.shown_reviews = reviews if sees_all or _has_reviewed(user, reviews) else []
    return claims


def events_shown_to(user: Any, events: Any) -> list[Any]:
    """History events as `user` may see them: another reviewer's review events on a claim the
    viewer has not reviewed yet (blind review on) lose the rating, rationale and confidence,
    and are marked `blinded`. One query for any number of events; none for editors."""
    events = list(events)
    if roles.is_editor(user):
        return events
    candidates = [
        event
        for event in events
        if event.action.startswith("review.") and event.claim_id and event.actor_id != user.pk
    ]
    if not candidates:
        return events
    blind = set(
        Claim.objects.filter(
            pk__in={event.claim_id for event in candidates}, article__blind_review=True
        )
        .exclude(reviews__reviewer=user)
        .values_list("pk", flat=True)
    )
    for event in candidates:
        if event.claim_id in blind:
            event.before = _redacted(event.before)
            event.after = _redacted(event.after)
            event.blinded = True
    return events


def _redacted(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {key: value for key, value in values.items() if key not in REDACTED_REVIEW_FIELDS}
