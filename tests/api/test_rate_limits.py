"""Request budgets per token (api/ratelimit.py): the request past the budget is 429
rate_limited with a Retry-After that names when the window frees, writes nothing, and
spends only its own token's budget."""

import pytest
from django.test import override_settings

from factcheck.api import ratelimit
from factcheck.claims.models import Claim
from factcheck.history.models import Event
from tests.conftest import client_for

from .conftest import api_client, bearer, claim_body, token_for

pytestmark = pytest.mark.django_db
ARTICLES = "/api/v1/articles"
WINDOW_START = 1_800_000_000  # a multiple of 60: minute windows start here


@pytest.fixture
def clock(monkeypatch):
    """The limiter's clock, moved by hand: `clock.now = ...`."""

    class Clock:
        now = WINDOW_START + 15.25

        def __call__(self):
            return self.now

    fake = Clock()
    monkeypatch.setattr(ratelimit, "clock", fake)
    return fake


def get(raw):
    return api_client().get(ARTICLES, headers=bearer(raw))


@override_settings(FACTCHECK_API_RATE="3/minute")
def test_the_request_past_the_budget_is_429_with_the_seconds_until_the_window_frees(alice, clock):
    raw = token_for(alice)
    assert [get(raw).status_code for _ in range(3)] == [200, 200, 200]
    refused = get(raw)
    assert refused.status_code == 429
    # 15.25 s into a minute window: 44.75 s left, rounded up to whole seconds.
    assert refused["Retry-After"] == "45"
    assert refused.json() == {
        "error": "rate_limited", "message": "Too many requests: retry in 45 s."
    }  # fmt: skip
    clock.now = WINDOW_START + 59.5
    assert get(raw)["Retry-After"] == "1"


@override_settings(FACTCHECK_API_RATE="3/minute")
def test_the_next_window_frees_the_budget(alice, clock):
    raw = token_for(alice)
    for _ in range(4):
        get(raw)
    assert get(raw).status_code == 429
    clock.now = WINDOW_START + 60  # when Retry-After said
    assert [get(raw).status_code for _ in range(3)] == [200, 200, 200]
    assert get(raw).status_code == 429


@override_settings(FACTCHECK_API_RATE="2/minute")
def test_each_token_has_its_own_budget_even_for_the_same_user(alice, bob, clock):
    first, second, bobs = token_for(alice), token_for(alice, name="second"), token_for(bob)
    get(first), get(first)
    assert get(first).status_code == 429
    assert get(second).status_code == 200 and get(bobs).status_code == 200


@override_settings(FACTCHECK_API_RATE="2/minute")
def test_a_session_spends_its_users_budget_apart_from_their_tokens(alice, clock):
    raw, session = token_for(alice), client_for(alice)
    get(raw), get(raw)
    assert get(raw).status_code == 429
    assert [session.get(ARTICLES).status_code for _ in range(3)] == [200, 200, 429]


@override_settings(FACTCHECK_API_RATE="100/minute", FACTCHECK_API_WRITE_RATE="1/minute")
def test_writes_have_a_smaller_budget_and_a_refused_write_changes_nothing(alice, article, clock):
    raw = token_for(alice)

    def create(quoted):
        return api_client().post(
            f"/api/v1/articles/{article.pk}/claims",
            claim_body(article, quoted),
            content_type="application/json",
            headers=bearer(raw),
        )

    assert create("62 cases").status_code == 201
    claims, events = Claim.objects.count(), Event.objects.count()
    refused = create("185 assemblies")
    assert refused.status_code == 429 and refused.json()["error"] == "rate_limited"
    assert Claim.objects.count() == claims and Event.objects.count() == events
    assert get(raw).status_code == 200  # reads still have their budget


def test_a_request_that_fails_authentication_spends_no_budget(alice, clock):
    with override_settings(FACTCHECK_API_RATE="1/minute"):
        for _ in range(3):
            assert api_client().get(ARTICLES).status_code == 401
        assert get(token_for(alice)).status_code == 200


@pytest.mark.parametrize(
    ("text", "requests", "seconds"),
    [("600/minute", 600, 60), ("100/10s", 100, 10), ("5000/h", 5000, 3600), ("2/sec", 2, 1)],
)
def test_rates_are_read_as_requests_per_window(text, requests, seconds):
    assert ratelimit.parse_rate(text) == ratelimit.Rate(requests, seconds)


@pytest.mark.parametrize("text", ["600", "600/fortnight", "many/minute", "5/0s", "/m"])
def test_a_mistyped_rate_is_refused(text):
    with pytest.raises(ValueError, match="Not a rate"):
        ratelimit.parse_rate(text)


def test_every_operation_documents_401_and_429(client):
    schema = client.get("/api/v1/openapi.json").json()
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert len(operations) >= 7
    for operation in operations:
        assert {"401", "429"} <= set(operation["responses"]), operation["operationId"]
        limited = operation["responses"]["429"]
        assert "Retry-After" in limited["headers"]
        assert limited["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")
