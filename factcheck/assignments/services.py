"""Every write of assignments, each with its history event in the same transaction.

Editors and admins assign; only reviewers (the reviewer role, active) are assigned. A
claim's assignment names the claim (its event is on the claim's timeline); a whole
article's names the article and no claim, and its claims inherit it unless they have
assignments of their own (queries.effective_assignments).
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from factcheck.core import roles
from factcheck.history.services import record

from .models import Assignment
from .notify import notify_assigned


class AssignmentRefused(Exception):
    """A request the rules refuse (not a reviewer, a deleted claim, a duplicate): the views
    show the message beside the form."""


def _may_be_assigned(user: Any) -> bool:
    """Reviewers only: the reviewer role and an active account (editors decide, they are
    not asked to review)."""
    return bool(user.is_active and roles.REVIEWER in roles.role_names(user))


def _check(*, assignee: Any, assigned_by: Any) -> None:
    if not roles.is_editor(assigned_by):
        raise PermissionDenied("Only editors assign claims.")
    if not _may_be_assigned(assignee):
        raise AssignmentRefused(
            f"{assignee.get_username()} is not a reviewer: only reviewers are assigned."
        )


def _record(assignment: Assignment, actor: Any, *, action: str, **values: Any) -> None:
    record(
        actor=actor,
        action=action,
        article=assignment.article,
        claim=assignment.claim,
        target=assignment,
        **values,
    )


def _assign(
    *, article: Any, claim: Any, assignee: Any, assigned_by: Any, due_on: Any, priority: int
) -> Assignment:
    """Create the assignment, or change the due date and priority of the one that exists
    for the same claim (or article) and person; nothing when nothing changes."""
    _check(assignee=assignee, assigned_by=assigned_by)
    existing = (
        Assignment.objects.select_for_update()
        .filter(article=article, claim=claim, assignee=assignee)
        .first()
    )
    if existing is not None:
        existing.assignee = assignee
        if (existing.due_on, existing.priority) == (due_on, priority):
            return existing
        before = existing.as_event()
        existing.due_on, existing.priority = due_on, priority
        existing.save(update_fields=["due_on", "priority", "updated_at"])
        _record(
            existing,
            assigned_by,
            action="assignment.changed",
            before=before,
            after=existing.as_event(),
        )
        return existing
    assignment = Assignment.objects.create(
        article=article,
        claim=claim,
        assignee=assignee,
        assigned_by=assigned_by,
        due_on=due_on,
        priority=priority,
    )
    _record(assignment, assigned_by, action="assignment.created", after=assignment.as_event())
    notify_assigned(assignment)
    return assignment


@transaction.atomic
def assign_claim(
    *,
    claim: Any,
    assignee: Any,
    assigned_by: Any,
    due_on: dt.date | None = None,
    priority: int = Assignment.Priority.NORMAL,
) -> Assignment:
    if claim.deleted_at is not None:
        raise AssignmentRefused("This claim was deleted.")
    return _assign(
        article=claim.article,
        claim=claim,
        assignee=assignee,
        assigned_by=assigned_by,
        due_on=due_on,
        priority=priority,
    )


@transaction.atomic
def assign_article(
    *,
    article: Any,
    assignee: Any,
    assigned_by: Any,
    due_on: dt.date | None = None,
    priority: int = Assignment.Priority.NORMAL,
) -> Assignment:
    """The whole article: every claim of it, now and later, that has no assignment of its
    own is in the assignee's queue."""
    return _assign(
        article=article,
        claim=None,
        assignee=assignee,
        assigned_by=assigned_by,
        due_on=due_on,
        priority=priority,
    )


@transaction.atomic
def assign_claims(
    *,
    claims: Iterable[Any],
    assignees: Iterable[Any],
    assigned_by: Any,
    due_on: dt.date | None = None,
    priority: int = Assignment.Priority.NORMAL,
) -> list[Assignment]:
    """Bulk assignment (the claim list's and the decisions queue's checkboxes): every claim
    to every assignee, all or nothing, one event per assignment."""
    assignees = list(assignees)
    return [
        assign_claim(
            claim=claim,
            assignee=assignee,
            assigned_by=assigned_by,
            due_on=due_on,
            priority=priority,
        )
        for claim in claims
        for assignee in assignees
    ]


@transaction.atomic
def reassign(
    *,
    assignment: Assignment,
    assignee: Any,
    assigned_by: Any,
    due_on: dt.date | None,
    priority: int,
) -> Assignment:
    """Give the assignment to someone else, or change its due date or priority."""
    _check(assignee=assignee, assigned_by=assigned_by)
    # of=self: PostgreSQL locks no row of a nullable outer join (the claim, for an article's)
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("assignee", "claim", "article")
        .get(pk=assignment.pk)
    )
    new_person = assignee.pk != assignment.assignee_id
    if (
        new_person
        and Assignment.objects.filter(
            article_id=assignment.article_id, claim_id=assignment.claim_id, assignee=assignee
        ).exists()
    ):
        raise AssignmentRefused(f"{assignee.get_username()} is already assigned to it.")
    if not new_person and (assignment.due_on, assignment.priority) == (due_on, priority):
        return assignment
    before = assignment.as_event()
    assignment.assignee, assignment.due_on, assignment.priority = assignee, due_on, priority
    assignment.assigned_by = assigned_by
    assignment.save()
    _record(
        assignment,
        assigned_by,
        action="assignment.changed",
        before=before,
        after=assignment.as_event(),
    )
    if new_person:
        notify_assigned(assignment)  # a new person is asked: they are told as for a new one
    return assignment


@transaction.atomic
def unassign(*, assignment: Assignment, unassigned_by: Any) -> Assignment:
    """Remove the assignment. Its row goes; the event keeps what it was. A claim that loses
    its last own assignment inherits its article's again."""
    if not roles.is_editor(unassigned_by):
        raise PermissionDenied("Only editors unassign claims.")
    # of=self: PostgreSQL locks no row of a nullable outer join (the claim, for an article's)
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("assignee", "claim", "article")
        .get(pk=assignment.pk)
    )
    _record(assignment, unassigned_by, action="assignment.removed", before=assignment.as_event())
    pk = assignment.pk
    assignment.delete()
    assignment.pk = pk  # the caller (and the event's target) still name it
    return assignment
