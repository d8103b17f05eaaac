"""What a newcomer sees after `make demo` (issues 3 to 5 each ask for part of it)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from factcheck.claims.models import Claim
from factcheck.core.demo import DEMO_PASSWORDS, load_demo
from factcheck.moderation.models import Flag
from tests.conftest import log_in_with_password

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    load_demo()


def logged_in(username: str) -> Client:
    client = Client()
    assert log_in_with_password(client, username, DEMO_PASSWORDS[username])
    return client


def test_demo_has_a_contested_claim_in_the_queue_a_verified_claim_and_an_open_flag(demo):
    assert Claim.objects.visible().filter(status="contested").exists()
    verified = Claim.objects.visible().get(status="verified")
    assert Flag.objects.open().count() == 1
    erin = logged_in("erin")
    queue = erin.get(reverse("decisions:queue"))
    contested = Claim.objects.visible().filter(status="contested").first()
    assert contested.exact[:30] in queue.text
    assert escape(Flag.objects.open().get().reason) in erin.get(reverse("moderation:queue")).text
    assert verified.verdict is not None and verified.published_at is not None


def test_demo_claims_have_reviews_from_alice_and_bob_and_sources(demo):
    claims = Claim.objects.visible()
    assert claims.count() >= 5
    reviewers = set(claims.values_list("reviews__reviewer__username", flat=True))
    assert {"alice", "bob"} <= reviewers
    assert claims.filter(sources__isnull=False).exists()


def test_demo_fact_check_page_is_public(demo):
    verified = Claim.objects.visible().get(status="verified")
    page = Client().get(reverse("public:fact-check", args=[verified.pk]))
    assert page.status_code == 200
    assert 'type="application/ld+json"' in page.text
    assert escape(verified.verdict.public_summary) in page.text
