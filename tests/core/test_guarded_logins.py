"""Guarded logins: failed logins are throttled per account and per client address
(django-axes), an admin can lift a lock-out, and a forgotten password is reset by email."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LIMIT = 10  # the default FACTCHECK_LOGIN_FAILURE_LIMIT, which the issue asks for


def log_in(client: Client, username: str, password: str, address: str = "10.0.0.1", **meta):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **meta,
    )


def logged_in_as(client: Client) -> str | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id).username if user_id else None


def test_the_configured_limit_is_ten_failures_for_fifteen_minutes(settings):
    assert settings.AXES_FAILURE_LIMIT == LIMIT
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60


def test_ten_wrong_passwords_lock_the_account_and_the_right_one_then_fails():
    make_user("alice", role="reviewer")
    client = Client()
    answers = [log_in(client, "alice", f"wrong-{n}").status_code for n in range(LIMIT)]
    # Nine ordinary refusals (the form again), then the tenth locks.
    assert answers[: LIMIT - 1] == [200] * (LIMIT - 1)
    assert answers[-1] == 429

    response = log_in(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert logged_in_as(client) is None
    text = response.content.decode()
    assert "Too many failed logins" in text and "<strong>alice</strong>" in text
    assert "15 minutes" in text
    assert 'href="/accounts/password/reset/"' in text


def test_the_lock_out_ends_after_the_configured_time():
    make_user("alice", role="reviewer")
    client = Client()
    for n in range(LIMIT):
        log_in(client, "alice", f"wrong-{n}")
    assert log_in(client, "alice", PASSWORD).status_code == 429
    # Move the failures 16 minutes into the past instead of waiting.
    last_attempt = AccessAttempt.objects.get().attempt_time
    AccessAttempt.objects.update(attempt_time=last_attempt - timedelta(minutes=16))
    assert log_in(client, "alice", PASSWORD).status_code == 302
    assert logged_in_as(client) == "alice"


def test_a_success_resets_the_count():
    make_user("alice", role="reviewer")
    client = Client()
    for n in range(LIMIT - 1):
        log_in(client, "alice", f"wrong-{n}")
    assert log_in(client, "alice", PASSWORD).status_code == 302
    client.logout()
    assert log_in(Client(), "alice", "wrong-again").status_code == 200  # not locked


def test_one_address_trying_many_accounts_is_locked_but_others_are_not():
    make_user("alice", role="reviewer")
    guesser = Client()
    for n in range(LIMIT):
        log_in(guesser, f"nobody-{n}", "guess", address="203.0.113.9")
    # alice's right password from the guessing address is refused ...
    assert log_in(guesser, "alice", PASSWORD, address="203.0.113.9").status_code == 429
    # ... and works from her own.
    colleague = Client()
    assert log_in(colleague, "alice", PASSWORD, address="10.0.0.7").status_code == 302


def test_an_admin_lifts_the_lock_out_in_the_admin():
    make_user("alice", role="reviewer")
    admin = make_user("ada", staff=True)
    admin.is_superuser = True
    admin.save()
    client = Client()
    for n in range(LIMIT):
        log_in(client, "alice", f"wrong-{n}")
    assert log_in(client, "alice", PASSWORD).status_code == 429

    staff = Client()
    staff.force_login(admin)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert "alice" in staff.get(changelist).content.decode()
    attempts = list(AccessAttempt.objects.filter(username="alice").values_list("pk", flat=True))
    response = staff.post(
        changelist,
        {"action": "delete_selected", "_selected_action": attempts, "post": "yes"},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()

    assert log_in(client, "alice", PASSWORD).status_code == 302
    assert logged_in_as(client) == "alice"


@override_settings(BEHIND_PROXY=True)
def test_behind_the_proxy_the_address_it_appended_counts_and_a_forged_one_does_not():
    make_user("alice", role="reviewer")
    # Every request reaches gunicorn from the proxy (127.0.0.1); the guesser forges a new
    # first X-Forwarded-For entry each time, the proxy appends the real address last.
    for n in range(LIMIT):
        log_in(
            Client(),
            f"nobody-{n}",
            "guess",
            address="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.9",
        )
    locked = AccessAttempt.objects.filter(ip_address="203.0.113.9")
    assert locked.count() == LIMIT
    assert not AccessAttempt.objects.filter(ip_address="127.0.0.1").exists()
    refused = log_in(
        Client(), "alice", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert refused.status_code == 429
    # A colleague behind the same proxy is not locked out with the guesser.
    allowed = log_in(
        Client(), "alice", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.7"
    )
    assert allowed.status_code == 302


def test_without_the_proxy_setting_a_forwarded_header_is_ignored():
    make_user("alice", role="reviewer")
    log_in(Client(), "alice", "wrong", address="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["10.0.0.1"]


def test_a_forgotten_password_is_reset_through_the_emailed_link():
    alice = make_user("alice", role="reviewer")
    alice.email = "alice@example.org"
    alice.save()
    client = Client()
    assert client.get(reverse("login")).content.decode().count(reverse("password_reset")) == 1

    response = client.post(reverse("password_reset"), {"email": "alice@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", message.body).group(1)

    form = client.get(link, follow=True)
    assert form.status_code == 200 and "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-new-long-passphrase-26", "new_password2": "a-new-long-passphrase-26"},
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("password_reset_complete")
    assert log_in(Client(), "alice", "a-new-long-passphrase-26").status_code == 302
    # The link works once.
    assert "too old" in client.get(link, follow=True).content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail():
    response = Client().post(reverse("password_reset"), {"email": "stranger@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_the_password_change_page_is_the_workbench_s_own():
    alice = make_user("alice", role="reviewer")
    client = Client()
    client.force_login(alice)
    page = client.get(reverse("password_change")).content.decode()
    assert "Change your password" in page and "Fact-check workbench" in page
    assert 'name="old_password"' in page
    # The header's name links to it.
    header = client.get(reverse("articles:list")).content.decode()
    assert f'href="{reverse("password_change")}"' in header
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-passphrase-7",
            "new_password2": "another-long-passphrase-7",
        },
    )
    assert response["Location"] == reverse("password_change_done")
    assert log_in(Client(), "alice", "another-long-passphrase-7").status_code == 302
