"""The one way to write history. Called by every other service inside its transaction."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import Event


def record(
    *,
    actor: Any,
    action: str,
    article: Any = None,
    claim: Any = None,
    target: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Event:
    """Append one event. Must run inside the caller's transaction, so the change and its
    record commit or roll back together."""
    _ensure_in_transaction()
    event = new_event(
        actor=actor,
        action=action,
        article=article,
        claim=claim,
        target=target,
        before=before,
        after=after,
    )
    event.save()
    return event


def record_all(events: Iterable[Event]) -> list[Event]:
    """Append many events built by new_event in one INSERT per batch (a new revision
    re-anchors thousands of claims, each with its event); same rule as record."""
    _ensure_in_transaction()
    return Event.objects.bulk_create(events, batch_size=500)


def new_event(
    *,
    actor: Any,
    action: str,
    article: Any = None,
    claim: Any = None,
    target: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Event:
    """An unsaved event, for record_all."""
    # Claim events take their article from the claim, without loading the article row.
    article_id = article.pk if article is not None else getattr(claim, "article_id", None)
    actor_user = actor if getattr(actor, "pk", None) else None
    return Event(
        at=timezone.now(),
        actor=actor_user,
        actor_name=actor.get_username() if actor_user else "system",
        action=action,
        article_id=article_id,
        claim_id=claim.pk if claim is not None else None,
        target_type=target._meta.model_name if target is not None else "",
        target_id=target.pk if target is not None else None,
        before=before,
        after=after,
    )


def _ensure_in_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("history.record must be called inside the writing transaction")
