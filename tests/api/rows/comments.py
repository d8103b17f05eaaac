"""Rows for comments: a claim's comments (list, add), one comment (edit, delete)."""

from typing import Any

from . import DELETE, EDIT, FORGED, FORGED_WRITE, WRITE, Op

# Only its author edits or deletes a comment: the editor and the admin get 404 for bob's,
# as if it did not exist (a read token is refused first).
NOT_THEIRS = {"read": 403, "read-write": 404, "session": 404}


def no_body(world) -> dict[str, Any]:
    return {}


def setup(world) -> None:
    """bob's and alice's comments on world.claim, and a comment on a claim deleted since."""
    from factcheck.claims.services import add_comment, delete_claim
    from tests.factories import make_claim

    alice = world.claim.created_by
    bob = world.users["reviewer"]
    world.extra["bobs_comment"] = add_comment(claim=world.claim, author=bob, body="Bob's")
    world.extra["alices_comment"] = add_comment(claim=world.claim, author=alice, body="Alice's")
    gone = make_claim(world.article, "It lists", created_by=alice)
    world.extra["gone_comment"] = add_comment(claim=gone, author=bob, body="Gone")
    delete_claim(claim=gone, deleted_by=alice)


def comment_body(world) -> dict[str, Any]:
    return {"body": "Page 12 lists them."}


def patch_body(world) -> dict[str, Any]:
    return {"body": "Page 13 lists them.", "version": 1}


def bobs(world) -> str:
    return f"/api/v1/comments/{world.extra['bobs_comment'].pk}"


OPS: dict[str, Op] = {
    "api:claim-comments": Op(
        "POST", lambda w: f"/api/v1/claims/{w.claim.pk}/comments", WRITE, comment_body
    ),
    "GET api:claim-comments": Op("GET", lambda w: f"/api/v1/claims/{w.claim.pk}/comments", 200),
    "api:comment": Op("PATCH", bobs, EDIT, patch_body),
    "DELETE api:comment": Op("DELETE", bobs, DELETE, no_body),
}
ROLE_EXCEPTIONS = {
    (name, role): NOT_THEIRS
    for name in ("api:comment", "DELETE api:comment")
    for role in ("editor", "admin")
}


def alices(world) -> str:
    return f"/api/v1/comments/{world.extra['alices_comment'].pk}"


def gone(world) -> str:
    return f"/api/v1/comments/{world.extra['gone_comment'].pk}"


FORGED_OPS: dict[str, Op] = {
    "claim-comments": Op("GET", lambda w: f"/api/v1/claims/{FORGED}/comments", 404),
    "deleted-claim-comments": Op("GET", lambda w: f"/api/v1/claims/{w.deleted.pk}/comments", 404),
    "add-comment": Op(
        "POST", lambda w: f"/api/v1/claims/{FORGED}/comments", FORGED_WRITE, comment_body
    ),
    "add-comment-to-deleted-claim": Op(
        "POST", lambda w: f"/api/v1/claims/{w.deleted.pk}/comments", FORGED_WRITE, comment_body
    ),
    "patch-comment": Op("PATCH", lambda w: f"/api/v1/comments/{FORGED}", FORGED_WRITE, patch_body),
    "patch-someone-elses-comment": Op("PATCH", alices, FORGED_WRITE, patch_body),
    "patch-comment-on-deleted-claim": Op("PATCH", gone, FORGED_WRITE, patch_body),
    "delete-comment": Op("DELETE", lambda w: f"/api/v1/comments/{FORGED}", FORGED_WRITE, no_body),
    "delete-someone-elses-comment": Op("DELETE", alices, FORGED_WRITE, no_body),
    "delete-comment-on-deleted-claim": Op("DELETE", gone, FORGED_WRITE, no_body),
}
