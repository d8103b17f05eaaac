"""Every permission-checked read for moderation (DESIGN.md "Who may do what"): anyone who
works on articles may flag; editors (and admins) hide, unhide, lock, restore and resolve
flags. Views fetch through here, never with Model.objects.get on a URL id."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from factcheck.articles.access import require_reader
from factcheck.claims.models import Claim
from factcheck.core import roles

from .models import Flag
from .services import KINDS, Item

QUEUE_LIMIT = 200  # the queue page shows the oldest 200; the counts say how many there are


def require_moderator(user: Any) -> None:
    if not roles.is_editor(user):
        raise PermissionDenied("Only editors moderate content.")


def _model(kind: str) -> Any:
    if kind not in KINDS:
        raise Http404("No such kind of content.")
    return KINDS[kind]


def item_for_flagging(user: Any, kind: str, item_id: int) -> Item:
    """A review, source or comment the user can see on a live claim: hidden ones are not
    shown to reviewers, so they cannot be flagged either (404)."""
    require_reader(user)
    model = _model(kind)
    queryset = model.objects.visible().not_hidden().filter(claim__deleted_at__isnull=True)
    return get_object_or_404(queryset.select_related("claim"), pk=item_id)


def item_for_moderation(user: Any, kind: str, item_id: int) -> Item:
    """Any review, source or comment on a live claim, hidden or not (editors only)."""
    require_moderator(user)
    model = _model(kind)
    queryset = model.objects.visible().filter(claim__deleted_at__isnull=True)
    return get_object_or_404(queryset.select_related("claim", "hidden_by"), pk=item_id)


def flag_for_resolving(user: Any, flag_id: int) -> Flag:
    require_moderator(user)
    return get_object_or_404(Flag.objects.select_related("claim"), pk=flag_id)


def claim_for_locking(user: Any, claim_id: int) -> Claim:
    require_moderator(user)
    return get_object_or_404(Claim.objects.visible(), pk=claim_id)


def deleted_claim_for_restoring(user: Any, claim_id: int) -> Claim:
    require_moderator(user)
    return get_object_or_404(Claim.objects.filter(deleted_at__isnull=False), pk=claim_id)


# --- the moderation page ----------------------------------------------------------------


def open_flags(user: Any) -> list[Flag]:
    """The queue: open flags, oldest first (moderation_flag_queue index), each with its
    item, the item's author, the claim and article, in ONE query (all joins)."""
    require_moderator(user)
    return list(
        Flag.objects.open()
        .select_related(
            "flagged_by",
            "claim__article",
            "review__reviewer",
            "review__rating",
            "source__added_by",
            "comment__author",
        )
        .order_by("created_at", "pk")[:QUEUE_LIMIT]
    )


def moderation_counts(user: Any) -> dict[str, int]:
    """The page's counts in three queries whatever the data: open flags (all and by kind),
    hidden items (one UNION ALL count), deleted claims."""
    require_moderator(user)
    counts = (
        Flag.objects.open()
        .order_by()
        .aggregate(
            flags=Count("pk"),
            reviews=Count("pk", filter=Q(review__isnull=False)),
            sources=Count("pk", filter=Q(source__isnull=False)),
            comments=Count("pk", filter=Q(comment__isnull=False)),
        )
    )
    hidden = [model.objects.visible().hidden().order_by().values("pk") for model in KINDS.values()]
    counts["hidden"] = hidden[0].union(*hidden[1:], all=True).count()
    counts["deleted"] = Claim.objects.filter(deleted_at__isnull=False).count()
    return counts


def hidden_items(user: Any) -> list[Item]:
    """Hidden reviews, sources and comments, newest hidden first (three queries)."""
    require_moderator(user)
    items: list[Item] = []
    for model in KINDS.values():
        items.extend(
            model.objects.visible()
            .hidden()
            .select_related("claim__article", "hidden_by")
            .order_by("-hidden_at")[:QUEUE_LIMIT]
        )
    items.sort(key=lambda item: item.hidden_at, reverse=True)
    return items[:QUEUE_LIMIT]


def deleted_claims(user: Any) -> list[Claim]:
    """Soft-deleted claims, newest deletion first, for restoring."""
    require_moderator(user)
    return list(
        Claim.objects.filter(deleted_at__isnull=False)
        .select_related("article", "deleted_by", "created_by")
        .order_by("-deleted_at", "-pk")[:QUEUE_LIMIT]
    )


# --- history as non-editors see it --------------------------------------------------------

CONTENT_TYPES = frozenset(KINDS)


def events_without_hidden_content(user: Any, events: Any) -> list[Any]:
    """History keeps every event; this is how non-editors see them. An event about a review,
    source or comment that is hidden now loses its before/after (the hidden text) and is
    marked `hidden_content`, unless the viewer wrote it; a flag's reason is for editors and
    the flagger. At most one query per kind of content on the page; none for editors.
    Recomputes `event.changes` when the caller already computed them."""
    from factcheck.history.diff import changes

    events = list(events)
    if roles.is_editor(user):
        return events
    wanted: dict[str, set[int]] = {}
    for event in events:
        if event.target_type in CONTENT_TYPES and event.target_id and event.actor_id != user.pk:
            wanted.setdefault(event.target_type, set()).add(event.target_id)
    hidden = {
        (kind, pk)
        for kind, ids in wanted.items()
        for pk in KINDS[kind].objects.hidden().filter(pk__in=ids).values_list("pk", flat=True)
    }
    for event in events:
        redact = (event.target_type, event.target_id) in hidden and event.actor_id != user.pk
        if event.action.startswith("flag.") and event.actor_id != user.pk:
            event.before = _without(event.before, "reason", "note")
            event.after = _without(event.after, "reason", "note")
        if redact:
            event.before = event.after = None
            event.hidden_content = True
        if hasattr(event, "changes"):
            event.changes = changes(event.before, event.after)
    return events


def _without(values: dict[str, Any] | None, *keys: str) -> dict[str, Any] | None:
    if values is None:
        return None
    return {key: value for key, value in values.items() if key not in keys}
