"""Demo assignments for `make demo` (called from factcheck.core.demo.load_demo): erin asks
bob to review three claims of the seed article (one of them overdue) and alice one, through
the services, so the history shows who asked whom. Once: nothing when the article has any."""

import datetime as dt
from typing import Any

from django.utils import timezone

from factcheck.claims.models import Claim

from . import services
from .models import Assignment

# exact quote (as in claims/demo.py), assignee, days until due (negative: overdue), priority
DEMO_ASSIGNMENTS = [
    ("Roedemeier", "bob", -2, Assignment.Priority.HIGH),
    ("the 35-page report", "bob", 3, Assignment.Priority.NORMAL),
    ("101 were related to land rights", "bob", None, Assignment.Priority.LOW),
    ("the 35-page report", "alice", 5, Assignment.Priority.NORMAL),
]


def seed_demo_assignments(users: dict[str, Any], article: Any) -> int:
    if (
        article is None
        or "erin" not in users
        or Assignment.objects.filter(article=article).exists()
    ):
        return 0
    today = timezone.localdate()
    created = 0
    for exact, username, days, priority in DEMO_ASSIGNMENTS:
        claim = Claim.objects.visible().filter(article=article, exact__startswith=exact).first()
        if claim is None or username not in users:
            continue
        services.assign_claim(
            claim=claim,
            assignee=users[username],
            assigned_by=users["erin"],
            due_on=None if days is None else today + dt.timedelta(days=days),
            priority=priority,
        )
        created += 1
    return created
