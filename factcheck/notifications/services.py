"""Every write of notifications, mentions and email opt-ins.

`notify` is the one way a notification is made. The claims, editorial and moderation
services call the hooks below inside their own transaction, right after recording their
history event, so a notification exists exactly when the action it tells of committed.
Email goes out only after that commit (transaction.on_commit), each message on its own
and caught: a mail server that fails loses an email, never the action (the error is
logged).

Who may be told: only people who may read the claim (reviewers, editors, admins: the rule
of core.roles.is_reviewer, as one query), never the actor. A mention in a review's
rationale on an article under blind review reaches only editors and reviewers who have
reviewed the claim, the people who may read that rationale. A mention of anyone else is
not recorded and stays plain text on the page (mentions.py).

Reading a notification and choosing emails change only the user's own inbox and settings;
they are not part of the record and write no history event.
"""

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from factcheck.core import roles
from factcheck.text.mentions import mentioned_names

from .models import EmailPreference, Kind, Mention, Notification

logger = logging.getLogger(__name__)

TEXT_MAX = Notification._meta.get_field("text").max_length
MENTIONS_MAX = 20  # names looked up per text; more is a roll call, not a mention


# --- who may be told ----------------------------------------------------------------------


def _readers(user_ids: Iterable[int], kind: str) -> list[Any]:
    """Of these users, those who may read claims (active; staff or in a role group, as
    core.roles.is_reviewer decides), each once, with `wants_email` for `kind`."""
    User = get_user_model()
    ids = set(user_ids)
    if not ids:
        return []
    wants = EmailPreference.objects.filter(user=OuterRef("pk"), kind=kind)
    users = (
        User.objects.filter(pk__in=ids, is_active=True)
        .filter(Q(is_staff=True) | Q(groups__name__in=roles.ROLE_GROUPS))
        .annotate(wants_email=Exists(wants))
        .order_by("pk")
    )
    return list({user.pk: user for user in users}.values())


def _editor_ids(user_ids: Iterable[int]) -> set[int]:
    User = get_user_model()
    editors = User.objects.filter(pk__in=set(user_ids), is_active=True).filter(
        Q(is_staff=True) | Q(groups__name=roles.EDITOR)
    )
    return set(editors.values_list("pk", flat=True))


# --- notify ---------------------------------------------------------------------------------


def notify(
    *,
    recipient_ids: Iterable[int],
    kind: str,
    claim: Any,
    actor: Any,
    article: Any = None,
    item: str = "",
    item_id: int | None = None,
    text: str = "",
    yours: bool = True,
) -> list[Notification]:
    """Tell these users (ids) about `kind` on `claim`: those who may read the claim, except
    the actor. Called inside the caller's transaction; their emails (for those who opted
    in) leave after it commits. Returns the notifications made."""
    actor_id = getattr(actor, "pk", None)
    users = [user for user in _readers(recipient_ids, kind) if user.pk != actor_id]
    if not users:
        return []
    short = " ".join(text.split())
    if len(short) > TEXT_MAX:
        short = short[: TEXT_MAX - 1] + "…"
    rows = Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=kind,
            claim=claim,
            article=article,
            actor=actor,
            item=item,
            item_id=item_id,
            yours=yours,
            text=short,
        )
        for user in users
    )
    _email_after_commit([row for row, user in zip(rows, users, strict=True) if user.wants_email])
    return rows


def _email_after_commit(rows: list[Notification]) -> None:
    messages = [_message(row) for row in rows if row.recipient.email]
    if messages:
        transaction.on_commit(lambda: send_emails(messages), robust=True)


def _message(row: Notification) -> EmailMessage:
    """Built inside the transaction, from the rows in hand (no query after the commit)."""
    context = {
        "n": row,
        "url": settings.FACTCHECK_PUBLIC_BASE_URL + reverse("notifications:open", args=[row.pk]),
        "settings_url": settings.FACTCHECK_PUBLIC_BASE_URL + reverse("notifications:settings"),
    }
    subject = " ".join(render_to_string("notifications/email_subject.txt", context).split())
    body = render_to_string("notifications/email.txt", context)
    return EmailMessage(subject=subject, body=body, to=[row.recipient.email])


def send_emails(messages: list[EmailMessage]) -> int:
    """Each message on its own: one that fails is logged and the others still go. Never
    raises (it runs after the commit, inside the request that made the change)."""
    sent = 0
    for message in messages:
        try:
            sent += message.send()
        except Exception:
            logger.exception("Notification email to %s could not be sent", ", ".join(message.to))
    return sent


# --- mentions -------------------------------------------------------------------------------


def _record_mentions(
    *,
    claim: Any,
    item: Any,
    field: str,
    text: str,
    before: str | None,
    blind_to: set[int] | None = None,
) -> list[int]:
    """The Mention rows of one comment or review made to match its text: names of people
    who may read it (not those in `blind_to`, a review's rationale hidden by blind review),
    rows of names no longer there removed. `before`: the text as it was (None for a new
    item). Returns the ids of people newly mentioned."""
    User = get_user_model()
    names = mentioned_names(text)[:MENTIONS_MAX]
    existing = Mention.objects.filter(**{field: item})
    if not names:
        # No query when neither text has an "@": most saves, and what the pinned query
        # counts of the claims services (tests/claims/test_review_panel.py) rely on.
        if before and "@" in before:
            existing.delete()
        return []
    found = User.objects.filter(username__in=names).values_list("pk", flat=True)
    allowed = {user.pk for user in _readers(found, Kind.MENTION)} - (blind_to or set())
    kept: set[int] = set()
    if before is not None:  # a new comment or review has no rows yet
        existing.exclude(user_id__in=allowed).delete()
        kept = set(existing.values_list("user_id", flat=True))
    new = sorted(allowed - kept)
    Mention.objects.bulk_create(Mention(claim=claim, user_id=pk, **{field: item}) for pk in new)
    return new


def comment_saved(*, comment: Any, claim: Any, author: Any, before: str | None = None) -> None:
    """claims.services.add_comment and edit_comment (`before`: the body it replaced): people
    newly mentioned are told; a new comment is also a reply for everyone who reviewed the
    claim."""
    created = before is None
    mentioned = _record_mentions(
        claim=claim, item=comment, field="comment", text=comment.body, before=before
    )
    common = {"claim": claim, "actor": author, "item": "comment", "item_id": comment.pk}
    notify(recipient_ids=mentioned, kind=Kind.MENTION, text=comment.body, **common)
    if created:
        from factcheck.claims.models import Review

        reviewers = Review.objects.filter(claim=claim).values_list("reviewer_id", flat=True)
        # Someone both mentioned and a reviewer hears of it once, as a mention.
        others = set(reviewers) - set(mentioned)
        notify(recipient_ids=others, kind=Kind.REPLY, text=comment.body, **common)


def rationale_saved(
    *, review: Any, claim: Any, reviewer: Any, reviews: list[Any], before: str | None
) -> None:
    """claims.services.save_own_review (record_review, update_review): people newly
    mentioned in the rationale who may read it are told. `reviews`: the claim's reviews as
    the save left them (who has reviewed decides who may read under blind review);
    `before`: the rationale it replaced (None for a new review)."""
    blind_to: set[int] | None = None
    names = mentioned_names(review.rationale)
    if names and claim.article.blind_review:
        User = get_user_model()
        candidates = set(
            User.objects.filter(username__in=names[:MENTIONS_MAX]).values_list("pk", flat=True)
        )
        reviewed = {item.reviewer_id for item in reviews}
        blind_to = candidates - reviewed - _editor_ids(candidates)
    mentioned = _record_mentions(
        claim=claim,
        item=review,
        field="review",
        text=review.rationale,
        before=before,
        blind_to=blind_to,
    )
    notify(
        recipient_ids=mentioned,
        kind=Kind.MENTION,
        claim=claim,
        actor=reviewer,
        item="review",
        item_id=review.pk,
        text=review.rationale,
    )


# --- verdicts, flags, hiding, assignments -------------------------------------------------


def verdict_given(*, claim: Any, editor: Any, verdict: Any, how: str) -> None:
    """editorial.services: `how` is "decided", "corrected" or "confirmed". Everyone who
    reviewed the claim is told, with the rating and summary, or the correction's note."""
    from factcheck.claims.models import Review

    reviewers = Review.objects.filter(claim=claim).values_list("reviewer_id", flat=True)
    if how == "decided":
        label, summary = verdict.rating.label, verdict.public_summary
        # Summaries often open with the rating already ("True: the report ...").
        text = summary if summary.startswith(label) else f"{label}: {summary}"
    else:
        text = verdict.correction_note
    notify(
        recipient_ids=reviewers,
        kind=Kind.VERDICT,
        claim=claim,
        actor=editor,
        item=how,
        item_id=verdict.pk,
        text=text,
    )


AUTHOR_FIELDS = {"review": "reviewer_id", "source": "added_by_id", "comment": "author_id"}


def item_moderated(*, item: Any, claim: Any, actor: Any, kind: str, reason: str = "") -> None:
    """moderation.services.flag_item (kind FLAGGED) and hide_item (HIDDEN): the item's
    author is told it was theirs; whoever marked the claim, that it was on their claim. A
    flag's reason is for editors and the flagger (moderation.access), so it is not told;
    a hiding's reason is shown to the author only, as the claim panel does. Hiding also
    takes the item's excerpt out of other people's notifications."""
    item_kind = item._meta.model_name
    author_id = getattr(item, AUTHOR_FIELDS[item_kind])
    if kind == Kind.HIDDEN:
        # Hidden content leaves every page but its author's and the editors': the excerpts
        # of it that mentions and replies showed go too (the sentence and link stay).
        quoted = Notification.objects.filter(
            kind__in=(Kind.MENTION, Kind.REPLY), item=item_kind, item_id=item.pk
        )
        quoted.exclude(recipient_id=author_id).update(text="")
    common = {"claim": claim, "actor": actor, "kind": kind, "item": item_kind, "item_id": item.pk}
    text = reason if kind == Kind.HIDDEN else ""
    notify(recipient_ids=[author_id], text=text, **common)
    if claim.created_by_id != author_id:
        notify(recipient_ids=[claim.created_by_id], yours=False, **common)


@transaction.atomic
def notify_assignment(
    *,
    assignment_id: int,
    claim: Any,
    recipient: Any,
    actor: Any,
    due_on: dt.date | None = None,
    article: Any = None,
) -> Notification | None:
    """Tell `recipient` that `actor` assigned them `claim` (the assignments app calls this
    from factcheck/assignments/notify.py, in the transaction that saved the assignment).
    For an assignment of a whole article `claim` is None and `article` names it.
    `assignment_id` is the Assignment's id: calling again for the same assignment and
    person (a save that did not change who it is for) tells nobody twice. `due_on`, when
    set, is shown ("due 2026-12-10"). Returns the notification, or None when nobody was
    told (already told, the actor assigned themselves, or the recipient may not read the
    claim)."""
    told = Notification.objects.filter(
        kind=Kind.ASSIGNMENT, item_id=assignment_id, recipient=recipient
    )
    if told.exists():
        return None
    rows = notify(
        recipient_ids=[recipient.pk],
        kind=Kind.ASSIGNMENT,
        claim=claim,
        article=None if claim is not None else article,
        actor=actor,
        item="assignment",
        item_id=assignment_id,
        text=f"due {due_on.isoformat()}" if due_on else "",
    )
    return rows[0] if rows else None


# --- the recipient's own inbox and settings ----------------------------------------------


@transaction.atomic
def mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


@transaction.atomic
def mark_all_read(*, user: Any) -> int:
    return Notification.objects.for_recipient(user).unread().update(read_at=timezone.now())


@transaction.atomic
def set_email_kinds(*, user: Any, kinds: Iterable[str]) -> list[str]:
    """The kinds `user` wants email for, exactly these from now on."""
    wanted = sorted(set(kinds))
    unknown = set(wanted) - set(Kind.values)
    if unknown:
        raise ValueError(f"Unknown notification kinds: {', '.join(sorted(unknown))}")
    EmailPreference.objects.filter(user=user).exclude(kind__in=wanted).delete()
    have = set(EmailPreference.objects.filter(user=user).values_list("kind", flat=True))
    EmailPreference.objects.bulk_create(
        EmailPreference(user=user, kind=kind) for kind in wanted if kind not in have
    )
    return wanted
