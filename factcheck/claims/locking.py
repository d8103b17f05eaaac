"""Optimistic locking for every write on a claim and what hangs on it.

Every write path locks the claim (or the row it changes) and checks versions the same way:
`lock` reads the stored row under a row lock and refuses a version that moved on, then
`guarded_update` writes `UPDATE ... WHERE id = ? AND version = ?` and bumps the version.
A write that read an older version, or a row that is gone, raises StaleVersion, which
views answer with 409. The claims services (services.py), the editor's decisions
(decisions.py) and moderation (factcheck/moderation/services.py) all use these, so a
summary edit, a review, a verdict and a hide queue on the same claim lock.

These are row locks for one transaction; an editor's lock on a claim, which stops
reviewers' edits, is moderation's (factcheck/moderation/services.py lock_claim).
"""

from typing import Any

from django.db import models
from django.db.models import F
from django.utils import timezone

from .models import Claim


class StaleVersion(Exception):
    """The row changed (or went) since the writer read it; `current` is what is stored now."""

    def __init__(self, current: Any) -> None:
        self.current = current
        super().__init__("this was changed by someone else since you loaded it")


def lock_claim_row(claim_id: int) -> Claim:
    """The claim row, locked for this transaction (PostgreSQL; SQLite's IMMEDIATE
    transactions already hold the write lock), so concurrent review writes on one claim
    queue and each recomputes the status from every committed review."""
    return locked_or_stale(list(Claim.objects.select_for_update().filter(pk=claim_id)))


def locked_or_stale(found: list[Claim]) -> Claim:
    """The one claim a locking read found; a missing or deleted claim is StaleVersion
    (current None, or the deleted claim)."""
    locked = found[0] if found else None
    if locked is None or locked.deleted_at is not None:
        raise StaleVersion(current=locked)
    return locked


def lock(queryset: models.QuerySet[Any], pk: int, expected_version: int | None) -> Any:
    """Read the stored row (locked on PostgreSQL) and refuse when its version moved on or
    it is gone; then the caller's guarded UPDATE cannot miss."""
    current = queryset.select_for_update(of=("self",)).filter(pk=pk).first()
    if current is None:
        raise StaleVersion(current=queryset.model._base_manager.filter(pk=pk).first())
    if getattr(current, "deleted_at", None) is not None:
        raise StaleVersion(current=current)
    if expected_version is not None and current.version != expected_version:
        raise StaleVersion(current=current)
    return current


def guarded_update(
    queryset: models.QuerySet[Any], pk: int, expected_version: int, **fields: Any
) -> None:
    """UPDATE ... SET ..., version = version + 1 WHERE id = ? AND version = ?."""
    rows = queryset.filter(pk=pk, version=expected_version).update(
        **fields, version=F("version") + 1, updated_at=timezone.now()
    )
    if rows != 1:
        raise StaleVersion(current=queryset.model._base_manager.filter(pk=pk).first())
