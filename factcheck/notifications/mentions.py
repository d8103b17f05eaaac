"""Which @names in the claim panel's comments and rationales are marked as mentions.

Exactly the Mention rows the services recorded (services._record_mentions): people who may
read the text. Any other @name, an outsider's or a reviewer's blind to that rationale,
stays plain text, so the page never tells that they were (or could be) reached.
"""

from collections.abc import Iterable
from typing import Any

from .models import Mention


def mark_mentions(claim_id: int, *, comments: Iterable[Any] = (), reviews: Iterable[Any] = ()):
    """Sets `mentioned` (a frozenset of usernames) on each comment and review, for the
    template filter `mentions_in`. One query, and none when no text has an "@"."""
    comments, reviews = list(comments), list(reviews)
    if not any("@" in c.body for c in comments) and not any("@" in r.rationale for r in reviews):
        return
    names: dict[tuple[str, int], set[str]] = {}
    rows = Mention.objects.filter(claim_id=claim_id).values_list(
        "comment_id", "review_id", "user__username"
    )
    for comment_id, review_id, username in rows:
        key = ("comment", comment_id) if comment_id else ("review", review_id)
        names.setdefault(key, set()).add(username)
    for kind, items in (("comment", comments), ("review", reviews)):
        for item in items:
            item.mentioned = frozenset(names.get((kind, item.pk), ()))
