"""The demo shows assignments (issue 14): bob lands on a queue with three claims, one of
them overdue; erin sees the load; loading the demo again adds nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from factcheck.assignments.models import Assignment
from factcheck.core.demo import DEMO_PASSWORDS, load_demo
from factcheck.history.models import Event
from tests.conftest import log_in_with_password

pytestmark = pytest.mark.django_db


def test_demo_has_assignments_one_overdue_and_bob_lands_on_them(db):
    load_demo()
    assert Assignment.objects.count() == 4
    assert Event.objects.filter(action="assignment.created").count() == 4
    client = Client()
    assert log_in_with_password(client, "bob", DEMO_PASSWORDS["bob"])
    page = client.get(reverse("home"), follow=True)
    assert page.redirect_chain[-1][0] == reverse("assignments:my-queue")
    assert len(page.context["open_items"]) == 3 and page.context["overdue"] == 1
    assert "Roedemeier" in page.text and "1 overdue" in page.text
    load_demo()
    assert Assignment.objects.count() == 4
