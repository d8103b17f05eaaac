"""Moderation's world: alice marked a claim and wrote a review (True), a source and a
comment on it; bob reviewed it False, so the claim is contested."""

from typing import Any

import pytest
from django.test import Client

from factcheck.claims.services import add_comment, add_source
from tests.conftest import client_for
from tests.factories import make_article, make_claim, make_review

HX = {"HX-Request": "true"}
TEXT = "The ministry said 62 cases were recorded in 2020. Officials counted 185 assemblies."


@pytest.fixture
def article(erin):
    return make_article(TEXT, title="Moderation test article", created_by=erin)


@pytest.fixture
def things(article, alice, bob) -> dict[str, Any]:
    claim = make_claim(article, "62 cases", created_by=alice)
    return {
        "claim": claim,
        "review": make_review(claim, alice, "true", rationale="ALICE-RATIONALE"),
        "bob_review": make_review(claim, bob, "false", rationale="BOB-RATIONALE"),
        "source": add_source(
            claim=claim, added_by=alice, url="https://example.org/alice", title="ALICE-SOURCE"
        ),
        "comment": add_comment(claim=claim, author=alice, body="ALICE-COMMENT"),
    }


@pytest.fixture
def superuser(admin_user):
    """The Django admin needs model permissions; the cast's admin is made a superuser."""
    admin_user.is_superuser = True
    admin_user.save()
    return admin_user


@pytest.fixture
def superuser_client(superuser) -> Client:
    return client_for(superuser)
