"""The one way to write history. Called by every other service inside its transaction."""

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
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("history.record must be called inside the writing transaction")
    # Claim events take their article from the claim, without loading the article row.
    article_id = article.pk if article is not None else getattr(claim, "article_id", None)
    actor_user = actor if getattr(actor, "pk", None) else None
    actor_name = actor.get_username() if actor_user else "system"
    target_type = target._meta.model_name if target is not None else ""
    return Event.objects.create(
        at=timezone.now(),
        actor=actor_user,
        actor_name=actor_name,
        action=action,
        article_id=article_id,
        claim_id=claim.pk if claim is not None else None,
        target_type=target_type,
        target_id=target.pk if target is not None else None,
        before=before,
        after=after,
    )
