"""A claim's timeline, an article's activity feed, and each person's work page."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from factcheck.claims import services
from factcheck.history.diff import changes, word_diff
from factcheck.history.models import Event
from factcheck.history.templatetags.history import ago
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


def test_timeline_shows_a_hostile_long_change_as_escaped_words(
    markup_from_before_the_rule, alice_client, claim, bob
):
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


# --- issue 13: history a person can read -------------------------------------------------

DETAILS = re.compile(r"<details class=\"raw-fields\">.*?</details>", re.S)


def shown(html: str) -> str:
    """What a reader sees without opening "Raw fields": the page without its disclosures,
    attributes or tags."""
    html = html.split("<main", 1)[1]
    html = DETAILS.sub("", html)
    html = re.sub(r"</?(?:strong|span|a|q|time|del|ins|code)\b[^>]*>", "", html)  # inline
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def event_html(html: str, action: str, occurrence: int = 0) -> str:
    start = -1
    for _ in range(occurrence + 1):
        start = html.index(f'data-action="{action}"', start + 1)
    return html[start : html.index("</li>", start)]


def test_the_timeline_tells_each_event_in_a_sentence_with_labels_not_slugs(
    alice_client, claim, alice, bob
):
    make_review(claim, bob, "half-true", rationale="Only by July.", confidence="high")
    make_review(claim, alice, "mostly-false")
    html = alice_client.get(reverse("history:claim-timeline", args=[claim.pk])).text
    review = event_html(html, "review.created")
    assert (
        '<strong class="who">bob</strong> rated this claim <strong>Half true</strong>, '
        "confidence high." in review
    )
    assert '<blockquote class="event-quote" dir="auto">Only by July.</blockquote>' in review
    text = shown(html)
    assert "alice marked this claim." in text
    assert (
        "alice rated this claim Mostly false, confidence medium. The reviews disagree: "
        "the claim is Contested now." in text
    )
    for internal in (
        "claim.created",
        "review.created",
        "half-true",
        "mostly-false",
        "in_review",
        "claim_status",
        "rating_label",
    ):
        assert internal not in text, internal


def test_each_event_says_when_relatively_with_the_exact_time_on_hover(alice_client, claim, alice):
    three_hours_ago = timezone.now() - dt.timedelta(hours=3)
    Event.objects.create(
        at=three_hours_ago,
        actor=alice,
        actor_name="alice",
        action="comment.added",
        article_id=claim.article_id,
        claim=claim,
        after={"body": "An earlier comment."},
    )
    html = alice_client.get(reverse("history:claim-timeline", args=[claim.pk])).text
    stamp = f"{three_hours_ago:%Y-%m-%d %H:%M:%S} UTC"
    assert (
        f'<time datetime="{three_hours_ago.isoformat()}" title="{stamp}">3\xa0hours ago</time>'
        in event_html(html, "comment.added")
    )
    assert re.search(r'<time datetime="[^"]+" title="[^"]+ UTC">just now</time>', html)
    assert ago(three_hours_ago - dt.timedelta(days=2)) == "2\xa0days ago"


def test_the_raw_fields_are_one_click_away_in_a_disclosure(erin_client, claim, bob):
    make_review(claim, bob, "half-true", rationale="Only by July.")
    html = erin_client.get(reverse("history:claim-timeline", args=[claim.pk])).text
    review = event_html(html, "review.created")
    details = DETAILS.search(review).group(0)
    assert "<summary>Raw fields</summary>" in details
    assert "<code>review.created</code>" in details
    assert re.search(
        r'<th scope="row">rating</th>\s*<td[^>]*><span class="hint">\(none\)</span>'
        r"</td>\s*<td[^>]*>half-true</td>",
        details,
    )
    assert re.search(r'<th scope="row">claim status</th>.*?<td[^>]*>in_review</td>', details, re.S)


def test_a_long_text_change_shows_as_a_word_diff_beside_the_sentence(alice_client, claim, alice):
    old = "The State Department report counted sixty two cases of violations by July 2020."
    new = "The State Department report counted 62 cases of violations by the end of July 2020."
    review = make_review(claim, alice, "true", rationale=old)
    services.update_review(
        review=review, reviewer=alice, expected_version=1, rating=review.rating, rationale=new
    )
    html = alice_client.get(reverse("history:claim-timeline", args=[claim.pk])).text
    update = DETAILS.sub("", event_html(html, "review.updated"))
    assert (
        '<strong class="who">alice</strong> updated their review: rewrote the rationale.' in update
    )
    assert (
        '<p class="event-diff"><span class="field">Rationale:</span> <span class="words" '
        'dir="auto">The State Department report counted <del>sixty two</del><ins>62</ins> cases '
        "of violations by <ins>the end of </ins>July 2020.</span></p>" in update
    )


def test_article_activity_tells_sentences_and_names_the_claim(erin_client, claim, bob):
    make_review(claim, bob, "misleading", confidence="low")
    html = erin_client.get(reverse("history:article-activity", args=[claim.article_id])).text
    text = shown(html)
    assert "bob rated this claim Misleading, confidence low. just now On the claim 62 cases" in text
    assert "erin imported the article “" in text and "article.imported" not in text
    assert "misleading" not in text


def test_my_work_groups_its_events_by_day_then_by_claim(alice_client, erin, alice):
    article = make_article("The ministry counted 62 cases and 35 pages in 2020.", created_by=erin)
    cases = make_claim(article, "62 cases", created_by=alice)
    pages = make_claim(article, "35 pages", created_by=alice)
    yesterday = timezone.now() - dt.timedelta(days=1)
    for claim, body in ((cases, "Yesterday on cases."), (pages, "Yesterday on pages.")):
        Event.objects.create(
            at=yesterday,
            actor=alice,
            actor_name="alice",
            action="comment.added",
            article=article,
            claim=claim,
            after={"body": body},
        )
    services.add_comment(claim=cases, author=alice, body="Today on cases, after marking.")
    html = alice_client.get(reverse("history:person-work", args=["alice"])).text
    history = html[html.index('id="work-history"') :]
    days = re.findall(r'<h3 id="work-day-\d+"><time datetime="([\d-]+)">(\w+)</time></h3>', history)
    assert days == [
        (f"{timezone.localdate():%Y-%m-%d}", "Today"),
        (f"{timezone.localdate(yesterday):%Y-%m-%d}", "Yesterday"),
    ]
    today, before = history.split('id="work-day-2"')
    groups = re.findall(r"<h4 [^>]*><a [^>]*><q dir=\"auto\">([^<]+)</q>", today)
    assert groups == ["62 cases", "35 pages"]  # the claim with the latest event first
    marked = '<strong class="who">alice</strong> marked this claim.'
    assert today.count(marked) == 2
    cases_group = today[: today.index("35 pages</q>")]
    assert cases_group.index("Today on cases") < cases_group.index(marked)  # newest first
    assert re.findall(r"<h4 [^>]*><a [^>]*><q dir=\"auto\">([^<]+)</q>", before) == [
        "35 pages",
        "62 cases",
    ]


def test_my_work_paginates_fifty_events_a_page(alice_client, claim, alice):
    for number in range(55):
        services.add_comment(claim=claim, author=alice, body=f"comment number {number}")
    url = reverse("history:person-work", args=["alice"])
    first = alice_client.get(url).text
    assert "Page 1 of 2" in first and 'href="?page=2"' in first
    assert first.count('class="event"') == 50
    assert "comment number 54" in first and "comment number 4<" not in first
    second = alice_client.get(url, {"page": 2}).text
    assert second.count('class="event"') == 6  # 55 comments and the claim's creation
    assert "comment number 4<" in second and "alice</strong> marked this claim." in second
