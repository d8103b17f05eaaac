"""The assignment forms: the claim panel's (assign, change), the whole article's and the
bulk form of the claim list and the decisions queue. Their templates draw the reviewers
from a list the page has loaded already (queries.reviewers); the choices' queryset is read
only when a form validates."""

from typing import Any

from django import forms

from factcheck.core.forms import PlainTextForm

from .models import Assignment
from .queries import reviewers_queryset


class AssignForm(PlainTextForm):
    assignees = forms.ModelMultipleChoiceField(
        queryset=None, label="Reviewers", error_messages={"required": "Choose a reviewer."}
    )
    due_on = forms.DateField(required=False, label="Due")
    priority = forms.TypedChoiceField(
        choices=Assignment.Priority.choices, coerce=int, initial=Assignment.Priority.NORMAL
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignees"].queryset = reviewers_queryset()

    def chosen(self) -> set[str]:
        """The assignee ids ticked (as strings), to draw the checkboxes again."""
        return {str(value) for value in (self["assignees"].value() or [])}


class ChangeForm(PlainTextForm):
    assignee = forms.ModelChoiceField(queryset=None, label="Reviewer")
    due_on = forms.DateField(required=False, label="Due")
    priority = forms.TypedChoiceField(choices=Assignment.Priority.choices, coerce=int)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = reviewers_queryset()


def parse_claim_ids(values: list[str]) -> list[int]:
    """The bulk form's ticked claims: ids only, at most 500 (one page of a long list)."""
    return sorted(
        {int(value) for value in values if value.isascii() and value.isdigit() and len(value) < 12}
    )[:500]
