"""What every request costs before its view runs (bench/bench_claims.py): the session comes
from a short-lived per-process cache, and the user arrives with its role flags in one
query. Ending a user's sessions must drop the cached copies too."""

from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck.core import roles
from factcheck.core.backends import RoleAwareBackend, riding_along
from factcheck.core.services import end_sessions

pytestmark = pytest.mark.django_db


def test_user_and_roles_load_in_one_query(alice, erin, admin_user):
    backend = RoleAwareBackend()
    for user, reviewer, editor in (
        (alice, True, False),
        (erin, True, True),
        (admin_user, True, True),
    ):
        with CaptureQueriesContext(connection) as queries:
            loaded = backend.get_user(user.pk)
            assert (roles.is_reviewer(loaded), roles.is_editor(loaded)) == (reviewer, editor)
        assert len(queries) == 1


def test_inactive_or_unknown_users_are_not_loaded(alice):
    alice.is_active = False
    alice.save()
    assert RoleAwareBackend().get_user(alice.pk) is None
    assert RoleAwareBackend().get_user(987654) is None


def test_a_tampered_session_user_id_is_no_user(alice):
    for tampered in ("abc", f"{alice.pk} OR 1=1", "", None):
        assert RoleAwareBackend().get_user(tampered) is None


def test_the_loaded_user_is_the_whole_user(alice):
    loaded = RoleAwareBackend().get_user(str(alice.pk))  # the session stores a string
    for name in ("pk", "username", "password", "is_active", "is_staff", "last_login"):
        assert getattr(loaded, name) == getattr(alice, name)
    assert loaded.date_joined == alice.date_joined  # converted, not a string from SQLite
    assert loaded.get_session_auth_hash() == alice.get_session_auth_hash()


def test_a_riding_query_is_answered_in_the_same_statement(alice):
    with (
        CaptureQueriesContext(connection) as queries,
        riding_along("SELECT %s + %s", [987654320, 2]) as rider,
    ):
        loaded = RoleAwareBackend().get_user(alice.pk)
    assert len(queries) == 1 and loaded.pk == alice.pk
    assert "987654320" in queries[0]["sql"]
    assert rider.ran and rider.value == 987654322
    # Outside the block the user query carries nothing more. (A marker no id can match: on
    # PostgreSQL, ids keep counting across tests, and alice was once 3424, holding "42".)
    with CaptureQueriesContext(connection) as queries:
        RoleAwareBackend().get_user(alice.pk)
    assert "987654320" not in queries[0]["sql"] and "+" not in queries[0]["sql"]


def test_a_logged_in_request_costs_one_query_before_the_view(
    alice_client, django_assert_num_queries
):
    alice_client.get(reverse("history:my-work"))
    with django_assert_num_queries(1):  # the user with its roles; the login page needs none
        alice_client.get(reverse("login"))


def test_ending_sessions_drops_the_cached_copies(alice_client, alice):
    key = alice_client.cookies[settings.SESSION_COOKIE_NAME].value
    store = import_module(settings.SESSION_ENGINE).SessionStore
    assert alice_client.get(reverse("articles:list")).status_code == 200
    assert store(key).load().get(SESSION_KEY) == str(alice.pk)  # cached now
    assert end_sessions(alice) == 1
    with CaptureQueriesContext(connection) as queries:
        assert store(key).load() == {}
    assert len(queries) == 1  # not answered from the cache: the database was asked
    after = alice_client.get(reverse("articles:list"))
    assert after.status_code == 302 and after["Location"].startswith(reverse("login"))


def test_cached_session_copies_are_short_lived(alice_client):
    from factcheck.core.sessions import _ShortLivedCache

    assert _ShortLivedCache._cap(14 * 24 * 3600) == settings.SESSION_CACHE_SECONDS
    assert _ShortLivedCache._cap(None) == settings.SESSION_CACHE_SECONDS
    assert _ShortLivedCache._cap(5) == 5
