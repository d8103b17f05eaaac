"""The reading page with claims: the sidebar list, its filters, the highlight data, and a
query count that does not grow with sentences or claims."""

import re

import pytest
from django.urls import reverse

from factcheck.claims.models import Claim
from factcheck.claims.services import create_claim, record_review
from factcheck.text import quote_at
from tests.factories import make_article, make_claim, make_review, rating, sentences_text

from .conftest import HX

pytestmark = pytest.mark.django_db


def claim_every_sentence(article, users, count):
    """`count` claims, one per sentence from the start, reviewed by alternating users."""
    revision = article.current_revision
    text = revision.text
    spans = revision.spans.filter(kind="sentence").order_by("index")[:count]
    ratings = [rating("true"), rating("false")]
    for number, span in enumerate(spans):
        claim = create_claim(
            article_id=article.pk,
            revision_id=revision.pk,
            start=span.start,
            end=span.end,
            quote=quote_at(text, span.start, span.end),
            created_by=users[number % 2],
        )
        record_review(
            claim=claim,
            reviewer=users[number % 2],
            rating=ratings[number % 2],
            rationale="",
            confidence="medium",
        )


def test_reading_page_costs_the_same_queries_for_20_or_2000_sentences_and_5_or_500_claims(
    alice_client, erin_client, alice, bob, erin, django_assert_num_queries
):
    small = make_article(sentences_text(20), title="Small", created_by=erin)
    large = make_article(sentences_text(2000), title="Large", created_by=erin)
    claim_every_sentence(small, [alice, bob], 5)
    claim_every_sentence(large, [alice, bob], 500)
    # session, user, roles, article+revision, spans, claims, their reviews, newest event,
    # the header bell's unread count
    with django_assert_num_queries(9):
        small_page = alice_client.get(small.get_absolute_url())
    with django_assert_num_queries(9):
        large_page = alice_client.get(large.get_absolute_url())
    assert small_page.text.count('class="claim-row ') == 5
    assert large_page.text.count('class="claim-row ') == 500
    assert large_page.text.count('class="sentence"') == 2000
    # an editor also gets the agreement line, from the reviews already loaded, the
    # assignment forms (the article's assignments and the reviewers, factcheck/assignments)
    # and the header bell's unread count
    with django_assert_num_queries(11):
        editors_page = erin_client.get(large.get_absolute_url())
    assert "no claim has two reviews yet" in editors_page.text
    assert editors_page.text.count('class="rating-chip ') == 500
    # the filtered list alone: no spans, no newest event; alice sees her own 250 ratings
    with django_assert_num_queries(6):
        listed = alice_client.get(
            large.get_absolute_url(), {"rating": "true"}, headers=HX | {"HX-Target": "claim-list"}
        )
    assert listed.text.count('class="claim-row ') == 250


def test_sidebar_rows_carry_what_the_highlights_need(alice_client, article, alice, bob):
    first = make_claim(article, "62 cases were recorded", created_by=alice)
    nested = make_claim(article, "62 cases", created_by=bob)
    make_review(first, alice, "true")
    html = alice_client.get(article.get_absolute_url()).text
    for claim, status in [(first, "in_review"), (nested, "open")]:
        claim.refresh_from_db()
        row = re.search(rf'<li id="claim-row-{claim.pk}"[^>]*>', html).group(0)
        assert f'data-claim="{claim.pk}"' in row and f'data-start="{claim.start}"' in row
        assert f'data-end="{claim.end}"' in row and f'data-status="{status}"' in row
    assert f'hx-get="{reverse("claims:detail", args=[first.pk])}"' in html
    assert 'hx-target="#claim-panel"' in html
    assert '<section id="claim-panel" aria-live="polite">' in html
    assert '<aside id="claim-sidebar"' in html
    assert f'data-create-url="{reverse("claims:create", args=[article.pk])}"' in html
    assert f'data-revision="{article.current_revision_id}"' in html
    # rows are in text order
    assert html.index(f"claim-row-{first.pk}") < html.index(f"claim-row-{nested.pk}") or (
        first.start == nested.start
    )


def test_claim_list_filters_by_status_rating_and_reviewer(alice_client, article, alice, bob):
    agreed = make_claim(article, "62 cases", created_by=alice)
    disputed = make_claim(article, "185 assemblies", created_by=alice)
    untouched = make_claim(article, "April 2019", created_by=alice)
    make_review(agreed, alice, "true")
    make_review(disputed, alice, "true")
    make_review(disputed, bob, "false")
    url = article.get_absolute_url()

    def listed(**params):
        response = alice_client.get(url, params, headers=HX | {"HX-Target": "claim-list"})
        assert response.status_code == 200 and "<html" not in response.text
        return {int(pk) for pk in re.findall(r'id="claim-row-(\d+)"', response.text)}

    assert listed() == {agreed.pk, disputed.pk, untouched.pk}
    assert listed(status="contested") == {disputed.pk}
    assert listed(status="open") == {untouched.pk}
    assert listed(rating="false") == {disputed.pk}
    assert listed(rating="true") == {agreed.pk, disputed.pk}
    assert listed(reviewer="bob") == {disputed.pk}
    assert listed(reviewer="bob", rating="true") == {disputed.pk}
    assert listed(status="nonsense") == {agreed.pk, disputed.pk, untouched.pk}
    # without htmx the whole page comes back, filtered
    page = alice_client.get(url, {"status": "contested"}).text
    assert "<html" in page and f'id="claim-row-{agreed.pk}"' not in page
    assert '<option value="contested" selected>' in page


def test_deleted_claims_leave_the_list(alice_client, article, alice):
    claim = make_claim(article, "62 cases", created_by=alice)
    Claim.objects.filter(pk=claim.pk).update(deleted_at="2026-01-01T00:00:00Z")
    assert f'id="claim-row-{claim.pk}"' not in alice_client.get(article.get_absolute_url()).text
