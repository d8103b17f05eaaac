"""Rows for claims."""

from typing import Any

from . import DELETE, EDIT, FORGED, FORGED_WRITE, WRITE, Op


def claim_body(world) -> dict[str, Any]:
    text = world.article.current_revision.text
    start = text.index("35 pages")
    return {"start": start, "end": start + 8, "exact": "35 pages"}


def patch_body(world) -> dict[str, Any]:
    return {"summary": "Counts cases", "tags": ["labour"], "version": world.claim.version}


def delete_body(world) -> dict[str, Any]:
    return {"version": world.claim.version}


# Deleting is for the claim's creator (alice, not in the cast here) or an editor.
# Keys are URL names; a second method on the same URL is "<METHOD> <name>".
OPS: dict[str, Op] = {
    "api:article-claims": Op(
        "POST", lambda w: f"/api/v1/articles/{w.article.pk}/claims", WRITE, claim_body
    ),
    "GET api:article-claims": Op("GET", lambda w: f"/api/v1/articles/{w.article.pk}/claims", 200),
    "api:claim": Op("GET", lambda w: f"/api/v1/claims/{w.claim.pk}", 200),
    "PATCH api:claim": Op("PATCH", lambda w: f"/api/v1/claims/{w.claim.pk}", EDIT, patch_body),
    "DELETE api:claim": Op("DELETE", lambda w: f"/api/v1/claims/{w.claim.pk}", DELETE, delete_body),
}
# Per role, where a role's answer differs from the other workers': bob, a reviewer who
# did not mark the claim, may not delete it (like the page's delete button).
ROLE_EXCEPTIONS = {
    ("DELETE api:claim", "reviewer"): {"read": 403, "read-write": 403, "session": 403}
}
# The same operations on ids nobody may see: 404 for readers (a read token still may not
# write: 403 comes first).
FORGED_OPS: dict[str, Op] = {
    "article-claims": Op(
        "POST",
        lambda w: f"/api/v1/articles/{FORGED}/claims",
        {"read": 403, "read-write": 404, "session": 404},
        claim_body,
    ),
    "claim": Op("GET", lambda w: f"/api/v1/claims/{FORGED}", 404),
    "deleted-claim": Op("GET", lambda w: f"/api/v1/claims/{w.deleted.pk}", 404),
    "article-claims-list": Op("GET", lambda w: f"/api/v1/articles/{FORGED}/claims", 404),
    "patch-claim": Op("PATCH", lambda w: f"/api/v1/claims/{FORGED}", FORGED_WRITE, patch_body),
    "patch-deleted-claim": Op(
        "PATCH", lambda w: f"/api/v1/claims/{w.deleted.pk}", FORGED_WRITE, patch_body
    ),
    "delete-claim": Op("DELETE", lambda w: f"/api/v1/claims/{FORGED}", FORGED_WRITE, delete_body),
    "delete-deleted-claim": Op(
        "DELETE", lambda w: f"/api/v1/claims/{w.deleted.pk}", FORGED_WRITE, delete_body
    ),
}
