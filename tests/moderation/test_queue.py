"""The moderation page: open flags oldest first with the flagged text, who flagged it and
why; counts; hidden items and deleted claims; a query count that does not grow."""

import re

import pytest
from django.urls import reverse

from factcheck.claims.services import add_comment, add_source, delete_claim
from factcheck.moderation.services import dismiss_flag, flag_item, hide_item
from tests.factories import make_claim

from .conftest import HX

pytestmark = pytest.mark.django_db

QUEUE = reverse("moderation:queue")


def test_open_flags_oldest_first_with_text_flagger_and_reason(
    erin_client, alice, bob, erin, things
):
    first = flag_item(item=things["comment"], flagged_by=bob, reason="REASON-ONE")
    second = flag_item(item=things["bob_review"], flagged_by=alice, reason="REASON-TWO")
    done = flag_item(item=things["source"], flagged_by=bob, reason="REASON-DISMISSED")
    dismiss_flag(flag=done, editor=erin, note="")
    html = erin_client.get(QUEUE).text
    assert html.index(f'id="flag-{first.pk}"') < html.index(f'id="flag-{second.pk}"')
    assert "REASON-DISMISSED" not in html and f'id="flag-{done.pk}"' not in html
    row = re.search(rf'<li class="flag" id="flag-{first.pk}".*?</li>', html, re.S).group(0)
    assert "ALICE-COMMENT" in row and "REASON-ONE" in row and ">bob<" in row
    assert reverse("moderation:resolve-hide", args=[first.pk]) in row
    assert reverse("moderation:dismiss", args=[first.pk]) in row
    assert "BOB-RATIONALE" in html  # the flagged review's text
    assert 'data-count="flags">2<' in html
    assert "1 on reviews, 0 on sources, 1 on comments" in html


def test_the_queue_is_a_partial_for_htmx(erin_client, bob, things):
    flag_item(item=things["comment"], flagged_by=bob, reason="Spam.")
    partial = erin_client.get(QUEUE, headers=HX)
    assert partial.status_code == 200 and "<html" not in partial.text
    assert "ALICE-COMMENT" in partial.text


def test_hiding_from_the_queue_needs_a_reason(erin_client, bob, things):
    flag = flag_item(item=things["comment"], flagged_by=bob, reason="Spam.")
    response = erin_client.post(
        reverse("moderation:resolve-hide", args=[flag.pk]),
        {"reason": "", "show": "open"},
        headers=HX,
    )
    assert response.status_code == 400 and "This field is required." in response.text
    flag.refresh_from_db()
    assert flag.status == "open"
    response = erin_client.post(
        reverse("moderation:resolve-hide", args=[flag.pk]),
        {"reason": "Spam.", "show": "open"},
        headers=HX,
    )
    assert response.status_code == 200 and "No open flags." in response.text


def test_hidden_items_are_listed_with_unhide(erin_client, erin, things):
    hide_item(item=things["comment"], editor=erin, reason="REASON-HIDDEN")
    html = erin_client.get(QUEUE + "?show=hidden").text
    assert "REASON-HIDDEN" in html and 'data-count="hidden">1<' in html
    assert reverse("moderation:unhide", args=["comment", things["comment"].pk]) in html


def many(article, alice, bob, erin, count):
    """`count` claims, each with a flagged review, source and comment, one of each hidden
    and one deleted claim per round."""
    from tests.factories import make_review

    for number in range(count):
        claim = make_claim(article, "2020" if number % 2 else "185 assemblies", created_by=alice)
        review = make_review(claim, alice, "true")
        source = add_source(claim=claim, added_by=alice, url=f"https://example.org/{number}")
        comment = add_comment(claim=claim, author=alice, body=f"comment {number}")
        for item in (review, source, comment):
            flag_item(item=item, flagged_by=bob, reason=f"reason {number}")
        hide_item(item=comment, editor=erin, reason="hidden")
        gone = make_claim(article, "62 cases", created_by=alice)
        delete_claim(claim=gone, deleted_by=erin)


@pytest.mark.parametrize("show", ["open", "hidden", "deleted"])
def test_the_query_count_does_not_grow_with_the_flags(
    erin_client, article, alice, bob, erin, django_assert_num_queries, show
):
    many(article, alice, bob, erin, 1)
    url = f"{QUEUE}?show={show}"
    # session, user, roles; counts: flags, hidden
    # (one UNION ALL), deleted; then the list: open flags with every join (1) / hidden
    # reviews, sources, comments (3) / deleted claims (1); the header bell's unread count
    expected = {"open": 8, "hidden": 10, "deleted": 8}[show]
    with django_assert_num_queries(expected):
        small = erin_client.get(url)
    many(article, alice, bob, erin, 12)
    with django_assert_num_queries(expected):
        large = erin_client.get(url)
    assert small.status_code == large.status_code == 200
    assert len(large.text) > len(small.text)
