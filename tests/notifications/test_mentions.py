"""@mentions in comments and rationales: who is told, who is not, and what the claim panel
marks (services._record_mentions, mentions.mark_mentions, the mention_parts filter)."""

import pytest
from django.urls import reverse

from factcheck.claims import services
from factcheck.editorial.services import set_blind_review
from factcheck.notifications.models import Kind, Mention, Notification
from tests.factories import make_review, rating

pytestmark = pytest.mark.django_db

MARKED = '<strong class="mention">@{}</strong>'


def told(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", "item"))


def panel(client, claim):
    return client.get(reverse("claims:detail", args=[claim.pk]), headers={"HX-Request": "true"})


def test_a_mention_in_a_comment_tells_the_colleague(claim, alice, bob):
    comment = services.add_comment(
        claim=claim, author=alice, body="@bob, can you check the 2019 report?"
    )
    notification = Notification.objects.get(recipient=bob)
    assert (notification.kind, notification.item, notification.item_id) == (
        Kind.MENTION,
        "comment",
        comment.pk,
    )
    assert notification.actor == alice and notification.claim == claim
    assert notification.text == "@bob, can you check the 2019 report?"
    assert notification.read_at is None


def test_an_outsider_or_a_stranger_mentioned_is_told_nothing_and_stays_plain_text(
    claim, alice, olga, erin_client
):
    services.add_comment(claim=claim, author=alice, body="Ask @olga or @nobody about it.")
    assert Notification.objects.count() == 0
    assert not Mention.objects.exists()
    html = panel(erin_client, claim).content.decode()
    assert "Ask @olga or @nobody about it." in html
    assert 'class="mention"' not in html


def test_an_email_address_is_not_a_mention(claim, alice, bob):
    services.add_comment(claim=claim, author=alice, body="Write to bob@ministry.gov.kh")
    assert told(bob) == []


def test_the_panel_marks_mentions_of_people_who_may_read_escaped(
    markup_from_before_the_rule, claim, alice, bob, erin_client
):
    services.add_comment(claim=claim, author=alice, body="<b>@bob</b> & @olga\nsee @erin.")
    html = panel(erin_client, claim).content.decode()
    expected = (
        f"&lt;b&gt;{MARKED.format('bob')}&lt;/b&gt; &amp; @olga<br>see {MARKED.format('erin')}."
    )
    assert expected in html


def test_the_author_is_never_told_of_their_own_mention(claim, alice):
    services.add_comment(claim=claim, author=alice, body="Note to self, @alice: recheck.")
    assert told(alice) == []


def test_a_mentioned_reviewer_of_the_claim_hears_once_as_a_mention(claim, alice, bob):
    make_review(claim, bob, "true")
    services.add_comment(claim=claim, author=alice, body="@bob agreed.")
    assert told(bob) == [(Kind.MENTION, "comment")]


def test_editing_a_comment_tells_only_people_newly_mentioned(claim, alice, bob, erin, erin_client):
    comment = services.add_comment(claim=claim, author=alice, body="@bob, please look.")
    services.edit_comment(
        comment=comment, author=alice, expected_version=1, body="@erin, please look."
    )
    assert told(bob) == [(Kind.MENTION, "comment")]
    assert told(erin) == [(Kind.MENTION, "comment")]
    # bob's mention left the text: his name is no longer marked, erin's is.
    html = panel(erin_client, claim).content.decode()
    assert MARKED.format("erin") in html and MARKED.format("bob") not in html
    comment.refresh_from_db()
    services.edit_comment(
        comment=comment, author=alice, expected_version=2, body="@erin, please look again."
    )
    assert told(erin) == [(Kind.MENTION, "comment")]


# --- rationales under blind review --------------------------------------------------------


def test_a_reviewer_blind_to_a_rationale_is_not_told_of_a_mention_in_it(claim, alice, bob, erin):
    assert claim.article.blind_review
    make_review(claim, alice, "true", rationale="The report says so; @bob and @erin agree.")
    assert told(bob) == []  # bob may not read alice's rationale before his own review
    assert told(erin) == [(Kind.MENTION, "review")]  # editors read every review
    assert set(Mention.objects.values_list("user__username", flat=True)) == {"erin"}


def test_the_blind_reviewer_mentioned_is_shown_plain_text_to_everyone(
    claim, alice, bob, erin_client
):
    make_review(claim, alice, "true", rationale="Ask @bob.")
    html = panel(erin_client, claim).content.decode()
    assert "Ask @bob." in html and MARKED.format("bob") not in html


def test_a_reviewer_who_reviewed_the_claim_is_told_of_a_mention_in_a_rationale(
    claim, alice, bob, alice_client
):
    make_review(claim, bob, "false")
    review = make_review(claim, alice, "true", rationale="I disagree with @bob here.")
    assert told(bob) == [(Kind.MENTION, "review")]
    assert Notification.objects.get(recipient=bob).item_id == review.pk
    assert MARKED.format("bob") in panel(alice_client, claim).content.decode()


def test_with_blind_review_off_every_reviewer_mentioned_is_told(claim, alice, bob, erin):
    set_blind_review(article=claim.article, editor=erin, blind_review=False)
    make_review(claim, alice, "true", rationale="@bob could check the annex.")
    assert told(bob) == [(Kind.MENTION, "review")]


def test_updating_a_rationale_tells_only_people_newly_mentioned(claim, alice, erin, bob):
    review = make_review(claim, alice, "true", rationale="@erin first.")
    services.update_review(
        review=review,
        reviewer=alice,
        expected_version=review.version,
        rating=rating("false"),
        rationale="@erin first. @admin too.",
    )
    assert told(erin) == [(Kind.MENTION, "review")]


def test_the_review_save_answer_marks_mentions_too(claim, alice, erin, alice_client):
    url = reverse("claims:review", args=[claim.pk])
    response = alice_client.post(
        url,
        {"rating": rating("true").pk, "rationale": "Per @erin.", "confidence": "low"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert MARKED.format("erin") in response.content.decode()
    assert told(erin) == [(Kind.MENTION, "review")]
