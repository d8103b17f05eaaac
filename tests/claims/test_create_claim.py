"""POST /articles/<id>/claims/: the contract with static/js/reader.js."""

import json

import pytest
from django.urls import reverse

from factcheck.claims.models import Claim
from factcheck.history.models import Event
from tests.factories import make_claim

from .conftest import HX, JSON, claim_post, offsets

pytestmark = pytest.mark.django_db


def create_url(article):
    return reverse("claims:create", args=[article.pk])


def test_claim_after_emoji_zwj_and_khmer_gets_code_point_offsets_and_quote(alice_client, article):
    exact = "62 cases were recorded in 2020"
    response = alice_client.post(create_url(article), claim_post(article, exact), headers=HX)
    assert response.status_code == 201
    claim = Claim.objects.get()
    text = article.current_revision.text
    assert text[claim.start : claim.end] == claim.exact == exact
    # Code points, not UTF-16 units: the family emoji alone is 5 code points, 8 units.
    assert claim.start == text.index(exact)
    assert claim.start < len(text[: claim.start].encode("utf-16-le")) // 2
    assert claim.prefix == text[claim.start - 32 : claim.start]
    assert claim.suffix == text[claim.end : claim.end + 32]
    trigger = json.loads(response["HX-Trigger"])["claim-created"]
    assert trigger == {
        "id": claim.pk,
        "start": claim.start,
        "end": claim.end,
        "status": "open",
        "deleted": False,
    }
    # A light stub that loads the panel at once (bench/bench_claims.py: the full panel in
    # the 201 tripled the cost of creating a claim), never a whole page.
    assert "<html" not in response.text and 'hx-trigger="load"' in response.text
    assert f'hx-get="{claim.get_absolute_url()}"' in response.text
    panel = alice_client.get(claim.get_absolute_url(), headers=HX)
    assert f'class="claim-panel" data-claim="{claim.pk}"' in panel.text


def test_claim_on_the_khmer_sentence_itself(alice_client, article):
    exact = "ខ្ញុំទៅផ្សារ។"
    response = alice_client.post(create_url(article), claim_post(article, exact), headers=JSON)
    assert response.status_code == 201
    body = response.json()
    assert (body["start"], body["end"]) == offsets(article, exact)
    assert Claim.objects.get().exact == exact


def test_form_post_without_htmx_redirects_to_the_claim_page(alice_client, article):
    response = alice_client.post(create_url(article), claim_post(article, "62 cases"))
    claim = Claim.objects.get()
    assert response.status_code == 302 and response["Location"] == claim.get_absolute_url()
    event = Event.objects.get(action="claim.created")
    assert event.claim_id == claim.pk and event.article_id == article.pk
    assert event.actor.username == "alice" and event.before is None
    assert event.after["exact"] == "62 cases"


@pytest.mark.parametrize(
    ("change", "code", "words"),
    [
        ({"start": "ten"}, "not_integer", "whole numbers"),
        ({"start": "1.5"}, "not_integer", "whole numbers"),
        ({"start": ""}, "not_integer", "whole numbers"),
        ({"start": "-3"}, "not_integer", "whole numbers"),  # "-3" is not ASCII digits
        ({"start": "20", "end": "10"}, "reversed", "before end"),
        ({"start": "10", "end": "10"}, "empty", "empty"),
        ({"end": "99999"}, "out_of_range", "past the end"),
        ({"end": "9" * 40}, "out_of_range", "past the end"),
        ({"exact": ""}, "missing_exact", "missing"),
    ],
)
def test_bad_offsets_get_a_clear_400(alice_client, article, change, code, words):
    data = claim_post(article, "62 cases") | change
    response = alice_client.post(create_url(article), data, headers=JSON)
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == code and words in body["message"] and body["found"] is None
    htmx = alice_client.post(create_url(article), data, headers=HX)
    assert htmx.status_code == 400
    assert 'class="claim-error error"' in htmx.text and words in htmx.text
    assert not Claim.objects.exists() and not Event.objects.filter(action="claim.created")


def test_negative_offsets_from_a_service_caller_are_refused(article, alice):
    from factcheck.claims.services import ClaimRejected, create_claim
    from factcheck.text import Quote

    with pytest.raises(ClaimRejected) as error:
        create_claim(
            article_id=article.pk,
            revision_id=article.current_revision.pk,
            start=-1,
            end=4,
            quote=Quote("Intr"),
            created_by=alice,
        )
    assert error.value.code == "negative" and error.value.status == 400


def test_quote_elsewhere_gets_409_with_the_position_found(alice_client, article):
    start, end = offsets(article, "185 assemblies")
    data = claim_post(article, "185 assemblies") | {"start": start + 3, "end": end + 3}
    response = alice_client.post(create_url(article), data, headers=JSON)
    assert response.status_code == 409
    assert response.json()["error"] == "quote_mismatch"
    assert response.json()["found"] == [start, end]
    htmx = alice_client.post(create_url(article), data, headers=HX)
    assert htmx.status_code == 409
    assert f'data-found-start="{start}" data-found-end="{end}"' in htmx.text
    assert not Claim.objects.exists()


def test_quote_found_uses_prefix_to_pick_the_right_occurrence(alice_client, article):
    second = claim_post(article, "62 cases", occurrence=1)
    first_start, _ = offsets(article, "62 cases")
    # A stale page: offsets point to the first occurrence's old place minus 2.
    data = second | {"start": first_start - 2, "end": first_start + 6}
    response = alice_client.post(create_url(article), data, headers=JSON)
    assert response.status_code == 409
    assert response.json()["found"] == list(offsets(article, "62 cases", occurrence=1))


def test_quote_nowhere_gets_409_without_position(alice_client, article):
    data = claim_post(article, "62 cases") | {"exact": "63 cases"}
    response = alice_client.post(create_url(article), data, headers=JSON)
    assert response.status_code == 409 and response.json()["found"] is None


def test_range_splitting_a_grapheme_is_refused(alice_client, article):
    text = article.current_revision.text
    family = "👨‍👩‍👧"
    start = text.index(family)
    data = {
        "revision": article.current_revision_id,
        "start": start,
        "end": start + 1,
        "exact": text[start : start + 1],
    }
    response = alice_client.post(create_url(article), data, headers=JSON)
    assert response.status_code == 400 and response.json()["error"] == "splits_grapheme"
    combining = text.index("q\u0301")  # no precomposed form: NFC keeps two code points
    data |= {"start": combining, "end": combining + 1, "exact": "q"}
    response = alice_client.post(create_url(article), data, headers=HX)
    assert response.status_code == 400 and "in two" in response.text
    assert not Claim.objects.exists()


def test_stale_revision_gets_409(alice_client, article, erin):
    from factcheck.articles.services import create_revision
    from factcheck.text import normalise

    old = article.current_revision_id
    from django.db import transaction

    with transaction.atomic():
        create_revision(
            article=article,
            text=normalise("New text. 62 cases."),
            created_by=erin,
            note="correction",
        )
    data = claim_post(article, "62 cases") | {"revision": old}
    article.refresh_from_db()
    response = alice_client.post(create_url(article), data, headers=JSON)
    assert response.status_code == 409 and response.json()["error"] == "stale_revision"
    assert "reload" in response.json()["message"]
    assert response.json()["reload"] == article.get_absolute_url()
    response = alice_client.post(create_url(article), data | {"revision": "x"}, headers=HX)
    assert response.status_code == 409 and "reload" in response.text
    assert f'<a href="{article.get_absolute_url()}">Reload the article</a>' in response.text
    assert not Claim.objects.exists()


def test_overlapping_and_nested_claims_are_both_accepted(alice_client, bob_client, article):
    sentence = "The ministry said 62 cases were recorded in 2020."
    marks = [
        (alice_client, sentence),
        (bob_client, "62 cases"),
        (alice_client, "said 62 cases were"),
        (bob_client, "cases were recorded"),
    ]
    for client, exact in marks:
        assert (
            client.post(create_url(article), claim_post(article, exact), headers=HX).status_code
            == 201
        )
    assert Claim.objects.count() == 4


def test_same_range_twice_is_two_claims(alice, article):
    make_claim(article, "62 cases", created_by=alice)
    make_claim(article, "62 cases", created_by=alice)
    assert Claim.objects.count() == 2


def test_summary_is_optional_and_stored(alice_client, article):
    data = claim_post(article, "62 cases") | {"summary": "  Sixty-two   cases were recorded. "}
    alice_client.post(create_url(article), data, headers=HX)
    assert Claim.objects.get().summary == "Sixty-two cases were recorded."
    too_long = claim_post(article, "185 assemblies") | {"summary": "x" * 301}
    response = alice_client.post(create_url(article), too_long, headers=JSON)
    assert response.status_code == 400 and "too long" in response.json()["message"]


def test_get_is_not_allowed(alice_client, article):
    assert alice_client.get(create_url(article)).status_code == 405


def test_marking_a_claim_costs_a_fixed_number_of_queries(
    alice_client, article, django_assert_num_queries
):
    for exact in ("62 cases", "185 assemblies"):  # the article's claims add no queries
        data = claim_post(article, exact)
        # session, user, roles, article with its current text, BEGIN, INSERT claim,
        # INSERT event, COMMIT
        with django_assert_num_queries(8):
            response = alice_client.post(create_url(article), data, headers=HX)
        assert response.status_code == 201
    event = Event.objects.latest("pk")
    assert event.action == "claim.created" and event.after["tags"] == []


def test_a_claim_on_an_unknown_article_is_404_and_an_outsider_gets_403(
    alice_client, olga_client, article
):
    data = claim_post(article, "62 cases")
    assert alice_client.post(reverse("claims:create", args=[999999]), data).status_code == 404
    assert olga_client.post(create_url(article), data).status_code == 403
    assert not Claim.objects.exists()
