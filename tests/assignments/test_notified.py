"""An assignment tells its assignee: a claim's names the claim, a whole article's the
article (factcheck/assignments/notify.py -> notifications.services.notify_assignment)."""

import datetime as dt

import pytest
from django.urls import reverse

from factcheck.assignments import services as assigning
from factcheck.notifications.models import Notification
from tests.factories import make_article, make_claim

pytestmark = pytest.mark.django_db

TEXT = "The ministry said 62 cases were recorded in 2020. Officials counted 185 assemblies."


def test_assigning_a_claim_tells_the_reviewer_with_its_due_date(alice, bob, erin, bob_client):
    article = make_article(TEXT, created_by=erin)
    claim = make_claim(article, "62 cases", created_by=alice)
    assigning.assign_claim(
        claim=claim, assignee=bob, assigned_by=erin, due_on=dt.date(2026, 12, 10)
    )
    told = Notification.objects.get(recipient=bob)
    assert (told.kind, told.claim_id, told.article_id) == ("assignment", claim.pk, None)
    page = bob_client.get(reverse("notifications:list")).text
    assert "erin assigned you the claim “62 cases”, due 2026-12-10." in page
    assert page.count("2026-12-10") == 1  # said once, in the sentence
    opened = bob_client.get(reverse("notifications:open", args=[told.pk]))
    assert opened["Location"] == claim.get_absolute_url()


def test_assigning_a_whole_article_tells_the_reviewer_and_leads_to_the_article(
    bob, erin, bob_client
):
    article = make_article(TEXT, title="Assemblies in 2020", created_by=erin)
    assigning.assign_article(article=article, assignee=bob, assigned_by=erin)
    told = Notification.objects.get(recipient=bob)
    assert (told.claim_id, told.article_id) == (None, article.pk)
    page = bob_client.get(reverse("notifications:list")).text
    assert "erin assigned you the whole article “Assemblies in 2020”." in page
    opened = bob_client.get(reverse("notifications:open", args=[told.pk]))
    assert opened["Location"] == article.get_absolute_url()
    assert bob_client.get(reverse("notifications:list")).context["page"][0].read_at is not None


def test_handing_an_assignment_to_someone_else_tells_them_once(alice, bob, erin):
    article = make_article(TEXT, created_by=erin)
    claim = make_claim(article, "62 cases", created_by=alice)
    assignment = assigning.assign_claim(claim=claim, assignee=bob, assigned_by=erin)
    assigning.reassign(
        assignment=assignment, assignee=alice, assigned_by=erin, due_on=None, priority=1
    )
    assert Notification.objects.filter(recipient=alice, kind="assignment").count() == 1
    assert Notification.objects.filter(recipient=bob, kind="assignment").count() == 1
