"""The reading page's suggestions panel: turning it on and off, making a claim of a
suggestion or finding, dismissing one, and the refusals."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from factcheck.claims.models import Claim
from factcheck.claims.revisions import revise_article
from factcheck.claims.services import delete_claim
from factcheck.suggestions.models import SuggestionDecision
from factcheck.suggestions.services import open_analysis
from tests.factories import make_article, make_claim

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
TEXT = (
    "The group recorded a total of 185 assemblies. Of those, 101 were about land and "
    "68 about wages, with the remaining 20 held for other reasons.\n\n"
    "The ministry said 62 cases were recorded in 2020, up 40% from 2019."
)


@pytest.fixture
def article(erin):
    return make_article(TEXT, title="Suggestions article", created_by=erin)


def panel_url(article):
    return reverse("suggestions:panel", args=[article.pk])


def first_suggestion(article):
    return open_analysis(article.current_revision, language=article.language)["suggestions"][0]


def decision_post(article, item, **overrides):
    data = {
        "revision": article.current_revision.pk,
        "source": "suggestion",
        "kind": "",
        "start": item["start"],
        "end": item["end"],
    }
    return data | overrides


def turn_on(client, article):
    return client.post(panel_url(article), {"shown": "1"}, headers=HX)


def test_the_panel_is_off_by_default_and_the_page_lists_no_suggestion(alice_client, article):
    page = alice_client.get(article.get_absolute_url()).text
    assert 'id="suggestions-toggle"' in page
    assert 'aria-pressed="false"' in page
    assert 'class="suggestion"' not in page
    assert 'hx-trigger="load"' not in page


def test_turning_suggestions_on_returns_the_list_with_scores_reasons_and_notes(
    alice_client, article
):
    response = turn_on(alice_client, article)
    assert response.status_code == 200
    html = response.text
    assert 'aria-pressed="true"' in html
    suggestion = first_suggestion(article)
    assert f'data-start="{suggestion["start"]}" data-end="{suggestion["end"]}"' in html
    assert f"Score {suggestion['score']:.2f}: " in html
    assert escape(suggestion["reasons"][0]) in html
    # The inconsistent sum is a note with its spans and one-line explanation.
    assert 'class="finding suggestion"' in html and "inconsistent" in html


def test_the_choice_is_remembered_and_the_page_loads_the_list_with_htmx(alice_client, article):
    turn_on(alice_client, article)
    page = alice_client.get(article.get_absolute_url()).text
    assert 'aria-pressed="true"' in page
    # Only a placeholder that loads the panel: the page itself reads no suggestion.
    assert f'hx-get="{panel_url(article)}" hx-trigger="load"' in page
    assert 'class="suggestion"' not in page
    assert 'class="suggestion"' in alice_client.get(panel_url(article), headers=HX).text
    alice_client.post(panel_url(article), {"shown": "0"}, headers=HX)
    assert 'aria-pressed="false"' in alice_client.get(article.get_absolute_url()).text


def test_the_reading_page_costs_no_extra_query_with_suggestions_on(
    alice_client, article, django_assert_num_queries
):
    # session, user, roles, article+revision, spans, claims (none, so no reviews), newest
    # event, bell: tests/claims/test_reading_claims.py's count, less the reviews
    with django_assert_num_queries(8):
        alice_client.get(article.get_absolute_url())
    turn_on(alice_client, article)
    with django_assert_num_queries(8):
        alice_client.get(article.get_absolute_url())


def test_a_sentence_claimed_exactly_is_not_suggested(alice_client, alice, article):
    suggestion = first_suggestion(article)
    make_claim(article, suggestion["exact"], created_by=alice)
    html = turn_on(alice_client, article).text
    assert f'data-start="{suggestion["start"]}" data-end="{suggestion["end"]}"' not in html


def test_a_deleted_claims_sentence_is_suggested_again(alice_client, alice, article):
    suggestion = first_suggestion(article)
    claim = make_claim(article, suggestion["exact"], created_by=alice)
    delete_claim(claim=claim, deleted_by=alice)
    html = turn_on(alice_client, article).text
    assert f'data-start="{suggestion["start"]}" data-end="{suggestion["end"]}"' in html


def test_making_a_claim_of_a_suggestion_keeps_its_reasons_on_the_claim(
    alice_client, alice, article
):
    suggestion = first_suggestion(article)
    url = reverse("suggestions:accept", args=[article.pk])
    response = alice_client.post(url, decision_post(article, suggestion), headers=HX)
    assert response.status_code == 201
    claim = Claim.objects.get(article=article)
    assert (claim.start, claim.end, claim.created_by) == (
        suggestion["start"],
        suggestion["end"],
        alice,
    )
    assert '"claim-created"' in response.headers["HX-Trigger"]
    assert f'id="suggestion-{claim.start}-{claim.end}" hx-swap-oob="delete"' in response.text
    panel = alice_client.get(claim.get_absolute_url(), headers=HX).text
    assert escape("Made from a suggestion: " + "; ".join(suggestion["reasons"])) in panel
    # Gone from the list.
    assert (
        f'data-start="{claim.start}" data-end="{claim.end}"'
        not in turn_on(alice_client, article).text
    )


def test_making_a_claim_of_an_inconsistent_sum_claims_from_its_first_span_to_its_last(
    alice_client, article
):
    [finding] = [
        c
        for c in open_analysis(article.current_revision, language="en")["checks"]
        if c["kind"] == "sum"
    ]
    start, end = finding["spans"][0]["start"], finding["spans"][-1]["end"]
    data = decision_post(article, {"start": start, "end": end}, source="check", kind="sum")
    response = alice_client.post(reverse("suggestions:accept", args=[article.pk]), data, headers=HX)
    assert response.status_code == 201
    claim = Claim.objects.get(article=article)
    assert (claim.start, claim.end) == (start, end)
    assert claim.suggestions.get().reasons == [finding["explanation"]]


def test_dismissing_hides_it_from_this_reviewer_only(alice_client, bob_client, alice, article):
    suggestion = first_suggestion(article)
    url = reverse("suggestions:dismiss", args=[article.pk])
    response = alice_client.post(url, decision_post(article, suggestion), headers=HX)
    assert response.status_code == 200 and response.text == ""
    decision = SuggestionDecision.objects.get()
    assert (decision.user, decision.decision) == (alice, "dismissed")
    row = f'data-start="{suggestion["start"]}" data-end="{suggestion["end"]}"'
    assert row not in turn_on(alice_client, article).text
    assert row in turn_on(bob_client, article).text
    assert not Claim.objects.exists()


def test_a_stale_revision_is_refused_with_409_and_a_reload_link(alice_client, erin, article):
    suggestion = first_suggestion(article)
    data = decision_post(article, suggestion)
    revise_article(article=article, content=TEXT + " A new closing sentence.", note="", editor=erin)
    for name in ("accept", "dismiss"):
        response = alice_client.post(
            reverse(f"suggestions:{name}", args=[article.pk]), data, headers=HX
        )
        assert response.status_code == 409
        assert 'data-error="stale_revision"' in response.text
        assert "Reload the article" in response.text
    assert not Claim.objects.exists() and not SuggestionDecision.objects.exists()


def test_words_already_claimed_are_refused_with_409(alice_client, bob, article):
    suggestion = first_suggestion(article)
    make_claim(article, suggestion["exact"], created_by=bob)
    url = reverse("suggestions:accept", args=[article.pk])
    response = alice_client.post(url, decision_post(article, suggestion), headers=HX)
    assert response.status_code == 409
    assert 'data-error="already_claimed"' in response.text
    assert Claim.objects.count() == 1 and not SuggestionDecision.objects.exists()


def test_an_unknown_range_is_404(alice_client, article):
    url = reverse("suggestions:accept", args=[article.pk])
    data = decision_post(article, {"start": 0, "end": 3})
    assert alice_client.post(url, data, headers=HX).status_code == 404
    assert alice_client.post(url, data | {"start": "x"}, headers=HX).status_code == 404
    assert not Claim.objects.exists()


def test_an_outsider_gets_403_and_changes_nothing(olga_client, article):
    suggestion = first_suggestion(article)
    assert olga_client.get(panel_url(article), headers=HX).status_code == 403
    for name in ("accept", "dismiss"):
        url = reverse(f"suggestions:{name}", args=[article.pk])
        assert olga_client.post(url, decision_post(article, suggestion)).status_code == 403
    assert not Claim.objects.exists() and not SuggestionDecision.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, article):
    response = client.get(panel_url(article))
    assert response.status_code == 302 and "/login" in response["Location"]
