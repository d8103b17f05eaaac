import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from factcheck.core.services import role_of
from factcheck.history.models import Event
from tests.conftest import PASSWORD, log_in_with_password

pytestmark = pytest.mark.django_db
PEOPLE = reverse("people")


def test_editor_sees_who_is_who_but_cannot_change_roles(erin_client, alice, olga):
    page = erin_client.get(PEOPLE)
    assert page.status_code == 200
    assert "alice" in page.text and "olga" in page.text
    assert "Set role" not in page.text
    response = erin_client.post(reverse("people-role", args=[olga.pk]), {"role": "editor"})
    assert response.status_code == 403
    assert role_of(User.objects.get(pk=olga.pk)) == "none"


def test_reviewer_and_outsider_cannot_see_people(alice_client, olga_client, client):
    assert alice_client.get(PEOPLE).status_code == 403
    assert olga_client.get(PEOPLE).status_code == 403
    assert client.get(PEOPLE).status_code == 302


def test_admin_changes_a_role_and_it_is_recorded(admin_client_, admin_user, olga):
    response = admin_client_.post(reverse("people-role", args=[olga.pk]), {"role": "reviewer"})
    assert response.status_code == 302
    assert role_of(User.objects.get(pk=olga.pk)) == "reviewer"
    event = Event.objects.get(action="user.role_changed")
    assert (event.actor, event.before["role"], event.after["role"]) == (
        admin_user,
        "none",
        "reviewer",
    )
    assert "Set role" in admin_client_.get(PEOPLE).text


def test_admin_cannot_change_own_role(admin_client_, admin_user):
    response = admin_client_.post(reverse("people-role", args=[admin_user.pk]), {"role": "none"})
    assert response.status_code == 403
    assert User.objects.get(pk=admin_user.pk).is_staff


def test_unknown_role_is_refused(admin_client_, olga):
    response = admin_client_.post(reverse("people-role", args=[olga.pk]), {"role": "superhero"})
    assert response.status_code == 400
    assert not Event.objects.exists()


def test_deactivating_ends_sessions_at_once_and_keeps_the_name(admin_client_, alice):
    from factcheck.articles.services import import_article

    with_alice = Client()
    assert log_in_with_password(with_alice, "alice", PASSWORD)
    import_article(content="Alice imported this.", title="Alice's", created_by=alice)
    assert with_alice.get(reverse("articles:list")).status_code == 200
    assert Session.objects.count() == 2

    response = admin_client_.post(reverse("people-active", args=[alice.pk]), {"active": "0"})
    assert response.status_code == 302
    assert Session.objects.count() == 1  # only the admin's own
    after = with_alice.get(reverse("articles:list"))
    assert after.status_code == 302 and after["Location"].startswith(reverse("login"))
    assert not log_in_with_password(Client(), "alice", PASSWORD)
    event = Event.objects.get(action="user.deactivated")
    assert event.after["sessions_ended"] == 1
    assert Event.objects.get(action="article.imported").actor_name == "alice"


def test_reactivating_lets_them_log_in_again(admin_client_, alice):
    admin_client_.post(reverse("people-active", args=[alice.pk]), {"active": "0"})
    admin_client_.post(reverse("people-active", args=[alice.pk]), {"active": "1"})
    assert log_in_with_password(Client(), "alice", PASSWORD)
    assert list(Event.objects.values_list("action", flat=True)) == [
        "user.deactivated",
        "user.reactivated",
    ]
