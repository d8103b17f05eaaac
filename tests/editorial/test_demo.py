"""`make demo` shows a contested claim waiting in the decisions queue and one claim that
erin verified with sources that count; loading it again changes nothing."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from factcheck.claims.models import Claim, Verdict
from factcheck.core.demo import load_demo
from factcheck.history.models import Event

pytestmark = pytest.mark.django_db


def test_demo_has_a_contested_claim_in_the_queue_and_a_verified_one():
    load_demo()
    verified = Claim.objects.get(status="verified")
    verdict = verified.verdict
    assert verdict.decided_by.username == "erin" and verdict.rating.slug == "true"
    assert verdict.sources.exists()
    assert all(source.claim_id == verified.pk for source in verdict.sources.all())
    assert Event.objects.filter(action="claim.verified", actor_name="erin").count() == 1
    contested = Claim.objects.get(status="contested")
    client = Client()
    client.force_login(User.objects.get(username="erin"))
    queue = client.get(reverse("decisions:queue")).text
    assert f'id="queue-claim-{contested.pk}"' in queue
    assert f'id="queue-claim-{verified.pk}"' not in queue
    events = Event.objects.count()
    load_demo()
    assert Verdict.objects.count() == 1 and Event.objects.count() == events
