"""The admin shows kept analyses and decisions, and changes neither."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from factcheck.suggestions.models import RevisionAnalysis, SuggestionDecision
from factcheck.suggestions.services import dismiss_suggestion
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_logged_in(client):
    user = User.objects.create_superuser("root", password="root-password-2026")
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", [RevisionAnalysis, SuggestionDecision])
def test_listed_but_not_editable(admin_client_logged_in, alice, model):
    article = make_article("Police counted 62 cases in 2020.")
    revision = article.current_revision
    dismiss_suggestion(revision=revision, user=alice, start=0, end=len(revision.text))
    name = f"admin:suggestions_{model._meta.model_name}"
    assert admin_client_logged_in.get(reverse(f"{name}_changelist")).status_code == 200
    assert admin_client_logged_in.get(reverse(f"{name}_add")).status_code == 403
    row = model.objects.get()
    assert admin_client_logged_in.post(reverse(f"{name}_delete", args=[row.pk])).status_code == 403
    assert model.objects.filter(pk=row.pk).exists()
