"""An article's suggestions through the API: the reading page panel's list, as JSON."""

import pytest

from factcheck.suggestions.services import dismiss_suggestion, open_analysis
from tests.factories import make_article, make_claim

from .conftest import READ, api_client, bearer, token_for

pytestmark = pytest.mark.django_db

TEXT = (
    "The group recorded a total of 185 assemblies. Of those, 101 were about land and "
    "68 about wages, with the remaining 20 held for other reasons.\n\n"
    "The ministry said 62 cases were recorded in 2020, up 40% from 2019."
)


def test_a_reviewer_reads_what_the_panel_lists_less_what_is_claimed_or_dismissed(erin, alice, bob):
    article = make_article(TEXT, created_by=erin)
    revision = article.current_revision
    first, second, *_ = open_analysis(revision, language="en")["suggestions"]
    make_claim(article, first["exact"], created_by=bob)
    dismiss_suggestion(revision=revision, user=alice, start=second["start"], end=second["end"])
    url = f"/api/v1/articles/{article.pk}/suggestions"
    body = api_client().get(url, headers=bearer(token_for(alice, READ))).json()
    assert body["revision"] == revision.pk
    ranges = [(s["start"], s["end"]) for s in body["suggestions"]]
    assert (first["start"], first["end"]) not in ranges
    assert (second["start"], second["end"]) not in ranges
    assert all(s["reasons"] and 0 < s["score"] <= 1 for s in body["suggestions"])
    [total] = [c for c in body["checks"] if c["kind"] == "sum"]
    assert total["status"] == "inconsistent"
    assert [span["exact"] for span in total["spans"]] == ["185", "101", "68", "20"]
    # bob dismissed nothing: he still gets the second one.
    theirs = api_client().get(url, headers=bearer(token_for(bob, READ))).json()
    assert (second["start"], second["end"]) in [
        (s["start"], s["end"]) for s in theirs["suggestions"]
    ]


def test_an_outsider_is_refused(erin, olga):
    article = make_article(TEXT, created_by=erin)
    url = f"/api/v1/articles/{article.pk}/suggestions"
    assert api_client().get(url, headers=bearer(token_for(olga, READ))).status_code == 403
