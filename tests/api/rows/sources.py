"""Rows for sources: a claim's sources (list, add), one source (read, edit, remove)."""

from typing import Any

from . import DELETE, EDIT, FORGED, FORGED_WRITE, WRITE, Op

# Only whoever added a source edits or removes it: the editor and the admin get 404 for
# bob's, as if it did not exist (a read token is refused first).
NOT_THEIRS = {"read": 403, "read-write": 404, "session": 404}


def no_body(world) -> dict[str, Any]:
    return {}


def setup(world) -> None:
    """bob's and alice's sources on world.claim, and a source on a claim deleted since."""
    from factcheck.claims.services import add_source, delete_claim
    from tests.factories import make_claim

    alice = world.claim.created_by
    world.extra["bobs_source"] = add_source(
        claim=world.claim, added_by=world.users["reviewer"], url="https://example.org/bob"
    )
    world.extra["alices_source"] = add_source(
        claim=world.claim, added_by=alice, url="https://example.org/alice"
    )
    gone = make_claim(world.article, "report has", created_by=alice)
    world.extra["gone_source"] = add_source(
        claim=gone, added_by=world.users["reviewer"], url="https://example.org/gone"
    )
    delete_claim(claim=gone, deleted_by=alice)


def source_body(world) -> dict[str, Any]:
    return {"url": "https://example.org/report", "title": "The report", "stance": "supports"}


def patch_body(world) -> dict[str, Any]:
    return {"title": "Bob's source, retitled", "version": 1}


def bobs(world) -> str:
    return f"/api/v1/sources/{world.extra['bobs_source'].pk}"


OPS: dict[str, Op] = {
    "api:claim-sources": Op(
        "POST", lambda w: f"/api/v1/claims/{w.claim.pk}/sources", WRITE, source_body
    ),
    "GET api:claim-sources": Op("GET", lambda w: f"/api/v1/claims/{w.claim.pk}/sources", 200),
    "api:source": Op("GET", bobs, 200),
    "PATCH api:source": Op("PATCH", bobs, EDIT, patch_body),
    "DELETE api:source": Op("DELETE", bobs, DELETE, no_body),
}
ROLE_EXCEPTIONS = {
    (name, role): NOT_THEIRS
    for name in ("PATCH api:source", "DELETE api:source")
    for role in ("editor", "admin")
}


def alices(world) -> str:
    return f"/api/v1/sources/{world.extra['alices_source'].pk}"


def gone(world) -> str:
    return f"/api/v1/sources/{world.extra['gone_source'].pk}"


FORGED_OPS: dict[str, Op] = {
    "claim-sources": Op("GET", lambda w: f"/api/v1/claims/{FORGED}/sources", 404),
    "deleted-claim-sources": Op("GET", lambda w: f"/api/v1/claims/{w.deleted.pk}/sources", 404),
    "add-source": Op(
        "POST", lambda w: f"/api/v1/claims/{FORGED}/sources", FORGED_WRITE, source_body
    ),
    "add-source-to-deleted-claim": Op(
        "POST", lambda w: f"/api/v1/claims/{w.deleted.pk}/sources", FORGED_WRITE, source_body
    ),
    "source": Op("GET", lambda w: f"/api/v1/sources/{FORGED}", 404),
    "source-on-deleted-claim": Op("GET", gone, 404),
    "patch-source": Op("PATCH", lambda w: f"/api/v1/sources/{FORGED}", FORGED_WRITE, patch_body),
    "patch-someone-elses-source": Op("PATCH", alices, FORGED_WRITE, patch_body),
    "patch-source-on-deleted-claim": Op("PATCH", gone, FORGED_WRITE, patch_body),
    "delete-source": Op("DELETE", lambda w: f"/api/v1/sources/{FORGED}", FORGED_WRITE, no_body),
    "delete-someone-elses-source": Op("DELETE", alices, FORGED_WRITE, no_body),
    "delete-source-on-deleted-claim": Op("DELETE", gone, FORGED_WRITE, no_body),
}
