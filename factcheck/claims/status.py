"""The review-derived status of a claim: one rule, applied wherever reviews change.

Status rule (after every review change): reviews that disagree on the rating make a claim
`contested`; at least one review and no disagreement, `in_review`; none, `open`. The
editor states (verified, dismissed, needs_recheck) are never touched here. Hidden reviews
do not count. The claims services apply it when a review is saved (services.py), the
editor's decisions when a claim is reopened (decisions.reopen_claim), and moderation on
hide and unhide (factcheck/moderation/services.py); callers hold the claim lock
(locking.lock_claim_row) so concurrent review writes each see every committed review.
"""

from django.utils import timezone

from .models import Claim, Review

EDITOR_STATES = frozenset(
    {Claim.Status.VERIFIED, Claim.Status.DISMISSED, Claim.Status.NEEDS_RECHECK}
)


def recompute_status(claim: Claim) -> str:
    """Re-derive open / in_review / contested from the claim's reviews (moderation calls
    this on hide and unhide) and store it."""
    return set_status(claim, status_from_reviews(claim))


def set_status(claim: Claim, status: str) -> str:
    """Store a review-derived status; an editor's state (verified, dismissed,
    needs_recheck) stays as it is."""
    if claim.status in EDITOR_STATES:
        return claim.status
    if status != claim.status:
        # Not a version bump: a review must not make a colleague's summary edit stale.
        # The exclude is a second guard, in the statement itself: an editor's state is
        # never overwritten from here.
        Claim.objects.filter(pk=claim.pk).exclude(status__in=EDITOR_STATES).update(
            status=status, updated_at=timezone.now()
        )
        claim.status = status
    return str(status)


def status_from_reviews(claim: Claim) -> str:
    """open / in_review / contested from the claim's reviews; also used when an editor
    reopens a claim (decisions.reopen_claim)."""
    # Hidden reviews do not count (moderation.services recomputes on hide and unhide).
    ratings = set(
        Review.objects.not_hidden().filter(claim=claim).values_list("rating_id", flat=True)
    )
    return status_for_ratings(ratings)


def status_for_ratings(ratings: set[int]) -> str:
    """The status rule: the distinct ratings of the counted (not hidden) reviews."""
    if not ratings:
        return str(Claim.Status.OPEN)
    return str(Claim.Status.CONTESTED if len(ratings) > 1 else Claim.Status.IN_REVIEW)
