"""Reviews: one per reviewer per claim. The list and the read show what the claim panel
shows the user (blind review, hidden reviews: claims/access.py); the caller's own review
is written with the panel's review form and service (services.save_own_review)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Status

from factcheck.api.schemas.common import ErrorOut
from factcheck.api.schemas.reviews import ReviewIn, ReviewList, ReviewOut, StaleReviewOut
from factcheck.claims import access as claim_access
from factcheck.claims import services as claim_services
from factcheck.claims.forms import ReviewForm
from factcheck.claims.locking import StaleVersion
from factcheck.claims.models import Rating, Review
from factcheck.notifications.mentions import mark_mentions

from .common import READ_ERRORS, IfMatch, PathId, Refused, expected_version, form_refused

router = Router(tags=["reviews"])


@router.get(
    "/claims/{claim_id}/reviews",
    response={200: ReviewList} | READ_ERRORS,
    url_name="claim-reviews",
    summary="List the reviews of a claim you may see",
)
def list_reviews(request: HttpRequest, claim_id: PathId) -> Any:
    """Exactly the reviews the claim panel shows you, oldest first: with blind review on
    (the article's setting), a reviewer sees only their own until they have reviewed the
    claim, and `withheld` says how many others there are. Hidden reviews show to editors
    and to their author. Not paginated: one review per reviewer."""
    user = request.user
    claim = claim_access.claim_for_reading(user, claim_id)
    every = list(claim_access.reviews_for_panel(user).filter(claim=claim))
    shown = claim_access.reviews_shown_to(user, claim, every)
    mark_mentions(claim.pk, reviews=shown)
    return {"items": shown, "withheld": len(every) - len(shown)}


@router.get(
    "/claims/{claim_id}/reviews/mine",
    response={200: ReviewOut} | READ_ERRORS,
    url_name="my-review",
    summary="Read your own review of a claim",
)
def read_my_review(request: HttpRequest, claim_id: PathId) -> Any:
    """404 when you have not reviewed the claim (or there is no such claim)."""
    claim = claim_access.claim_for_reading(request.user, claim_id)
    own = claim_access.reviews_for_panel(request.user).filter(claim=claim, reviewer=request.user)
    review = own.first()
    if review is None:
        raise Http404("You have not reviewed this claim.")
    mark_mentions(claim.pk, reviews=[review])
    return review


@router.put(
    "/claims/{claim_id}/reviews/mine",
    response={200: ReviewOut, 201: ReviewOut, 400: ErrorOut, 409: StaleReviewOut, 428: ErrorOut}
    | READ_ERRORS,
    url_name="my-review",
    summary="Create or update your own review of a claim",
)
def save_my_review(
    request: HttpRequest, claim_id: PathId, payload: ReviewIn, if_match: IfMatch = None
) -> Any:
    """The claim panel's review form checks the fields and its service saves them, so the
    API refuses what the form does (400 invalid). 201 when the review is new, 200 when it
    updated yours: an update needs the version you read (428 without, 409 stale_version
    with the stored review when it moved on). A locked claim is 403 claim_locked for
    reviewers; a review an editor hid cannot be changed (403) until it is unhidden."""
    user = request.user
    claim = claim_access.claim_for_reviewing(user, claim_id)
    # No version at all means "I have no review yet"; the service refuses that when one
    # exists, and that refusal is the 428 below, not a conflict.
    sent_version = payload.version is not None or if_match is not None
    version = expected_version(if_match, payload.version) if sent_version else None
    ratings = list(Rating.objects.of_default_scale())
    form = ReviewForm(review_data(payload, ratings, version), ratings=ratings)
    if not form.is_valid():
        raise form_refused(form, "The review form refused this.")
    data = form.cleaned_data
    try:
        saved = claim_services.save_own_review(
            claim_id=claim.pk,
            reviewer=user,
            expected_version=version,
            rating=data["rating"],
            rationale=data["rationale"],
            confidence=data["confidence"],
        )
    except StaleVersion as error:
        raise stale_review(request, error, sent_version) from error
    except ValidationError as error:
        raise Refused(400, "invalid", " ".join(error.messages)) from error
    mark_mentions(claim.pk, reviews=[saved.review])
    # A new review starts at version 1; an update always moves it past that.
    return Status(201 if saved.review.version == 1 else 200, saved.review)


def review_data(payload: ReviewIn, ratings: list[Rating], version: int | None) -> dict[str, Any]:
    """The form's fields from the JSON body; a rating slug becomes the id the form takes."""
    by_slug = {rating.slug: rating.pk for rating in ratings}
    rating = (
        by_slug.get(payload.rating, payload.rating)
        if isinstance(payload.rating, str)
        else payload.rating
    )
    return {
        "rating": rating,
        "rationale": payload.rationale,
        "confidence": payload.confidence,
        "version": "" if version is None else version,
    }


def stale_review(request: HttpRequest, error: StaleVersion, sent_version: bool) -> Exception:
    current = error.current
    if not isinstance(current, Review):  # the claim went while the request ran
        return Http404("No such claim.")
    if not sent_version:
        return Refused(
            428,
            "precondition_required",
            "You have reviewed this claim already: send your review's version as "
            'If-Match: "<version>" or a version field to update it.',
        )
    mark_mentions(current.claim_id, reviews=[current])
    stored = ReviewOut.model_validate(current, context={"request": request})
    return Refused(
        409,
        "stale_version",
        "Your review changed since you read it: merge with the stored review and retry.",
        stored=stored.model_dump(mode="json"),
    )


@router.get(
    "/reviews/{review_id}",
    response={200: ReviewOut} | READ_ERRORS,
    url_name="review",
    summary="Read a review",
)
def read_review(request: HttpRequest, review_id: PathId) -> Any:
    """404 when the claim panel would not show you the review: another reviewer's under
    blind review before you have reviewed the claim, or hidden by an editor."""
    review = claim_access.review_for_reading(request.user, review_id)
    mark_mentions(review.claim_id, reviews=[review])
    return review
