"""What the claim panel (templates/assignments/_panel.html, the `assignments` region of
claims/claim.html) and the reading page show of assignments. Called by
claims.views.panel_context and claims.reading_views; one query for everyone (the claim's
assignments), one more for editors (the reviewers their forms offer)."""

from typing import Any

from django.utils import timezone

from factcheck.core import roles

from .forms import AssignForm
from .queries import DECIDED, article_assignments, effective_assignments, load, reviewers


def panel_context(
    user: Any, claim: Any, reviews: list[Any], *, form: AssignForm | None = None, error: str = ""
) -> dict[str, Any]:
    """`reviews`: the claim's reviews the panel loaded, to mark assignments done without a
    query (an assignment is done once its assignee reviewed the claim). Only whether a
    review exists shows, never its rating or rationale (blind review)."""
    assignments = effective_assignments([claim])[claim.pk]
    reviewed = {review.reviewer_id for review in reviews}
    today = timezone.localdate()
    for assignment in assignments:
        assignment.done = assignment.assignee_id in reviewed
        assignment.overdue = (
            not assignment.done
            and claim.status not in DECIDED
            and assignment.due_on is not None
            and assignment.due_on < today
        )
    editor = roles.is_editor(user)
    return {
        "assignments": assignments,
        "assignment_form": form or (AssignForm() if editor else None),
        "assignment_error": error,
        "assign_reviewers": reviewers() if editor else [],
        "priorities": AssignForm.base_fields["priority"].choices,
    }


def reading_context(user: Any, article: Any) -> dict[str, Any]:
    """The reading page's assignment forms, for editors only (two queries): the bulk form
    under the claim list and the whole-article form."""
    if not roles.is_editor(user):
        return {"can_assign": False}
    return {
        "can_assign": True,
        "article_assignments": article_assignments(article),
        "assign_reviewers": reviewers(),
        "assignment_form": AssignForm(),
        "priorities": AssignForm.base_fields["priority"].choices,
    }


def queue_context(claims: list[Any], *, whole_page: bool) -> dict[str, Any]:
    """The decisions queue's part: each row's assignees (`claim.assigned`, one query) and,
    for the whole page, the load per reviewer and the bulk form (three queries)."""
    assigned = effective_assignments(claims)
    for claim in claims:
        claim.assigned = assigned[claim.pk]
    if not whole_page:
        return {}
    people = reviewers()
    return {
        "load": load(people),
        "assign_reviewers": people,
        "assignment_form": AssignForm(),
        "priorities": AssignForm.base_fields["priority"].choices,
    }
