"""Personal access tokens: stored hashed, shown once, scoped, expiring, revocable, and
never more than their user."""

import datetime as dt
import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from factcheck.api import services
from factcheck.api.models import ApiToken
from factcheck.claims.models import Claim
from factcheck.history.describe import Labels, describe
from factcheck.history.models import Event
from tests.conftest import client_for

from .conftest import READ, WRITE, api_client, bearer, claim_body, token_for

pytestmark = pytest.mark.django_db
ARTICLES = "/api/v1/articles"


def test_a_token_is_stored_only_as_its_sha256(alice):
    _, raw = services.create_token(user=alice, name="CMS", scope=WRITE)
    stored = ApiToken.objects.get()
    assert stored.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw.startswith("fct_") and len(raw) > 40 and raw.startswith(stored.prefix)
    assert raw not in {str(value) for value in ApiToken.objects.values().get().values()}
    event = Event.objects.get(action="token.created")
    assert raw not in str(event.after) and stored.token_hash not in str(event.after)
    assert event.after == {
        "name": "CMS", "scope": "read-write", "prefix": stored.prefix, "owner": "alice",
        "expires_at": None,
    }  # fmt: skip


def test_the_settings_page_shows_a_new_token_once(alice):
    client = client_for(alice)
    response = client.post(reverse("tokens:create"), {"name": "CMS", "scope": WRITE})
    assert response.status_code == 201
    raw = response.context["raw"]
    assert raw in response.text and "will not be shown again" in response.text
    assert api_client().get(ARTICLES, headers=bearer(raw)).status_code == 200
    page = client.get(reverse("tokens:list"))
    assert raw not in page.text and ApiToken.objects.get().prefix in page.text


def test_a_refused_token_form_creates_nothing(alice):
    response = client_for(alice).post(reverse("tokens:create"), {"name": "", "scope": "admin"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists() and not Event.objects.filter(action__startswith="token")


def test_an_expired_token_is_refused(alice):
    raw = token_for(alice, expires_at=timezone.now() + dt.timedelta(days=1))
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert api_client().get(ARTICLES, headers=bearer(raw)).status_code == 401


def test_a_token_expiring_today_works_through_the_day(alice):
    today = timezone.now().date()
    raw = token_for(alice, expires_at=services.end_of_day(today))
    assert api_client().get(ARTICLES, headers=bearer(raw)).status_code == 200


def test_an_owner_revokes_their_token_and_it_stops_working(alice):
    raw = token_for(alice)
    token = ApiToken.objects.get()
    client = client_for(alice)
    assert client.post(reverse("tokens:revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == alice
    assert api_client().get(ARTICLES, headers=bearer(raw)).status_code == 401
    event = Event.objects.get(action="token.revoked")
    assert event.actor == alice and event.before["name"] == "script"


def test_nobody_revokes_someone_elses_token_on_the_settings_page(alice, bob, erin):
    raw = token_for(alice)
    token = ApiToken.objects.get()
    for other in (bob, erin):
        response = client_for(other).post(reverse("tokens:revoke", args=[token.pk]))
        assert response.status_code == 404
    assert ApiToken.objects.get().revoked_at is None
    assert api_client().get(ARTICLES, headers=bearer(raw)).status_code == 200


def test_an_admin_revokes_anyones_token_in_the_admin(alice, admin_user):
    raw = token_for(alice)
    token = ApiToken.objects.get()
    admin_user.is_superuser = True
    admin_user.save()
    response = client_for(admin_user).post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == admin_user
    assert api_client().get(ARTICLES, headers=bearer(raw)).status_code == 401
    event = Event.objects.get(action="token.revoked")
    assert "revoked alice’s API token" in str(describe(event, Labels()).sentence)


def test_last_use_is_noted(alice):
    raw = token_for(alice)
    assert ApiToken.objects.get().last_used_at is None
    api_client().get(ARTICLES, headers=bearer(raw))
    used = ApiToken.objects.get().last_used_at
    assert used is not None and timezone.now() - used < dt.timedelta(seconds=10)


def test_a_read_token_may_not_write(alice, article):
    raw = token_for(alice, scope=READ)
    events = Event.objects.count()
    response = api_client().post(
        f"/api/v1/articles/{article.pk}/claims",
        claim_body(article, "62 cases"),
        content_type="application/json",
        headers=bearer(raw),
    )
    assert response.status_code == 403 and response.json()["error"] == "read_only_token"
    assert not Claim.objects.exists() and Event.objects.count() == events
    assert api_client().get(ARTICLES, headers=bearer(raw)).status_code == 200


def test_a_token_cannot_do_more_than_its_user(olga, article):
    raw = token_for(olga, scope=WRITE)  # made by the command or an admin: olga has no role
    client = api_client()
    assert client.get(ARTICLES, headers=bearer(raw)).status_code == 403
    response = client.post(
        f"/api/v1/articles/{article.pk}/claims",
        claim_body(article, "62 cases"),
        content_type="application/json",
        headers=bearer(raw),
    )
    assert response.status_code == 403 and not Claim.objects.exists()


def test_a_deactivated_users_token_stops_working(alice):
    raw = token_for(alice)
    alice.is_active = False
    alice.save()
    assert api_client().get(ARTICLES, headers=bearer(raw)).status_code == 401


def test_a_wrong_token_is_401(alice):
    token_for(alice)
    response = api_client().get(ARTICLES, headers=bearer("fct_not-a-token"))
    assert response.status_code == 401 and response.json()["error"] == "invalid_token"
    assert response["WWW-Authenticate"] == 'Bearer error="invalid_token"'


def test_the_command_prints_a_working_token(alice):
    out = StringIO()
    call_command(
        "create_token", "alice", "--name", "ci", "--scope", "read", "--expires", "2099-01-31",
        stdout=out,
    )  # fmt: skip
    raw = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert token.scope == READ and token.name == "ci"
    assert token.expires_at == dt.datetime(2099, 2, 1, tzinfo=dt.UTC)
    assert api_client().get(ARTICLES, headers=bearer(raw)).status_code == 200
    assert Event.objects.filter(action="token.created", actor=alice).exists()


@pytest.mark.parametrize(
    "args",
    [
        ["nobody", "--name", "x"],
        ["alice", "--name", " "],
        ["alice", "--name", "x", "--expires", "soon"],
        ["alice", "--name", "x", "--expires", "2001-01-01"],
    ],
)
def test_the_command_refuses_what_it_cannot_make(alice, args):
    with pytest.raises(CommandError):
        call_command("create_token", *args, stdout=StringIO())
    assert not ApiToken.objects.exists()


def test_token_events_read_as_sentences(alice, erin):
    services.create_token(user=alice, name="CMS", scope=WRITE)
    token, _ = services.create_token(
        user=alice, name="ci", created_by=erin, expires_at=services.end_of_day(dt.date(2099, 1, 31))
    )
    services.revoke_token(token=token, revoked_by=alice)
    sentences = [str(describe(e, Labels()).sentence) for e in Event.objects.order_by("pk")]
    assert "created a read-write API token “CMS”" in sentences[0]
    assert "created for alice a read-only API token “ci”" in sentences[1]
    assert "expiring 2099-02-01 00:00 UTC" in sentences[1]
    assert "revoked their API token “ci”" in sentences[2]


def revoked_token(user) -> str:
    raw = token_for(user)
    services.revoke_token(token=ApiToken.objects.get(name="script"), revoked_by=user)
    return raw


def expired_token(user) -> str:
    raw = token_for(user, name="old")
    ApiToken.objects.filter(name="old").update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    return raw


@pytest.mark.parametrize(
    "dead_token",
    [lambda user: "fct_not-a-token", revoked_token, expired_token],
    ids=["unknown", "revoked", "expired"],
)
def test_a_dead_token_is_401_even_beside_a_logged_in_session(alice, article, dead_token):
    raw = dead_token(alice)
    session = client_for(alice)  # the browser the script runs beside is logged in
    assert session.get(ARTICLES).status_code == 200
    response = session.get(ARTICLES, headers=bearer(raw))
    assert response.status_code == 401 and response.json()["error"] == "invalid_token"
    assert response["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    events = Event.objects.count()
    write = session.post(
        f"/api/v1/articles/{article.pk}/claims",
        claim_body(article, "62 cases"),
        content_type="application/json",
        headers=bearer(raw),
    )
    assert write.status_code == 401 and write.json()["error"] == "invalid_token"
    assert not Claim.objects.exists() and Event.objects.count() == events
