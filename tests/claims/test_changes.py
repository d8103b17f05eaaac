"""GET /articles/<id>/changes/?since=N: the reading page's live poll."""

import json
import re

import pytest
from django.urls import reverse

from factcheck.claims import services
from factcheck.history.models import Event
from tests.factories import make_article, make_claim, make_review

pytestmark = pytest.mark.django_db


def changes_url(article, since):
    return reverse("claims:changes", args=[article.pk]) + f"?since={since}"


def since_on_page(client, article) -> int:
    html = client.get(article.get_absolute_url()).text
    element = re.search(r'<div id="live-changes" data-since="(\d+)" data-url="([^"]+)"', html)
    changes = reverse("claims:changes", args=[article.pk])
    assert element and element.group(2) == f"{changes}?revision={article.current_revision_id}"
    return int(element.group(1))


def test_idle_poll_is_204_in_five_queries(alice_client, article, alice, django_assert_num_queries):
    make_claim(article, "62 cases", created_by=alice)
    since = since_on_page(alice_client, article)
    assert since == Event.objects.latest("pk").pk
    # the session, the user, their roles, one probe of the event index, and the header
    # bell's unread notification count (notifications_unread index)
    with django_assert_num_queries(5) as queries:
        response = alice_client.get(changes_url(article, since))
    assert response.status_code == 204 and response.content == b""
    assert response["X-Notifications-Unread"] == "0"
    assert "history_event" in queries.captured_queries[-2]["sql"]
    assert "notifications_notification" in queries.captured_queries[-1]["sql"]


def test_the_probe_answers_for_this_article_only(alice_client, article, alice, bob):
    claim = make_claim(article, "62 cases", created_by=alice)
    since = since_on_page(alice_client, article)
    elsewhere = make_article("They counted 62 cases.", title="Another", created_by=alice)
    make_claim(elsewhere, "62 cases", created_by=bob)
    assert alice_client.get(changes_url(article, since)).status_code == 204
    make_review(claim, bob, "false")
    assert alice_client.get(changes_url(article, since)).status_code == 200


def test_poll_of_a_deactivated_user_ends_at_once(alice_client, article, alice):
    since = since_on_page(alice_client, article)
    assert alice_client.get(changes_url(article, since)).status_code == 204
    type(alice).objects.filter(pk=alice.pk).update(is_active=False)
    response = alice_client.get(changes_url(article, since))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_poll_without_login_goes_to_login_even_with_a_bad_since(client, article):
    for since in ("5", "x", "-1"):
        response = client.get(changes_url(article, since))
        assert response.status_code == 302 and "/login/" in response["Location"]
        assert "next=" in response["Location"]


def test_poll_with_a_bad_since_is_400(alice_client, article):
    for since in ("x", "-1", "1" * 19, "١٢"):
        assert alice_client.get(changes_url(article, since)).status_code == 400


def test_poll_after_a_change_returns_the_changed_rows_and_claims(alice_client, bob, article, alice):
    claim = make_claim(article, "62 cases", created_by=alice)
    since = since_on_page(alice_client, article)
    make_review(claim, bob, "false")
    new = make_claim(article, "185 assemblies", created_by=bob)
    response = alice_client.get(changes_url(article, since), headers={"HX-Request": "true"})
    assert response.status_code == 200
    trigger = json.loads(response["HX-Trigger"])["claims-changed"]
    assert trigger["since"] == Event.objects.latest("pk").pk
    assert sorted(trigger["claims"], key=lambda c: c["id"]) == [
        {
            "id": claim.pk,
            "start": claim.start,
            "end": claim.end,
            "status": "in_review",
            "deleted": False,
        },
        {"id": new.pk, "start": new.start, "end": new.end, "status": "open", "deleted": False},
    ]
    html = response.text
    assert f'<li id="claim-row-{claim.pk}"' in html and 'hx-swap-oob="true"' in html
    assert f'<li id="claim-row-{new.pk}"' in html
    assert 'hx-swap-oob="beforeend:#claim-list"' in html  # new rows are appended
    assert 'data-status="in_review"' in html
    # Polling again from the new mark is idle.
    assert alice_client.get(changes_url(article, trigger["since"])).status_code == 204


def test_a_deleted_claim_is_announced_and_its_row_removed(alice_client, article, alice):
    claim = make_claim(article, "62 cases", created_by=alice, summary="Secret summary")
    since = since_on_page(alice_client, article)
    services.delete_claim(claim=claim, deleted_by=alice)
    response = alice_client.get(changes_url(article, since))
    trigger = json.loads(response["HX-Trigger"])["claims-changed"]
    assert trigger["claims"][0]["deleted"] is True
    # Only what the delete swap needs: a claim created and deleted between two polls shows
    # nothing of itself on the way out.
    assert f'<li id="claim-row-{claim.pk}" hx-swap-oob="delete"></li>' in response.text
    assert "Secret summary" not in response.text and "62 cases" not in response.text


def test_changes_on_other_articles_do_not_wake_the_poll(alice_client, article, alice, erin):
    from tests.factories import make_article

    since = since_on_page(alice_client, article)
    other = make_article("Other text with 62 cases.", title="Other", created_by=erin)
    make_claim(other, "62 cases", created_by=alice)
    assert alice_client.get(changes_url(article, since)).status_code == 204


def test_bad_since_is_400_and_outsiders_are_refused(alice_client, olga_client, client, article):
    for bad in ["", "abc", "-1", "1.5", "9" * 40]:
        assert alice_client.get(changes_url(article, bad)).status_code == 400
    assert olga_client.get(changes_url(article, 0)).status_code == 403
    response = client.get(changes_url(article, 0))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_busy_poll_costs_the_same_queries_for_one_or_many_changed_claims(
    alice_client, article, alice, bob, django_assert_num_queries
):
    since = since_on_page(alice_client, article)
    claim = make_claim(article, "62 cases", created_by=alice)
    make_review(claim, bob, "false")
    gone = make_claim(article, "185 assemblies", created_by=bob)
    services.delete_claim(claim=gone, deleted_by=bob)
    # session, user, roles, the events, the claims, their reviews, the article's blind
    # review setting, the bell's unread count
    with django_assert_num_queries(8):
        response = alice_client.get(changes_url(article, since), headers={"HX-Request": "true"})
    assert response.status_code == 200
    for exact in ("April 2019", "March 2020", "second paragraph"):
        make_review(make_claim(article, exact, created_by=bob), alice, "true")
    with django_assert_num_queries(8):
        response = alice_client.get(changes_url(article, since), headers={"HX-Request": "true"})
    assert response.text.count('<li id="claim-row-') == 5
    assert response.text.count('hx-swap-oob="delete"') == 1
    assert response.text.count('hx-swap-oob="beforeend:#claim-list"') == 4
