"""History events through the API: the events the history pages show each person,
redacted as those pages redact them, newest first with a cursor, in a fixed number of
queries."""

import pytest
from django.db.models import Q
from django.urls import reverse

from factcheck.claims.services import add_comment
from factcheck.history.models import Event
from factcheck.moderation.services import hide_item
from tests.factories import make_article, make_claim, make_review

from .conftest import api_client, bearer, token_for

pytestmark = pytest.mark.django_db

SECRET = "bob's private rationale"


@pytest.fixture
def story(erin, alice, bob):
    article = make_article("The ministry said 62 cases were recorded in 2020.", created_by=erin)
    claim = make_claim(article, "62 cases", created_by=alice)
    make_review(claim, bob, "false", rationale=SECRET)
    spam = add_comment(claim=claim, author=bob, body="Buy cheap watches")
    hide_item(item=spam, editor=erin, reason="spam")
    return article, claim


def events(user, query: str = "", raw: str | None = None) -> list[dict]:
    raw = raw or token_for(user, name=f"events {query}")
    body = api_client().get(f"/api/v1/events?limit=200&{query}", headers=bearer(raw)).json()
    return body["items"]


def test_events_come_newest_first_each_with_its_sentence_and_fields(story, alice):
    article, claim = story
    items = events(alice, f"article={article.pk}")
    assert [item["action"] for item in items] == [
        "content.hidden",
        "comment.added",
        "review.created",
        "claim.created",
        "article.imported",
    ]
    created = items[3]
    stored = Event.objects.get(action="claim.created")
    assert created["id"] == stored.pk and created["actor"] == "alice"
    assert (created["article"], created["claim"]) == (article.pk, claim.pk)
    assert (created["target_type"], created["target_id"]) == ("claim", claim.pk)
    assert created["sentence"] == "alice marked this claim."
    assert created["sentence_html"] == '<strong class="who">alice</strong> marked this claim.'
    assert created["after"] == stored.after
    assert created["created_at"].endswith("Z")  # RFC 3339, UTC


def test_blind_review_hides_others_ratings_until_you_review_as_the_timeline_does(
    story, alice, erin, alice_client
):
    _, claim = story
    (review,) = events(alice, "action=review.created")
    assert review["blinded"] is True
    assert "rationale" not in review["after"] and "rating" not in review["after"]
    assert SECRET not in str(review) and "False" not in review["sentence"]
    # The claim's timeline page shows alice the same.
    page = alice_client.get(reverse("history:claim-timeline", args=[claim.pk]))
    assert SECRET not in page.text and "blind review" in page.text
    (seen_by_editor,) = events(erin, "action=review.created")
    assert seen_by_editor["blinded"] is False and seen_by_editor["after"]["rationale"] == SECRET
    make_review(claim, alice, "true")
    (after_own,) = events(alice, "action=review.created&user=bob")
    assert after_own["blinded"] is False and after_own["after"]["rationale"] == SECRET


def test_hidden_content_leaves_the_event_without_its_text(story, alice, bob, erin):
    for viewer, hidden in ((alice, True), (bob, False), (erin, False)):
        (comment,) = events(viewer, "action=comment.added")
        assert comment["hidden_content"] is hidden
        assert ("Buy cheap watches" in str(comment)) is not hidden


def test_you_see_your_own_events_off_articles_and_editors_see_everyones(story, alice, erin):
    # Creating a token records token.created, on no article: on its owner's work page only.
    alice_raw, erin_raw = token_for(alice, name="alice's"), token_for(erin, name="erin's")
    seen_by_alice = events(alice, "action=token.created", raw=alice_raw)
    assert {item["actor"] for item in seen_by_alice} == {"alice"}
    seen_by_erin = events(erin, "action=token.created", raw=erin_raw)
    assert {item["actor"] for item in seen_by_erin} == {"alice", "erin"}
    # What a reviewer sees of another person is what the article pages show of them.
    assert {item["action"] for item in events(alice, "user=erin")} == {
        "article.imported",
        "content.hidden",
    }


def test_filters_narrow_by_article_claim_user_and_action(story, alice, erin):
    _, claim = story
    other = make_article("Another text with 185 assemblies.", created_by=erin)
    make_claim(other, "185 assemblies", created_by=alice)
    assert {item["article"] for item in events(alice, f"article={other.pk}")} == {other.pk}
    assert {item["claim"] for item in events(alice, f"claim={claim.pk}")} == {claim.pk}
    assert len(events(alice, f"claim={claim.pk}")) == 4
    assert [item["actor"] for item in events(alice, "user=alice&action=claim.created")] == [
        "alice",
        "alice",
    ]
    assert {item["action"] for item in events(alice, "action=claim.")} == {"claim.created"}
    assert events(alice, "user=nobody") == []


def test_events_page_with_a_cursor(story, alice):
    raw = token_for(alice)
    seen, cursor = [], None
    while True:
        url = "/api/v1/events?limit=2" + (f"&cursor={cursor}" if cursor else "")
        body = api_client().get(url, headers=bearer(raw)).json()
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    shown = [item["id"] for item in events(alice, raw=raw)]
    assert seen == shown == sorted(shown, reverse=True)
    bad = api_client().get("/api/v1/events?cursor=x", headers=bearer(raw))
    assert bad.status_code == 400 and bad.json()["error"] == "bad_cursor"


def test_the_feed_costs_the_same_for_10_and_100_events(erin, alice, bob, django_assert_num_queries):
    article = make_article("The ministry said 62 cases were recorded in 2020.", created_by=erin)
    raw = token_for(alice)
    client = api_client()
    client.get("/api/v1/events", headers=bearer(raw))  # the first use writes last_used_at
    for rounds in (2, 20):
        for _ in range(rounds):
            claim = make_claim(article, "62 cases", created_by=alice)
            make_review(claim, bob, "false", rationale=SECRET)
            hide_item(
                item=add_comment(claim=claim, author=bob, body="spam"), editor=erin, reason="spam"
            )
            make_review(claim, erin, "true")
        # Everything on the article, and alice's own token.created.
        total = Event.objects.filter(Q(article=article) | Q(actor=alice)).count()
        # token + user, roles, the events, blind review's claims, hidden reviews, hidden
        # comments
        with django_assert_num_queries(6):
            response = client.get("/api/v1/events?limit=200", headers=bearer(raw))
        assert len(response.json()["items"]) == total
    assert total > 100


def test_readers_only(olga):
    response = api_client().get("/api/v1/events", headers=bearer(token_for(olga)))
    assert response.status_code == 403
