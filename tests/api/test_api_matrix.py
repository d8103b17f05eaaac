"""The API's role matrix: every operation for every role, with a read token, a read-write
token and the browser session, on real ids and forged ones. A refused write leaves the
history as it was. Like tests/test_role_matrix.py for the pages, an API URL without a row
fails test_every_api_url_has_a_row."""

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver

from factcheck.api.api import api
from factcheck.claims.models import Claim
from factcheck.history.models import Event
from tests.conftest import make_user
from tests.factories import make_article, make_claim
from tests.test_role_matrix import named_urls

from .conftest import bearer, token_for
from .rows import Op
from .rows import articles as article_rows
from .rows import claims as claim_rows
from .rows import comments as comment_rows
from .rows import decisions as decision_rows
from .rows import exports as export_rows
from .rows import history as history_rows
from .rows import moderation as moderation_rows
from .rows import reviews as review_rows
from .rows import sources as source_rows
from .rows import suggestions as suggestion_rows

# Each resource's rows (tests/api/rows/); a new resource adds its module here.
ROW_MODULES = (
    article_rows,
    claim_rows,
    review_rows,
    source_rows,
    comment_rows,
    decision_rows,
    moderation_rows,
    history_rows,
    export_rows,
    suggestion_rows,
)
OPS: dict[str, Op] = {}
FORGED_OPS: dict[str, Op] = {}
ROLE_EXCEPTIONS: dict[tuple[str, str], dict[str, int]] = {}
for module in ROW_MODULES:
    for mine, gathered in (
        (module.OPS, OPS),
        (module.FORGED_OPS, FORGED_OPS),
        (getattr(module, "ROLE_EXCEPTIONS", {}), ROLE_EXCEPTIONS),
    ):
        assert not set(mine) & set(gathered), f"{module.__name__} repeats a row"
        gathered.update(mine)

ROLES = ("outsider", "reviewer", "editor", "admin")
CREDENTIALS = ("read", "read-write", "session")


# The schema, the docs page, and ninja's root (a 404 ninja needs to build its paths):
# (path, anonymous, logged in).
PAGES = {
    "api:openapi-json": ("/api/v1/openapi.json", 200, 200),
    "api:openapi-view": ("/api/v1/docs", 302, 200),
    "api:api-root": ("/api/v1/", 404, 404),
}


@dataclass
class World:
    article: Any
    claim: Any
    deleted: Any
    users: dict[str, Any]
    # What a resource's setup(world) adds for its own operations (a review, a flag...).
    extra: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def world(db) -> World:
    from factcheck.claims.services import delete_claim

    erin = make_user("erin", role="editor")
    alice = make_user("alice", role="reviewer")
    users = {
        "outsider": make_user("olga"),
        "reviewer": make_user("bob", role="reviewer"),
        "editor": erin,
        "admin": make_user("admin", staff=True),
    }
    article = make_article(
        "The report has 35 pages. It lists 62 cases of violations.", created_by=erin
    )
    claim = make_claim(article, "62 cases", created_by=alice)
    deleted = make_claim(article, "violations", created_by=alice)
    delete_claim(claim=deleted, deleted_by=erin)
    world = World(article=article, claim=claim, deleted=deleted, users=users)
    for module in ROW_MODULES:
        if hasattr(module, "setup"):
            module.setup(world)
    return world


def client_with(world: World, role: str, credential: str) -> tuple[Client, dict[str, str]]:
    user = world.users[role]
    client = Client()
    if credential == "session":
        client.force_login(user)
        return client, {}
    return client, bearer(token_for(user, scope=credential))


def expected(op: Op, role: str, credential: str, name: str = "") -> int:
    if role == "outsider":
        # The guard refuses before anything else, except a read token's write.
        return 403
    if (name, role) in ROLE_EXCEPTIONS:
        return ROLE_EXCEPTIONS[name, role][credential]
    if isinstance(op.readers, dict):
        return op.readers[credential]
    return op.readers


def send(client: Client, op: Op, world: World, headers: dict[str, str]) -> Any:
    path = op.path(world)
    if op.method == "GET":
        return client.get(path, headers=headers)
    body = json.dumps(op.body(world))
    return client.generic(op.method, path, body, content_type="application/json", headers=headers)


def stored_claims() -> list[tuple]:
    return list(Claim.objects.order_by("pk").values_list("pk", "summary", "version", "deleted_at"))


def check(world: World, op: Op, role: str, credential: str, name: str = "") -> None:
    client, headers = client_with(world, role, credential)
    events, claims = Event.objects.count(), stored_claims()
    response = send(client, op, world, headers)
    want = expected(op, role, credential, name)
    assert response.status_code == want, (
        f"{role} with {credential} on {op.method} {op.path(world)}: "
        f"expected {want}, got {response.status_code}"
    )
    if want >= 400:
        assert "error" in response.json() and "message" in response.json()
        if op.method != "GET":
            assert (Event.objects.count(), stored_claims()) == (events, claims), (
                "a refused write changed the history"
            )


@pytest.mark.parametrize("credential", CREDENTIALS)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(OPS))
def test_api_matrix(world, name, role, credential):
    check(world, OPS[name], role, credential, name)


@pytest.mark.parametrize("credential", CREDENTIALS)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(FORGED_OPS))
def test_api_matrix_on_forged_ids(world, name, role, credential):
    check(world, FORGED_OPS[name], role, credential, name)


@pytest.mark.parametrize("name", sorted(OPS))
def test_anonymous_gets_401_and_writes_nothing(world, name):
    op = OPS[name]
    events = Event.objects.count()
    response = send(Client(), op, world, {})
    assert response.status_code == 401 and response.json()["error"] == "unauthenticated"
    assert Event.objects.count() == events


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_schema_is_public_and_the_docs_need_a_login(world, name):
    path, anonymous, logged_in = PAGES[name]
    assert Client().get(path).status_code == anonymous
    client = Client()
    client.force_login(world.users["outsider"])
    assert client.get(path).status_code == logged_in


def test_every_api_url_has_a_row():
    names = {name for name in named_urls(get_resolver().url_patterns) if name.startswith("api:")}
    assert names == {key.split()[-1] for key in OPS} | set(PAGES)
    # And every operation (method and path) of the schema has its own row.
    paths = api.get_openapi_schema()["paths"]
    assert sum(len(methods) for methods in paths.values()) == len(OPS)


def test_the_matrix_notices_a_missing_guard(world, monkeypatch):
    from factcheck.articles import access

    monkeypatch.setattr(access, "require_reader", lambda user: None)
    with pytest.raises(AssertionError):
        check(world, OPS["api:articles"], "outsider", "read-write")
