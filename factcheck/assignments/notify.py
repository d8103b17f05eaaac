"""Telling an assignee about a new assignment.

A no-op placeholder: the notifications app (factcheck/notifications/, being built in
parallel by another helper) will be wired in here by the lead, so services.py already
calls it at the right moment (after each assignment is created, inside the transaction)
and needs no change then.
"""

from typing import Any


def notify_assigned(assignment: Any) -> None:
    """Called by services.assign_claim and services.assign_article for every assignment
    they create. Does nothing yet (see the module docstring)."""
    return None
