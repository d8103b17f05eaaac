"""A claim's timeline, an article's activity feed, and each person's work page."""

import re

import pytest
from django.urls import reverse

from factcheck.claims import services
from factcheck.history.diff import changes, word_diff
from tests.factories import make_article, make_claim, make_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(erin, alice):
    article = make_article("The ministry said 62 cases were recorded in 2020.", created_by=erin)
    return make_claim(article, "62 cases", created_by=alice)


def test_claim_timeline_shows_who_did_what_when_with_before_and_after(
    alice_client, claim, alice, bob
):
    services.update_claim(
        claim=claim,
        editor=bob,
        expected_version=1,
        summary="Sixty-two cases",
        claimant="The ministry",
    )
    make_review(claim, alice, "true")
    html = alice_client.get(reverse("history:claim-timeline", args=[claim.pk])).text
    actions = re.findall(r'data-action="([a-z.]+)"', html)
    assert actions == ["claim.created", "claim.updated", "review.created"]
    update = html[html.index('data-action="claim.updated"') :]
    update = update[: update.index("</li>")]
    assert "bob" in update and "UTC" in update
    assert re.search(
        r"<th scope=\"row\">summary</th>\s*<td[^>]*>—</td>\s*<td[^>]*>"
        r"Sixty-two cases</td>",
        update,
    )
    assert "claimant" in update and "The ministry" in update
    assert "tags" not in update  # unchanged fields are left out


def test_long_text_changes_show_a_word_diff_escaped():
    old = "The report counted sixty two cases of violations in the first half of the year."
    new = "The report counted 62 cases of <b>violations</b> in the first half of the year."
    diff = word_diff(old, new)
    assert "<del>sixty two</del>" in diff and "<ins>62</ins>" in diff
    assert "&lt;b&gt;" in diff and "<b>" not in diff
    rows = changes({"rationale": old, "rating": "true"}, {"rationale": new, "rating": "true"})
    assert [row.field for row in rows] == ["rationale"] and rows[0].words is not None


def test_word_diff_escapes_script_ampersands_and_quotes():
    old = 'The minister said "62 cases" & more, in the first half of the year.'
    new = "The minister said \"62 cases\" & <script>alert('x')</script>, in the first half."
    assert word_diff(old, new) == (
        "The minister said &quot;62 cases&quot; &amp; <del>more</del>"
        "<ins>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;</ins>, in the first half"
        "<del> of the year</del>."
    )


def test_timeline_shows_a_hostile_long_change_as_escaped_words(alice_client, claim, bob):
    before = 'A summary long enough for a word diff, with "quotes" & an ampersand in it.'
    after = "A summary long enough for a word diff, with <script>alert('x')</script> in it."
    claim = services.update_claim(claim=claim, editor=bob, expected_version=1, summary=before)
    services.update_claim(claim=claim, editor=bob, expected_version=2, summary=after)
    html = alice_client.get(reverse("history:claim-timeline", args=[claim.pk])).text
    assert "<script>alert" not in html
    assert (
        "<del>&quot;quotes&quot; &amp; an ampersand</del>"
        "<ins>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;</ins> in it." in html
    )


def test_article_activity_is_newest_first_and_paginated(alice_client, claim, alice):
    for number in range(55):
        services.add_comment(claim=claim, author=alice, body=f"comment number {number}")
    url = reverse("history:article-activity", args=[claim.article_id])
    first = alice_client.get(url).text
    assert "Page 1 of 2" in first
    assert first.index("comment number 54") < first.index("comment number 53")
    second = alice_client.get(url, {"page": 2}).text
    assert "article.imported" in second and "claim.created" in second


def test_my_work_lists_my_claims_reviews_and_sources(alice_client, claim, alice, bob):
    make_review(claim, alice, "true")
    services.add_source(
        claim=claim, added_by=alice, url="https://example.org/mine", title="My source"
    )
    response = alice_client.get(reverse("history:my-work"))
    assert response.status_code == 302
    assert response["Location"] == reverse("history:person-work", args=["alice"])
    html = alice_client.get(response["Location"]).text
    assert "My work" in html and "62 cases" in html and "My source" in html
    assert "True" in html and "review.created" in html


def test_reviewers_see_only_their_own_work_page_editors_and_admins_anyones(
    alice_client, bob_client, erin_client, admin_client_, alice, bob
):
    alice_page = reverse("history:person-work", args=["alice"])
    assert bob_client.get(alice_page).status_code == 403
    assert erin_client.get(alice_page).status_code == 200
    assert admin_client_.get(alice_page).status_code == 200
    assert "Work of alice" in erin_client.get(alice_page).text
    assert erin_client.get(reverse("history:person-work", args=["nobody"])).status_code == 404
    assert bob_client.get(reverse("history:person-work", args=["nobody"])).status_code == 403
