"""Email for notifications: only for the kinds a user opted in to (none by default), sent
after the transaction commits, nothing when it rolls back, and a failing mail server never
loses the action."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.urls import reverse

from factcheck.claims import services
from factcheck.claims.models import Comment
from factcheck.notifications.models import EmailPreference, Kind, Notification
from factcheck.notifications.services import set_email_kinds

pytestmark = pytest.mark.django_db


@pytest.fixture
def bob_wants_mentions(bob):
    bob.email = "bob@newsroom.example"
    bob.save()
    set_email_kinds(user=bob, kinds=[Kind.MENTION])
    return bob


def test_an_opted_in_mention_is_emailed_after_the_commit(
    claim, alice, bob_wants_mentions, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.add_comment(claim=claim, author=alice, body="@bob, the 2019 report?")
        assert mail.outbox == []  # not before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    [message] = mail.outbox
    notification = Notification.objects.get(recipient=bob_wants_mentions)
    assert message.to == ["bob@newsroom.example"]
    assert message.subject == "alice mentioned you in a comment on “62 cases”."
    assert "@bob, the 2019 report?" in message.body
    assert f"http://127.0.0.1:8000/notifications/{notification.pk}/" in message.body
    assert "&" not in message.subject and "&#" not in message.body


def test_no_email_for_kinds_not_opted_in(
    claim, alice, bob_wants_mentions, django_capture_on_commit_callbacks
):
    from tests.factories import make_review

    make_review(claim, bob_wants_mentions, "true")
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(claim=claim, author=alice, body="A reply, no mention.")
    assert Notification.objects.filter(kind=Kind.REPLY).count() == 1
    assert mail.outbox == []


def test_nobody_gets_email_by_default(claim, alice, bob, django_capture_on_commit_callbacks):
    bob.email = "bob@newsroom.example"
    bob.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.add_comment(claim=claim, author=alice, body="@bob hi")
    assert callbacks == [] and mail.outbox == []


def test_nothing_is_sent_when_the_transaction_rolls_back(
    claim, alice, bob_wants_mentions, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.add_comment(claim=claim, author=alice, body="@bob hi")
        raise RuntimeError("the rest of the action failed")
    assert callbacks == [] and mail.outbox == []
    assert not Comment.objects.exists()


def test_a_failing_mail_server_does_not_lose_the_comment(
    claim, alice_client, bob_wants_mentions, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("the mail server went away")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(
            reverse("claims:add-comment", args=[claim.pk]), {"body": "@bob look at this"}
        )
    assert response.status_code == 302
    assert Comment.objects.filter(body="@bob look at this").exists()
    assert Notification.objects.filter(recipient=bob_wants_mentions).count() == 1
    assert mail.outbox == []
    assert "could not be sent" in caplog.text


def test_the_settings_page_opts_in_per_kind(bob, bob_client):
    url = reverse("notifications:settings")
    page = bob_client.get(url).content.decode()
    assert page.count('type="checkbox"') == len(Kind.values) and "checked" not in page
    response = bob_client.post(url, {"kinds": [Kind.MENTION, Kind.VERDICT]})
    assert response.status_code == 302
    kinds = set(EmailPreference.objects.filter(user=bob).values_list("kind", flat=True))
    assert kinds == {Kind.MENTION, Kind.VERDICT}
    assert bob_client.get(url).content.decode().count("checked") == 2
    bob_client.post(url, {"kinds": [Kind.REPLY]})
    assert list(EmailPreference.objects.filter(user=bob).values_list("kind", flat=True)) == [
        Kind.REPLY
    ]


def test_the_settings_page_refuses_unknown_kinds(bob, bob_client):
    response = bob_client.post(reverse("notifications:settings"), {"kinds": ["everything"]})
    assert response.status_code == 400 and "not one of the available choices" in (
        response.content.decode()
    )
    assert not EmailPreference.objects.exists()
