"""The fixed cast every test speaks about (STYLE.md "In tests"): alice and bob review,
erin edits, olga is logged in with no role, admin is staff."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

PASSWORD = "cast-password-2026"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """SQLite test databases live in a file, not in memory: the concurrency tests
    (tests/claims/test_concurrency.py) run writers in threads with their own connections,
    and only a file database gives them WAL and IMMEDIATE locking as in production.
    SQLITE_TEST_PATH (settings) chooses the file; otherwise a fresh temporary one."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        test = database.setdefault("TEST", {})
        if not test.get("NAME"):
            test["NAME"] = str(tmp_path_factory.mktemp("sqlite") / "test.sqlite3")


def make_user(username: str, *, role: str | None = None, staff: bool = False) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, is_staff=staff)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def log_in_with_password(client: Client, username: str, password: str) -> bool:
    """Logs in through the login form, as a person does: the login throttle (django-axes)
    needs the request, which Client.login does not pass. True if a session started."""
    from django.urls import reverse

    client.post(reverse("login"), {"username": username, "password": password})
    return "_auth_user_id" in client.session


@pytest.fixture
def alice(db) -> User:
    return make_user("alice", role="reviewer")


@pytest.fixture
def bob(db) -> User:
    return make_user("bob", role="reviewer")


@pytest.fixture
def erin(db) -> User:
    return make_user("erin", role="editor")


@pytest.fixture
def olga(db) -> User:
    return make_user("olga")


@pytest.fixture
def admin_user(db) -> User:
    return make_user("admin", staff=True)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(alice) -> Client:
    return client_for(alice)


@pytest.fixture
def bob_client(bob) -> Client:
    return client_for(bob)


@pytest.fixture
def erin_client(erin) -> Client:
    return client_for(erin)


@pytest.fixture
def olga_client(olga) -> Client:
    return client_for(olga)


@pytest.fixture
def admin_client_(admin_user) -> Client:
    return client_for(admin_user)


@pytest.fixture
def markup_from_before_the_rule():
    """For the whole test, the services store markup as they did before it was refused:
    rows like these exist (older data, restored backups) and must still show escaped."""
    from tests.factories import stored_before_the_markup_rule

    with stored_before_the_markup_rule():
        yield


@pytest.fixture(autouse=True)
def fresh_api_budgets():
    """Each test starts with whole API request budgets (api/ratelimit.py): the counters
    live in a per-process cache and are keyed by token and user ids, which a later test's
    rolled-back database hands out again."""
    from django.core.cache import caches

    caches["api-rate"].clear()
