"""The bell, the notifications page, opening one and marking read."""

import re

import pytest
from django.urls import reverse

from factcheck.claims import services
from factcheck.notifications.models import Notification
from factcheck.notifications.services import notify_assignment

pytestmark = pytest.mark.django_db

BELL = re.compile(
    r'<a class="bell( has-unread)?" id="notification-bell" href="/notifications/">.*?'
    r'<span class="visually-hidden">Notifications, </span><span class="bell-count">(\d+)</span>'
    r'<span class="visually-hidden"> unread</span></a>',
    re.S,
)


def bell(client, url="/articles/"):
    match = BELL.search(client.get(url).content.decode())
    return None if match is None else (int(match.group(2)), bool(match.group(1)))


def mention_bob(claim, alice, times=1):
    for number in range(times):
        services.add_comment(claim=claim, author=alice, body=f"@bob number {number}")


def test_the_bell_shows_the_unread_count_on_every_page(claim, alice, bob_client):
    assert bell(bob_client) == (0, False)
    mention_bob(claim, alice, times=2)
    assert bell(bob_client) == (2, True)
    assert bell(bob_client, reverse("history:person-work", args=["bob"])) == (2, True)
    assert bell(bob_client, reverse("notifications:list")) == (2, True)


def test_people_without_a_role_have_no_bell_and_no_inbox(olga_client):
    assert bell(olga_client, reverse("password_change")) is None
    assert olga_client.get(reverse("notifications:list")).status_code == 403


def test_the_live_poll_carries_the_unread_count(claim, alice, bob, bob_client):
    from factcheck.history.models import Event

    url = reverse("claims:changes", args=[claim.article_id])
    since = Event.objects.latest("pk").pk
    response = bob_client.get(url, {"since": since}, headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["X-Notifications-Unread"] == "0"
    mention_bob(claim, alice)
    response = bob_client.get(url, {"since": since}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and response["X-Notifications-Unread"] == "1"


def test_the_page_lists_newest_first_as_sentences_linking_to_the_claim(
    claim, alice, bob, erin, bob_client
):
    mention_bob(claim, alice)
    notify_assignment(assignment_id=3, claim=claim, recipient=bob, actor=erin)
    html = bob_client.get(reverse("notifications:list")).content.decode()
    mention = Notification.objects.filter(kind="mention").get()
    first = html.index("erin assigned you the claim “62 cases”.")
    second = html.index("alice mentioned you in a comment on “62 cases”.")
    assert first < second
    assert f'href="/notifications/{mention.pk}/"' in html
    assert "@bob number 0" in html  # the excerpt


def test_the_page_is_paginated(claim, alice, bob_client):
    mention_bob(claim, alice, times=30)
    first = bob_client.get(reverse("notifications:list")).content.decode()
    second = bob_client.get(reverse("notifications:list"), {"page": 2}).content.decode()
    assert first.count('class="notification ') == 25 and second.count('class="notification ') == 5
    assert "@bob number 29" in first and "@bob number 0" in second


def test_opening_a_notification_marks_it_read_and_goes_to_the_claim(claim, alice, bob_client):
    mention_bob(claim, alice, times=2)
    first = Notification.objects.order_by("pk").first()
    response = bob_client.get(reverse("notifications:open", args=[first.pk]))
    assert response.status_code == 302 and response["Location"] == f"/claims/{claim.pk}/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert Notification.objects.filter(read_at__isnull=True).count() == 1
    assert bell(bob_client) == (1, True)


def test_someone_elses_notification_is_not_found(claim, alice, erin_client, bob_client):
    mention_bob(claim, alice)
    notification = Notification.objects.get()
    assert erin_client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404
    url = reverse("notifications:read", args=[notification.pk])
    assert erin_client.post(url).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_one_read_and_mark_all_read(claim, alice, bob, bob_client):
    mention_bob(claim, alice, times=3)
    first = Notification.objects.order_by("pk").first()
    response = bob_client.post(reverse("notifications:read", args=[first.pk]), {"page": "1"})
    assert response.status_code == 302 and response["Location"] == "/notifications/?page=1"
    assert Notification.objects.filter(read_at__isnull=True).count() == 2
    response = bob_client.post(reverse("notifications:read-all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert bell(bob_client) == (0, False)


def test_marking_read_takes_a_post(claim, alice, bob_client):
    mention_bob(claim, alice)
    notification = Notification.objects.get()
    assert bob_client.get(reverse("notifications:read", args=[notification.pk])).status_code == 405
    assert bob_client.get(reverse("notifications:read-all")).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_marking_read_needs_the_csrf_token(claim, alice, bob):
    from django.test import Client

    mention_bob(claim, alice)
    client = Client(enforce_csrf_checks=True)
    client.force_login(bob)
    assert client.post(reverse("notifications:read-all")).status_code == 403
    assert Notification.objects.get().read_at is None
