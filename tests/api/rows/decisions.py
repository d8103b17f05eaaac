"""Rows for the editor's decisions and publishing: editors and admins decide; a reviewer
is refused (403) as on the claim panel, whatever the credential; anyone who reads the
claim reads its verdict."""

from typing import Any

from django.contrib.auth import get_user_model

from factcheck.claims.models import Claim
from factcheck.editorial.services import decide_verdict
from factcheck.exports.services import publish_claim
from tests.factories import make_claim, rating

from . import EDIT, FORGED, FORGED_WRITE, WRITE, Op

# An editor-only operation, as a reviewer gets it with each credential.
REFUSED = {"read": 403, "read-write": 403, "session": 403}
DONE = {"read": 403, "read-write": 204, "session": 204}


def decided(world, exact: str, **fields: Any) -> Claim:
    alice = get_user_model().objects.get(username="alice")
    claim = make_claim(world.article, exact, created_by=alice)
    decide_verdict(
        claim=claim,
        editor=world.users["editor"],
        rating=rating("true"),
        public_summary="Right: the report has it.",
        rationale="Page 2 of the report.",
    )
    Claim.objects.filter(pk=claim.pk).update(**fields)
    return Claim.objects.get(pk=claim.pk)


def setup(world) -> None:
    world.extra["verified"] = decided(world, "The report")
    # A revision of the article would send it back; the row needs only the status.
    world.extra["recheck"] = decided(world, "It lists", status=Claim.Status.NEEDS_RECHECK)
    published = decided(world, "has 35")
    world.extra["published"] = publish_claim(claim=published, editor=world.users["editor"])


def verdict_body(world, claim=None) -> dict[str, Any]:
    claim = claim or world.claim
    return {
        "rating": "false",
        "public_summary": "Wrong: the report lists 60.",
        "rationale": "Table 3 of the report.",
        "sources": [],
        "version": claim.version,
    }


def correction_body(world) -> dict[str, Any]:
    return verdict_body(world, world.extra["verified"]) | {"note": "Table 3 was misread."}


def reason_body(claim_of) -> Any:
    return lambda world: {"reason": "Not checkable.", "version": claim_of(world).version}


def verified(world) -> Claim:
    return world.extra["verified"]


def claim_path(claim_of, tail: str) -> Any:
    return lambda world: f"/api/v1/claims/{claim_of(world).pk}/{tail}"


def open_claim(world) -> Claim:
    return world.claim


OPS: dict[str, Op] = {
    "api:claim-verdict": Op("POST", claim_path(open_claim, "verdict"), WRITE, verdict_body),
    "GET api:claim-verdict": Op("GET", claim_path(verified, "verdict"), 200),
    "PUT api:claim-verdict": Op("PUT", claim_path(verified, "verdict"), EDIT, correction_body),
    "api:verdict-confirmation": Op(
        "POST",
        lambda w: f"/api/v1/claims/{w.extra['recheck'].pk}/verdict/confirmation",
        EDIT,
        lambda w: {"version": w.extra["recheck"].version},
    ),
    "api:claim-reopening": Op(
        "POST", claim_path(verified, "reopening"), EDIT, reason_body(verified)
    ),
    "api:claim-dismissal": Op(
        "POST", claim_path(open_claim, "dismissal"), EDIT, reason_body(open_claim)
    ),
    "api:article-blind-review": Op(
        "PUT",
        lambda w: f"/api/v1/articles/{w.article.pk}/blind-review",
        EDIT,
        lambda w: {"blind_review": False},
    ),
    "api:claim-publication": Op("POST", claim_path(verified, "publication"), WRITE, lambda w: {}),
    "DELETE api:claim-publication": Op(
        "DELETE",
        lambda w: f"/api/v1/claims/{w.extra['published'].pk}/publication",
        DONE,
        lambda w: {},
    ),
}
ROLE_EXCEPTIONS = {(name, "reviewer"): REFUSED for name in OPS if name != "GET api:claim-verdict"}


def forged(world) -> Any:
    return type("Forged", (), {"pk": FORGED, "version": 1})()


def deleted(world) -> Claim:
    return world.deleted


FORGED_OPS: dict[str, Op] = {
    "verdict": Op("GET", claim_path(forged, "verdict"), 404),
    "deleted-verdict": Op("GET", claim_path(deleted, "verdict"), 404),
    "decide": Op("POST", claim_path(forged, "verdict"), FORGED_WRITE, verdict_body),
    "decide-deleted": Op("POST", claim_path(deleted, "verdict"), FORGED_WRITE, verdict_body),
    "correct": Op("PUT", claim_path(forged, "verdict"), FORGED_WRITE, correction_body),
    "confirm": Op(
        "POST", claim_path(forged, "verdict/confirmation"), FORGED_WRITE, lambda w: {"version": 1}
    ),
    "reopen": Op("POST", claim_path(forged, "reopening"), FORGED_WRITE, reason_body(forged)),
    "dismiss-deleted": Op(
        "POST", claim_path(deleted, "dismissal"), FORGED_WRITE, reason_body(deleted)
    ),
    "blind-review": Op(
        "PUT",
        lambda w: f"/api/v1/articles/{FORGED}/blind-review",
        FORGED_WRITE,
        lambda w: {"blind_review": False},
    ),
    "publish": Op("POST", claim_path(forged, "publication"), FORGED_WRITE, lambda w: {}),
    "publish-deleted": Op("POST", claim_path(deleted, "publication"), FORGED_WRITE, lambda w: {}),
    "unpublish": Op("DELETE", claim_path(forged, "publication"), FORGED_WRITE, lambda w: {}),
}
# The guard asks for the editor's role before it looks the id up: a reviewer gets 403.
ROLE_EXCEPTIONS |= {
    (name, "reviewer"): REFUSED for name in FORGED_OPS if name not in ("verdict", "deleted-verdict")
}
