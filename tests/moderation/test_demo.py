import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from factcheck.core.demo import load_demo
from factcheck.history.models import Event
from factcheck.moderation.models import Flag

pytestmark = pytest.mark.django_db


def test_the_demo_has_one_open_flag_waiting_in_the_moderation_queue_once():
    load_demo()
    [flag] = Flag.objects.all()
    assert flag.status == Flag.Status.OPEN and flag.source is not None
    assert flag.flagged_by.username == "alice" and flag.source.added_by.username == "bob"
    assert Event.objects.filter(action="flag.raised").count() == 1
    events = Event.objects.count()
    load_demo()
    assert Flag.objects.count() == 1 and Event.objects.count() == events
    client = Client()
    client.force_login(User.objects.get(username="erin"))
    html = client.get(reverse("moderation:queue")).text
    assert f'id="flag-{flag.pk}"' in html and flag.reason[:40] in html
