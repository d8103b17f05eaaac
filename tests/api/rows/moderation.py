"""Rows for flags and moderation: anyone who works on articles flags; editors and admins
list and dismiss flags, hide and unhide, lock and unlock, restore (a reviewer gets 403,
as on the moderation page)."""

from typing import Any

from django.contrib.auth import get_user_model

from factcheck.claims.services import add_comment, add_source
from factcheck.moderation.services import flag_item, hide_item, lock_claim
from tests.factories import make_claim, make_review

from . import EDIT, FORGED, FORGED_WRITE, WRITE, Op

REFUSED = {"read": 403, "read-write": 403, "session": 403}
DONE = {"read": 403, "read-write": 204, "session": 204}


def setup(world) -> None:
    alice = get_user_model().objects.get(username="alice")
    erin = world.users["editor"]
    # Their own claim: a review would move world.claim's status and version on.
    claim = make_claim(world.article, "pages", created_by=alice)
    comment = add_comment(claim=claim, author=alice, body="Alice's comment")
    hidden = add_comment(claim=claim, author=alice, body="Alice's hidden comment")
    locked = make_claim(world.article, "lists 62", created_by=alice)
    world.extra |= {
        "review": make_review(claim, alice, "true", rationale="The report says so."),
        "source": add_source(
            claim=claim, added_by=alice, url="https://example.org/report", title="Report"
        ),
        "flag": flag_item(item=comment, flagged_by=alice, reason="Off topic"),
        "hidden": hide_item(item=hidden, editor=erin, reason="Spam"),
        "locked": lock_claim(claim=locked, editor=erin),
    }


def hiding(kind: str, item_of: Any) -> Any:
    return lambda world: f"/api/v1/moderation/{kind}/{item_of(world).pk}/hiding"


OPS: dict[str, Op] = {
    "api:flags": Op(
        "POST",
        lambda w: "/api/v1/flags",
        WRITE,
        lambda w: {"kind": "source", "id": w.extra["source"].pk, "reason": "A dead link."},
    ),
    "GET api:flags": Op("GET", lambda w: "/api/v1/flags", 200),
    "api:flag-dismissal": Op(
        "POST",
        lambda w: f"/api/v1/flags/{w.extra['flag'].pk}/dismissal",
        EDIT,
        lambda w: {"note": "It is on topic."},
    ),
    "api:moderation-hiding": Op(
        "POST", hiding("review", lambda w: w.extra["review"]), WRITE, lambda w: {"reason": "Rude"}
    ),
    "DELETE api:moderation-hiding": Op(
        "DELETE", hiding("comment", lambda w: w.extra["hidden"]), DONE, lambda w: {}
    ),
    "api:claim-lock": Op(
        "POST", lambda w: f"/api/v1/claims/{w.claim.pk}/lock", WRITE, lambda w: {}
    ),
    "DELETE api:claim-lock": Op(
        "DELETE", lambda w: f"/api/v1/claims/{w.extra['locked'].pk}/lock", DONE, lambda w: {}
    ),
    "api:claim-restoration": Op(
        "POST", lambda w: f"/api/v1/claims/{w.deleted.pk}/restoration", EDIT, lambda w: {}
    ),
}
ROLE_EXCEPTIONS = {(name, "reviewer"): REFUSED for name in OPS if name != "api:flags"}


def forged_item(world) -> Any:
    return type("Forged", (), {"pk": FORGED})()


FORGED_OPS: dict[str, Op] = {
    "flag-forged-item": Op(
        "POST",
        lambda w: "/api/v1/flags",
        FORGED_WRITE,
        lambda w: {"kind": "review", "id": FORGED, "reason": "Rude"},
    ),
    # Reviewers do not see hidden content, so they cannot flag it either; nor can anyone.
    "flag-hidden-item": Op(
        "POST",
        lambda w: "/api/v1/flags",
        FORGED_WRITE,
        lambda w: {"kind": "comment", "id": w.extra["hidden"].pk, "reason": "Spam"},
    ),
    "dismiss-forged-flag": Op(
        "POST", lambda w: f"/api/v1/flags/{FORGED}/dismissal", FORGED_WRITE, lambda w: {}
    ),
    "hide-forged-item": Op(
        "POST", hiding("source", forged_item), FORGED_WRITE, lambda w: {"reason": "Rude"}
    ),
    "unhide-forged-item": Op("DELETE", hiding("comment", forged_item), FORGED_WRITE, lambda w: {}),
    "lock-forged-claim": Op(
        "POST", lambda w: f"/api/v1/claims/{FORGED}/lock", FORGED_WRITE, lambda w: {}
    ),
    "lock-deleted-claim": Op(
        "POST", lambda w: f"/api/v1/claims/{w.deleted.pk}/lock", FORGED_WRITE, lambda w: {}
    ),
    "unlock-forged-claim": Op(
        "DELETE", lambda w: f"/api/v1/claims/{FORGED}/lock", FORGED_WRITE, lambda w: {}
    ),
    # Only a deleted claim is restored: a live one's id is as unknown as a forged one.
    "restore-live-claim": Op(
        "POST", lambda w: f"/api/v1/claims/{w.claim.pk}/restoration", FORGED_WRITE, lambda w: {}
    ),
    "restore-forged-claim": Op(
        "POST", lambda w: f"/api/v1/claims/{FORGED}/restoration", FORGED_WRITE, lambda w: {}
    ),
}
ROLE_EXCEPTIONS |= {
    (name, "reviewer"): REFUSED for name in FORGED_OPS if not name.startswith("flag-")
}
