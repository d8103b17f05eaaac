"""Reads of assignments: which apply to a claim (its own, else its article's), a reviewer's
queue, and the load per reviewer. Each is a fixed number of queries however many
assignments there are (tests/test_query_counts.py pins the pages that use them).

An assignment is *done* once its assignee has reviewed the claim, and *closed* when an
editor decided the claim (verified or dismissed it) before they did; otherwise it is
*open*. Open ones make a reviewer's load; done and closed ones leave the top of "My
queue" for its "Done" list.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from factcheck.claims.models import Claim, Review
from factcheck.core import roles

from .models import Assignment

DECIDED = (Claim.Status.VERIFIED, Claim.Status.DISMISSED)
DONE_LISTED = 30  # "My queue" lists this many done or closed claims, the newest first


def reviewers() -> list[Any]:
    """Who may be assigned (services._may_be_assigned): active reviewers, by name."""
    return list(
        get_user_model()
        .objects.filter(groups__name=roles.REVIEWER, is_active=True)
        .order_by("username")
        .only("id", "username")
    )


def reviewers_queryset() -> Any:
    """The same people as reviewers(), for a form's choices (read only when it validates)."""
    return get_user_model().objects.filter(groups__name=roles.REVIEWER, is_active=True)


def effective_assignments(claims: Iterable[Any]) -> dict[int, list[Assignment]]:
    """{claim id: the assignments that apply to it}: its own, or when it has none its
    article's whole-article ones (marked `inherited`). One query for any number of claims
    (model instances, which know their article_id)."""
    claims = list(claims)
    if not claims:
        return {}
    rows = (
        Assignment.objects.filter(
            Q(claim_id__in=[claim.pk for claim in claims])
            | Q(claim__isnull=True, article_id__in={claim.article_id for claim in claims})
        )
        .select_related("assignee")
        .order_by("priority", F("due_on").asc(nulls_last=True), "assignee__username", "pk")
    )
    own: dict[int, list[Assignment]] = {}
    whole: dict[int, list[Assignment]] = {}
    for row in rows:
        if row.claim_id is None:
            whole.setdefault(row.article_id, []).append(row)
        else:
            own.setdefault(row.claim_id, []).append(row)
    found = {}
    for claim in claims:
        if claim.pk in own:
            found[claim.pk] = own[claim.pk]
        else:
            found[claim.pk] = whole.get(claim.article_id, [])
            for row in found[claim.pk]:
                row.inherited = True
    return found


def article_assignments(article: Any) -> list[Assignment]:
    """The whole-article assignments of an article (the reading page's editor form)."""
    return list(
        Assignment.objects.filter(article=article, claim__isnull=True)
        .select_related("assignee")
        .order_by("assignee__username")
    )


@dataclass
class QueueItem:
    claim: Claim
    assignment_id: int  # the claim's own assignment, or the article's it inherits
    inherited: bool
    due_on: dt.date | None
    priority: int
    done: bool  # the assignee reviewed it
    decided: bool  # an editor verified or dismissed it (before they reviewed it)
    overdue: bool

    @property
    def priority_label(self) -> str:
        return str(Assignment.Priority(self.priority).label)


def _queue_claims(user: Any) -> Any:
    """The claims assigned to `user`, own or inherited, annotated with the assignment that
    applies: one query, however many (a few subqueries per row, on indexed columns)."""
    own = Assignment.objects.filter(claim=OuterRef("pk"), assignee=user)
    whole = Assignment.objects.filter(
        article=OuterRef("article_id"), claim__isnull=True, assignee=user
    )
    any_own = Assignment.objects.filter(claim=OuterRef("pk"))
    reviewed = Review.objects.filter(claim=OuterRef("pk"), reviewer=user)

    def applying(field: str, output: Any = None) -> Case:
        return Case(
            When(has_own=True, then=Subquery(own.values(field)[:1])),
            default=Subquery(whole.values(field)[:1]),
            output_field=output,
        )

    # Narrowed first to the user's claims and whole articles (the assignments_assignee
    # index), so the subqueries below run on those claims only, not on every claim.
    mine = Assignment.objects.filter(assignee=user)
    return (
        Claim.objects.visible()
        .filter(
            Q(pk__in=mine.filter(claim__isnull=False).values("claim_id"))
            | Q(article_id__in=mine.filter(claim__isnull=True).values("article_id"))
        )
        .annotate(has_own=Exists(own))
        .filter(Q(has_own=True) | (Exists(whole) & ~Exists(any_own)))
        .annotate(
            assignment_id=applying("pk", IntegerField()),
            due_on=applying("due_on"),
            priority=applying("priority", IntegerField()),
            done=Exists(reviewed),
            closed=Case(
                When(done=True, then=Value(True)),
                When(status__in=DECIDED, then=Value(True)),
                default=Value(False),
            ),
        )
        .select_related("article")
        .only("id", "exact", "summary", "status", "created_at", "article__id", "article__title")
    )


def queue_for(user: Any) -> dict[str, list[QueueItem]]:
    """ "My queue": the open assignments by priority, then due date (none last), then age;
    and the latest done or closed ones. Two queries."""
    claims = _queue_claims(user)
    today = timezone.localdate()
    open_rows = claims.filter(closed=False).order_by(
        "priority", F("due_on").asc(nulls_last=True), "created_at", "pk"
    )
    closed_rows = claims.filter(closed=True).order_by("-pk")[:DONE_LISTED]

    def item(claim: Any) -> QueueItem:
        closed = claim.closed
        return QueueItem(
            claim=claim,
            assignment_id=claim.assignment_id,
            inherited=not claim.has_own,
            due_on=claim.due_on,
            priority=claim.priority,
            done=claim.done,
            decided=claim.status in DECIDED and not claim.done,
            overdue=not closed and claim.due_on is not None and claim.due_on < today,
        )

    return {"open": [item(c) for c in open_rows], "closed": [item(c) for c in closed_rows]}


@dataclass
class Load:
    username: str
    open: int = 0
    overdue: int = 0


def load(people: list[Any] | None = None) -> list[Load]:
    """Open and overdue assignments per reviewer, for the decisions queue: three queries
    (the reviewers, their claims' own assignments, their whole-article ones) however many
    assignments. Everyone who may be assigned is listed, with nothing open too; someone
    who lost the role keeps their row while they have open assignments. `people`: the
    reviewers() when the caller has them already."""
    today = timezone.localdate()
    rows = {user.pk: Load(user.username) for user in (reviewers() if people is None else people)}
    reviewed = Review.objects.filter(claim=OuterRef("claim_id"), reviewer=OuterRef("assignee_id"))
    own = (
        Assignment.objects.filter(claim__isnull=False, claim__deleted_at__isnull=True)
        .exclude(claim__status__in=DECIDED)
        .exclude(Exists(reviewed))
        .order_by()
        .values("assignee_id", "assignee__username")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    )
    for row in own:
        entry = rows.setdefault(row["assignee_id"], Load(row["assignee__username"]))
        entry.open += row["open"]
        entry.overdue += row["overdue"]
    # A whole-article assignment counts its article's claims that have no assignment of
    # their own, are not decided and that its assignee has not reviewed.
    inheriting = (
        Claim.objects.visible()
        .exclude(status__in=DECIDED)
        .filter(article=OuterRef("article_id"))
        .exclude(Exists(Assignment.objects.filter(claim=OuterRef("pk"))))
        .exclude(
            Exists(
                Review.objects.filter(
                    claim=OuterRef("pk"), reviewer=OuterRef(OuterRef("assignee_id"))
                )
            )
        )
        .order_by()
        .values("article")
        .annotate(count=Count("pk"))
        .values("count")
    )
    whole = (
        Assignment.objects.filter(claim__isnull=True)
        .annotate(count=Coalesce(Subquery(inheriting), 0))
        .values_list("assignee_id", "assignee__username", "due_on", "count")
    )
    for assignee_id, username, due_on, count in whole:
        entry = rows.setdefault(assignee_id, Load(username))
        entry.open += count
        if due_on is not None and due_on < today:
            entry.overdue += count
    return sorted(rows.values(), key=lambda entry: entry.username)
