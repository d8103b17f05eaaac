"""Publishing a verified claim and its public fact-check page (no login)."""

import json
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from factcheck.claims.models import Claim
from factcheck.editorial.services import reopen_claim
from factcheck.exports.services import PublishRejected, publish_claim, unpublish_claim
from factcheck.history.models import Event
from tests.exports.world import build_world, decide
from tests.factories import make_article, make_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(alice, bob, erin):
    return build_world(alice, bob, erin)


def page_url(claim):
    return reverse("public:fact-check", args=[claim.pk])


def test_anonymous_reader_sees_a_published_fact_check(world):
    claim = world.claims["cases"]
    response = Client().get(page_url(claim))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Right: 62 cases 👍" in html  # public summary
    assert "Checked again" in html  # rationale
    assert '<mark class="claim">62 cases were recorded in 2020 😀</mark>' in html
    assert "The ministry said" in html  # the sentence around it
    assert 'href="https://news.example/2021/ministry" rel="noopener noreferrer"' in html
    assert 'href="https://www.state.gov/report#62" rel="noopener noreferrer"' in html
    assert "Corrected on" in html and "was <strong>Mostly true</strong>" in html
    assert "The NGO data confirms the count." in html


def test_hidden_sources_and_reviews_never_appear(world):
    html = Client().get(page_url(world.claims["cases"])).content.decode()
    assert "SPAM" not in html and "spam.example" not in html
    assert "bob&#x27;s rationale" not in html and "bob's rationale" not in html


def test_script_in_any_text_cannot_break_out(world):
    html = Client().get(page_url(world.claims["cases"])).content.decode()
    # Every "</script>" closes one of the page's own script elements: there is one.
    assert html.count("<script") == 1
    assert html.lower().count("</script") == 1
    assert "&lt;/script&gt;" in html  # the texts are shown, escaped


def test_claim_in_context_is_escaped_and_keeps_its_line_breaks(world, alice, erin):
    article = make_article(
        'First "line" it\'s & <b>bold</b>.\nSecond line <script>x</script> here. Third.',
        created_by=erin,
    )
    claim = make_claim(article, "<b>bold</b>.\nSecond line", created_by=alice)
    decide(claim, erin, "true", summary="Bold", rationale="Checked.")
    publish_claim(claim=Claim.objects.get(pk=claim.pk), editor=erin)
    html = Client().get(page_url(claim)).content.decode()
    assert (
        '<blockquote dir="auto">First &quot;line&quot; it&#x27;s &amp; '
        '<mark class="claim">&lt;b&gt;bold&lt;/b&gt;.<br>Second line</mark> '
        "&lt;script&gt;x&lt;/script&gt; here.</blockquote>"
    ) in html


def test_page_embeds_claimreview_json_ld(world):
    claim = world.claims["cases"]
    html = Client().get(page_url(claim)).content.decode()
    match = re.search(r'<script type="application/ld\+json" id="claimreview">(.*?)</script>', html,
                      re.S)  # fmt: skip
    assert match
    data = json.loads(match.group(1))
    assert data["@type"] == "ClaimReview"
    assert data["url"] == f"http://127.0.0.1:8000{page_url(claim)}"
    assert data["claimReviewed"] == claim.summary
    assert data["reviewRating"]["alternateName"] == "True"
    assert "<" not in match.group(1)


@pytest.mark.parametrize("name", ["khmer", "formula", "open", "deleted"])
def test_unpublished_unverified_or_deleted_claims_have_no_page(world, name, erin_client):
    assert Client().get(page_url(world.claims[name])).status_code == 404
    assert erin_client.get(page_url(world.claims[name])).status_code == 404


def test_unpublish_removes_the_page_with_one_event(world, erin):
    claim = world.claims["cases"]
    before = Event.objects.count()
    unpublish_claim(claim=claim, editor=erin)
    assert Client().get(page_url(claim)).status_code == 404
    event = Event.objects.order_by("-pk").first()
    assert Event.objects.count() == before + 1
    assert event.action == "claim.unpublished" and event.claim_id == claim.pk
    assert event.before["published_by"] == "erin" and event.after["published_at"] is None


def test_publish_records_one_event_and_twice_changes_nothing(world, erin):
    claim = world.claims["khmer"]
    before = Event.objects.count()
    publish_claim(claim=claim, editor=erin)
    publish_claim(claim=claim, editor=erin)
    assert Event.objects.count() == before + 1
    assert Event.objects.order_by("-pk").first().action == "claim.published"
    assert Client().get(page_url(claim)).status_code == 200


def test_only_verified_claims_are_published(world, erin):
    for name in ("open", "deleted"):
        with pytest.raises(PublishRejected):
            publish_claim(claim=world.claims[name], editor=erin)
    assert not Claim.objects.filter(pk=world.claims["open"].pk, published_at__isnull=False)


def test_reviewer_cannot_publish(world, alice, alice_client):
    with pytest.raises(PermissionDenied):
        publish_claim(claim=world.claims["khmer"], editor=alice)
    url = reverse("exports:publish", args=[world.claims["khmer"].pk])
    assert alice_client.post(url).status_code == 403
    assert Claim.objects.get(pk=world.claims["khmer"].pk).published_at is None


def test_editor_publishes_from_the_claim_page(world, erin_client):
    claim = world.claims["khmer"]
    page = erin_client.get(claim.get_absolute_url()).content.decode()
    assert reverse("exports:publish", args=[claim.pk]) in page
    response = erin_client.post(reverse("exports:publish", args=[claim.pk]))
    assert response.status_code == 302 and response["Location"] == claim.get_absolute_url()
    page = erin_client.get(claim.get_absolute_url()).content.decode()
    assert page_url(claim) in page and reverse("exports:unpublish", args=[claim.pk]) in page
    erin_client.post(reverse("exports:unpublish", args=[claim.pk]))
    assert Claim.objects.get(pk=claim.pk).published_at is None


def test_a_reopened_claim_leaves_the_web(world, erin):
    claim = world.claims["cases"]
    reopen_claim(claim=Claim.objects.get(pk=claim.pk), editor=erin, reason="new evidence")
    assert Client().get(page_url(claim)).status_code == 404


def test_page_costs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    # the record's queries, the claim in its sentences, and whether the article was
    # revised after the verdict
    with django_assert_max_num_queries(13):
        assert Client().get(page_url(world.claims["cases"])).status_code == 200


def test_the_page_says_when_the_article_was_revised_after_the_check(world, erin):
    from factcheck.claims.revisions import revise_article

    claim = Claim.objects.get(pk=world.claims["cases"].pk)
    page = Client().get(page_url(claim)).text
    assert "revised after this check" not in page
    article = claim.article
    revise_article(
        article=article,
        content="Updated headline.\n" + article.current_revision.text,
        note="A line added above",
        editor=erin,
    )
    page = Client().get(page_url(claim)).text
    assert "The article was revised after this check: revision 2" in page
    assert "A line added above" in page and "did not change" in page
