"""Telling an assignee about a new assignment, through the notifications app."""

from typing import Any

from factcheck.notifications.services import notify_assignment


def notify_assigned(assignment: Any) -> None:
    """Called by the assignment services for every assignment they create or hand to a new
    person, inside their transaction: an in-app notification (and an email for those who
    opted in, after the commit). An assignment of a whole article names the article."""
    notify_assignment(
        assignment_id=assignment.pk,
        claim=assignment.claim,
        article=assignment.article,
        recipient=assignment.assignee,
        actor=assignment.assigned_by,
        due_on=assignment.due_on,
    )
