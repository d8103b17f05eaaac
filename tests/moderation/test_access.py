"""Only editors (and admins) reach the moderation page and the hide / unhide / lock /
unlock / restore / resolve URLs; outsiders, reviewers and anonymous visitors change
nothing, with or without htmx."""

import pytest
from django.urls import reverse

from factcheck.claims.models import Claim, Comment, Review, Source
from factcheck.claims.services import delete_claim
from factcheck.history.models import Event
from factcheck.moderation.models import Flag
from factcheck.moderation.services import flag_item, hide_item

from .conftest import HX

pytestmark = pytest.mark.django_db


@pytest.fixture
def targets(things, alice, bob, erin):
    flag = flag_item(item=things["comment"], flagged_by=bob, reason="Spam.")
    hide_item(item=things["source"], editor=erin, reason="Dead link.")
    from tests.factories import make_claim

    gone = make_claim(things["claim"].article, "185 assemblies", created_by=alice)
    delete_claim(claim=gone, deleted_by=alice)
    return {**things, "flag": flag, "gone": gone}


def moderation_posts(t):
    return [
        (reverse("moderation:hide", args=["review", t["review"].pk]), {"reason": "x"}),
        (reverse("moderation:unhide", args=["source", t["source"].pk]), {}),
        (reverse("moderation:resolve-hide", args=[t["flag"].pk]), {"reason": "x"}),
        (reverse("moderation:dismiss", args=[t["flag"].pk]), {"note": "x"}),
        (reverse("moderation:lock", args=[t["claim"].pk]), {}),
        (reverse("moderation:unlock", args=[t["claim"].pk]), {}),
        (reverse("moderation:restore", args=[t["gone"].pk]), {}),
    ]


def state():
    return (
        list(Claim.objects.order_by("pk").values()),
        list(Review.objects.values()),
        list(Source.objects.values()),
        list(Comment.objects.values()),
        list(Flag.objects.values()),
        Event.objects.count(),
    )


@pytest.mark.parametrize("headers", [{}, HX], ids=["form", "htmx"])
@pytest.mark.parametrize("who", ["olga_client", "alice_client", "bob_client"])
def test_outsiders_and_reviewers_are_refused_everywhere(request, targets, who, headers):
    client = request.getfixturevalue(who)
    before = state()
    queue = client.get(reverse("moderation:queue"), headers=headers)
    assert queue.status_code == 403
    for show in ("hidden", "deleted"):
        assert client.get(reverse("moderation:queue") + f"?show={show}").status_code == 403
    for url, data in moderation_posts(targets):
        assert client.post(url, data, headers=headers).status_code == 403, url
        assert client.get(url).status_code in (403, 405), url
    assert state() == before


@pytest.mark.parametrize("headers", [{}, HX], ids=["form", "htmx"])
def test_anonymous_visitors_are_sent_to_log_in(client, targets, headers):
    before = state()
    for url, data in [(reverse("moderation:queue"), None), *moderation_posts(targets)]:
        response = (
            client.post(url, data, headers=headers)
            if data is not None
            else client.get(url, headers=headers)
        )
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    assert state() == before


def test_editors_and_admins_reach_the_moderation_page(erin_client, admin_client_, targets):
    for client in (erin_client, admin_client_):
        for show in ("", "?show=hidden", "?show=deleted"):
            assert client.get(reverse("moderation:queue") + show).status_code == 200


def test_the_nav_links_the_moderation_page_for_editors_only(erin_client, alice_client, article):
    url = reverse("moderation:queue")
    assert url in erin_client.get(reverse("articles:list")).text
    assert url not in alice_client.get(reverse("articles:list")).text


def test_moderating_a_deleted_claims_items_is_refused(erin_client, alice, things):
    delete_claim(claim=things["claim"], deleted_by=alice)
    before = state()
    url = reverse("moderation:hide", args=["review", things["review"].pk])
    assert erin_client.post(url, {"reason": "x"}).status_code == 404
    assert (
        erin_client.post(reverse("moderation:lock", args=[things["claim"].pk])).status_code == 404
    )
    assert state() == before
