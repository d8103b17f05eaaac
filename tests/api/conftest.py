import pytest
from django.test import Client

from factcheck.api.services import create_token
from tests.claims.conftest import TEXT
from tests.factories import make_article

READ, WRITE = "read", "read-write"


def token_for(user, scope: str = WRITE, **fields) -> str:
    return create_token(user=user, name=fields.pop("name", "script"), scope=scope, **fields)[1]


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def api_client() -> Client:
    """A client as a script is: no session, and CSRF enforced as in production."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def article(erin):
    return make_article(TEXT, title="API test article", created_by=erin)


def claim_body(article, quoted: str, **overrides) -> dict:
    text = article.current_revision.text
    start = text.index(quoted)
    body = {"start": start, "end": start + len(quoted), "exact": quoted}
    return body | overrides
