import pytest

from tests.factories import make_article, make_claim


@pytest.fixture
def article(erin):
    return make_article("The ministry said 62 cases were recorded in 2020.", created_by=erin)


@pytest.fixture
def claim(article, alice):
    """Marked by alice."""
    return make_claim(article, "62 cases", created_by=alice)
