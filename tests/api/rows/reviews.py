"""Rows for reviews: a claim's reviews, one's own review (read, create or update) and one
review by id."""

from typing import Any

from . import FORGED, FORGED_WRITE, WRITE, Op


def setup(world) -> None:
    """`reviewed`: a claim every worker of the cast (and alice) has reviewed, so each may
    read their own review and alice's under blind review. `gone_review`: alice's review of
    a claim deleted since."""
    from factcheck.claims.services import delete_claim
    from tests.factories import make_claim, make_review

    alice = world.claim.created_by
    reviewed = make_claim(world.article, "The report", created_by=alice)
    world.extra["alice_review"] = make_review(reviewed, alice, "false")
    for role in ("reviewer", "editor", "admin"):
        make_review(reviewed, world.users[role], "true")
    gone = make_claim(world.article, "lists", created_by=alice)
    world.extra["gone_review"] = make_review(gone, alice, "true")
    delete_claim(claim=gone, deleted_by=alice)
    world.extra["reviewed"] = reviewed


def review_body(world) -> dict[str, Any]:
    return {"rating": "mostly-true", "rationale": "The report says so.", "confidence": "high"}


OPS: dict[str, Op] = {
    "api:claim-reviews": Op(
        "GET", lambda w: f"/api/v1/claims/{w.extra['reviewed'].pk}/reviews", 200
    ),
    "api:my-review": Op(
        "GET", lambda w: f"/api/v1/claims/{w.extra['reviewed'].pk}/reviews/mine", 200
    ),
    # Nobody in the cast has reviewed world.claim: the PUT creates their review.
    "PUT api:my-review": Op(
        "PUT", lambda w: f"/api/v1/claims/{w.claim.pk}/reviews/mine", WRITE, review_body
    ),
    "api:review": Op("GET", lambda w: f"/api/v1/reviews/{w.extra['alice_review'].pk}", 200),
}
FORGED_OPS: dict[str, Op] = {
    "claim-reviews": Op("GET", lambda w: f"/api/v1/claims/{FORGED}/reviews", 404),
    "deleted-claim-reviews": Op("GET", lambda w: f"/api/v1/claims/{w.deleted.pk}/reviews", 404),
    "my-review": Op("GET", lambda w: f"/api/v1/claims/{FORGED}/reviews/mine", 404),
    # The cast has not reviewed world.claim: there is no review of theirs to read.
    "my-missing-review": Op("GET", lambda w: f"/api/v1/claims/{w.claim.pk}/reviews/mine", 404),
    "put-my-review": Op(
        "PUT", lambda w: f"/api/v1/claims/{FORGED}/reviews/mine", FORGED_WRITE, review_body
    ),
    "put-my-review-on-deleted-claim": Op(
        "PUT", lambda w: f"/api/v1/claims/{w.deleted.pk}/reviews/mine", FORGED_WRITE, review_body
    ),
    "review": Op("GET", lambda w: f"/api/v1/reviews/{FORGED}", 404),
    "review-on-deleted-claim": Op(
        "GET", lambda w: f"/api/v1/reviews/{w.extra['gone_review'].pk}", 404
    ),
}
