import pytest
from django.core.cache import cache

from factcheck.dashboard import queries


@pytest.fixture(autouse=True)
def fresh_agreement():
    """The dashboard keeps agreement figures for a minute (queries.agreement): each test
    starts without them."""
    cache.delete(queries.AGREEMENT_CACHE_KEY)
    yield
    cache.delete(queries.AGREEMENT_CACHE_KEY)
