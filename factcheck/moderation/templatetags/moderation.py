"""Template helpers for the moderation boxes (templates/moderation/_item.html)."""

from typing import Any

from django import template

register = template.Library()

AUTHOR_FIELDS = {"review": "reviewer_id", "source": "added_by_id", "comment": "author_id"}


@register.filter
def written_by(item: Any, user: Any) -> bool:
    """Whether `user` wrote this review, source or comment (nobody flags their own)."""
    field = AUTHOR_FIELDS.get(item._meta.model_name)
    return bool(field and getattr(item, field) == getattr(user, "pk", None))


@register.filter
def kind_of(item: Any) -> str:
    """ "review", "source" or "comment": the <kind> of the moderation URLs."""
    return str(item._meta.model_name)


@register.filter
def author_of(item: Any) -> Any:
    """Who wrote a review, source or comment (loaded by the queue's select_related)."""
    field = AUTHOR_FIELDS.get(item._meta.model_name, "")
    return getattr(item, field.removesuffix("_id"), None)
