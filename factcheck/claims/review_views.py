"""The review save (POST claims:review) and its htmx answer: the claim panel's review
region alone (claims/claim.html#review-panel), with the claim's status badge out of band.

Apart from views.py because it is the hot path: reviewers save many reviews a day, and
bench/bench_claims.py times this save. So it answers with the review region alone, never
the whole panel, and each function here says which reads it saves. The region's context
(views.reviews_context) stays in views.py because the whole panel (views.panel_context)
draws the region too: this module imports from views, never the other way round. A
refused plain form post gets the whole claim page (views.panel_response), as every other
panel form does.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from factcheck.core import roles
from factcheck.notifications.mentions import mark_mentions

from . import access, services
from .forms import ReviewForm
from .locking import StaleVersion
from .models import Claim, Rating, Review
from .views import claim_summary, gone, panel_response, rebound, reviews_context


@require_POST
def save_review(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Create the user's review, or update it when they have one (the form sends the
    version it read). Whose review is decided by the login, never by the form. htmx gets
    the review panel alone and the status badge out of band: nothing else in the panel
    depends on reviews, and re-rendering all of it cost four times the save itself. The
    service reads the claim under its lock, so a valid save reads it once; the answer to
    a refused save reads it once itself (refused_review)."""
    access.require_claim_worker(request.user)
    ratings = list(Rating.objects.of_default_scale())
    form = ReviewForm(request.POST, ratings=ratings)
    if not form.is_valid():
        return refused_review(request, claim_id, ratings, status=400, review_form=form)
    data = form.cleaned_data
    try:
        saved = services.save_own_review(
            claim_id=claim_id,
            reviewer=request.user,
            expected_version=data["version"],
            rating=data["rating"],
            rationale=data["rationale"],
            confidence=data["confidence"],
        )
    except StaleVersion as stale:
        if stale.current is None:
            raise Http404("No such claim.") from None
        if not isinstance(stale.current, Review):
            return gone(request)
        form = rebound(ReviewForm, request.POST, stale.current.version, ratings=ratings)
        conflict = {"review": stale.current}
        return refused_review(
            request, claim_id, ratings, status=409, review_form=form, conflict=conflict
        )
    except ValidationError as error:
        form.add_error(None, error)
        return refused_review(request, claim_id, ratings, status=400, review_form=form)
    if not request.htmx:
        return redirect("claims:detail", claim_id)
    response = review_response(request, saved.claim, ratings, all_reviews=saved.reviews)
    return trigger_client_event(response, "claim-changed", claim_summary(saved.claim))


def refused_review(
    request: HttpRequest,
    claim_id: int,
    ratings: list[Rating],
    *,
    status: int,
    review_form: ReviewForm,
    conflict: dict[str, Any] | None = None,
) -> HttpResponse:
    """A refused save (400, 409) shows the user's input again: htmx in the review region,
    a plain form post on the whole claim page. The page reads the claim through
    access.claim_for_panel, which refuses exactly as claim_for_reviewing does (403 without
    a role, 404 for a missing or deleted claim), so it is read here for htmx only."""
    if not request.htmx:
        context = {"review_form": review_form, "conflict": conflict, "ratings": ratings}
        return panel_response(request, claim_id, status=status, **context)
    claim = access.claim_for_reviewing(request.user, claim_id)
    return review_response(
        request, claim, ratings, status=status, review_form=review_form, conflict=conflict
    )


def review_response(
    request: HttpRequest,
    claim: Claim,
    ratings: list[Rating],
    *,
    status: int = 200,
    review_form: ReviewForm | None = None,
    conflict: dict[str, Any] | None = None,
    all_reviews: list[Review] | None = None,
) -> HttpResponse:
    """The review region and the claim's status badge, out of band: an htmx answer (a
    plain form post gets a redirect or, refused, the page). `all_reviews`: the claim's
    reviews as the save left them (services.SavedReview), when there was one."""
    user = request.user
    if all_reviews is None:
        all_reviews = list(access.reviews_for_panel(user).filter(claim=claim))
    else:
        all_reviews = access.reviews_for_panel_of(user, all_reviews)
        # The scale is loaded already; a review on a rating of another scale loads its own.
        by_pk = {rating.pk: rating for rating in ratings}
        for review in all_reviews:
            if review.rating_id in by_pk:
                review.rating = by_pk[review.rating_id]
    context = reviews_context(request, claim, all_reviews, ratings, review_form)
    mark_mentions(claim.pk, reviews=context["reviews"])
    context |= {"claim": claim, "can_edit": access.claim_is_open_for(user, claim)}
    context |= {"conflict": conflict or {}, "is_editor": roles.is_editor(user)}
    return render(request, "claims/review_saved.html", context, status=status)
