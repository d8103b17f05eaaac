import pytest

from factcheck.claims.models import Claim, Comment, Source
from factcheck.core.demo import load_demo
from factcheck.fetching.models import FetchJob
from factcheck.history.models import Event

pytestmark = pytest.mark.django_db


def test_demo_seeds_claims_with_reviews_one_contested_sources_and_a_comment_once():
    load_demo()
    claims = {claim.exact: claim for claim in Claim.objects.all()}
    assert len(claims) == 5
    for exact, claim in claims.items():
        text = claim.revision.text
        assert text[claim.start : claim.end] == exact
    assert "Roedemeier" in claims and "the 35-page report" in claims
    statuses = {claim.status for claim in claims.values()}
    assert "contested" in statuses and "in_review" in statuses and "open" in statuses
    assert {r.reviewer.username for c in claims.values() for r in c.reviews.all()} == {
        "alice",
        "bob",
    }
    assert Source.objects.filter(url__startswith="https://www.state.gov/").exists()
    # Its sources are real pages: loading the demo queues no fetch of them.
    assert not FetchJob.objects.exists()
    assert Comment.objects.exists()
    events = Event.objects.count()
    assert Event.objects.filter(action="claim.created").count() == 5
    load_demo()
    assert Claim.objects.count() == 5 and Event.objects.count() == events
