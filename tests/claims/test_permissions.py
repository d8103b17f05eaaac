"""Who may reach the claim URLs, and that nobody edits another reviewer's review, source or
comment by changing an id in the URL or the form (every mutating URL, with and without
htmx)."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from factcheck.claims import access
from factcheck.claims.models import Claim, Comment, Review, Source
from factcheck.claims.services import add_comment, add_source
from factcheck.history.models import Event
from tests.factories import make_claim, make_review, rating

from .conftest import HX, claim_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def alices(article, alice):
    """Alice's claim with her review, source and comment."""
    claim = make_claim(article, "62 cases", created_by=alice)
    review = make_review(claim, alice, "true", rationale="Alice's rationale")
    source = add_source(
        claim=claim, added_by=alice, url="https://example.org/alice", title="Alice's source"
    )
    comment = add_comment(claim=claim, author=alice, body="Alice's comment")
    return {"claim": claim, "review": review, "source": source, "comment": comment}


def every_url(article, objects):
    claim, source, comment = objects["claim"], objects["source"], objects["comment"]
    gets = [
        reverse("claims:detail", args=[claim.pk]),
        reverse("claims:changes", args=[article.pk]) + "?since=0",
        reverse("history:claim-timeline", args=[claim.pk]),
        reverse("history:article-activity", args=[article.pk]),
        reverse("history:person-work", args=["alice"]),
    ]
    posts = [
        reverse("claims:create", args=[article.pk]),
        reverse("claims:edit", args=[claim.pk]),
        reverse("claims:delete", args=[claim.pk]),
        reverse("claims:review", args=[claim.pk]),
        reverse("claims:add-source", args=[claim.pk]),
        reverse("claims:edit-source", args=[source.pk]),
        reverse("claims:delete-source", args=[source.pk]),
        reverse("claims:add-comment", args=[claim.pk]),
        reverse("claims:edit-comment", args=[comment.pk]),
        reverse("claims:delete-comment", args=[comment.pk]),
    ]
    return gets, posts


def snapshot(objects):
    claim = Claim.objects.get(pk=objects["claim"].pk)
    return (
        model_to_dict(claim, exclude=["tags"]) | {"updated_at": claim.updated_at},
        list(Review.objects.order_by("pk").values()),
        list(Source.objects.order_by("pk").values()),
        list(Comment.objects.order_by("pk").values()),
    )


@pytest.mark.parametrize("headers", [{}, HX], ids=["form", "htmx"])
def test_anonymous_is_sent_to_login_everywhere(client, article, alices, headers):
    gets, posts = every_url(article, alices)
    for url in gets:
        response = client.get(url, headers=headers)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    for url in posts:
        response = client.post(url, {}, headers=headers)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    assert client.get(reverse("history:my-work")).status_code == 302


@pytest.mark.parametrize("headers", [{}, HX], ids=["form", "htmx"])
def test_outsider_gets_403_on_every_claim_url(olga_client, article, alices, headers):
    before = snapshot(alices), Event.objects.count()
    gets, posts = every_url(article, alices)
    for url in gets:
        assert olga_client.get(url, headers=headers).status_code == 403, url
    for url in posts:
        assert (
            olga_client.post(
                url, {"body": "x", "url": "https://e.org/"}, headers=headers
            ).status_code
            == 403
        ), url
    assert olga_client.get(reverse("history:person-work", args=["olga"])).status_code == 403
    assert (snapshot(alices), Event.objects.count()) == before


@pytest.mark.parametrize("headers", [{}, HX], ids=["form", "htmx"])
def test_reviewer_cannot_touch_anothers_review_source_or_comment(
    bob_client, bob, article, alices, headers
):
    before = snapshot(alices)
    source, comment, review = alices["source"], alices["comment"], alices["review"]
    claim = alices["claim"]
    s, c = f"source-{source.pk}-", f"comment-{comment.pk}-"
    hostile_source = {
        s + "url": "https://evil.example/",
        s + "title": "Bob was here",
        s + "stance": "refutes",
        s + "version": 1,
    }
    hostile_comment = {c + "body": "Bob was here", c + "version": 1}
    refused = [
        (reverse("claims:edit-source", args=[source.pk]), hostile_source, 404),
        (reverse("claims:delete-source", args=[source.pk]), {}, 404),
        (reverse("claims:edit-comment", args=[comment.pk]), hostile_comment, 404),
        (reverse("claims:delete-comment", args=[comment.pk]), {}, 404),
        (reverse("claims:delete", args=[claim.pk]), {"version": 1}, 403),
    ]
    for url, data, status in refused:
        assert bob_client.post(url, data, headers=headers).status_code == status, url
    # Ids of Alice's objects in Bob's own forms change nothing of hers.
    own_source = add_source(claim=claim, added_by=bob, url="https://example.org/bob")
    own_comment = add_comment(claim=claim, author=bob, body="Bob's comment")
    response = bob_client.post(
        reverse("claims:edit-source", args=[own_source.pk]), hostile_source, headers=headers
    )
    assert response.status_code == 400  # Alice's prefixed fields are not Bob's form
    response = bob_client.post(
        reverse("claims:edit-comment", args=[own_comment.pk]), hostile_comment, headers=headers
    )
    assert response.status_code == 400
    # The review URL decides whose review by the login: naming Alice's review or her
    # version in the form makes (or updates) Bob's own.
    response = bob_client.post(
        reverse("claims:review", args=[claim.pk]),
        {
            "rating": rating("false").pk,
            "rationale": "Bob was here",
            "confidence": "low",
            "review": review.pk,
            "reviewer": alices["review"].reviewer_id,
            "version": 1,
        },
        headers=headers,
    )
    assert response.status_code in (200, 302)
    assert Review.objects.get(claim=claim, reviewer=bob).rationale == "Bob was here"
    after = snapshot(alices)
    # Bob's own (disagreeing) review legitimately makes the claim contested; nothing else.
    unchanged = {"status", "updated_at"}
    assert {k: v for k, v in after[0].items() if k not in unchanged} == {
        k: v for k, v in before[0].items() if k not in unchanged
    }
    assert after[0]["status"] == "contested"
    assert [row for row in after[1] if row["reviewer_id"] != bob.pk] == before[1]
    assert [row for row in after[2] if row["added_by_id"] != bob.pk] == before[2]
    assert [row for row in after[3] if row["author_id"] != bob.pk] == before[3]


def test_services_refuse_others_objects_too(alices, bob):
    from django.core.exceptions import PermissionDenied

    from factcheck.claims import services

    with pytest.raises(PermissionDenied):
        services.update_review(
            review=alices["review"],
            reviewer=bob,
            expected_version=1,
            rating=rating("false"),
            rationale="x",
        )
    with pytest.raises(PermissionDenied):
        services.update_source(source=alices["source"], editor=bob, expected_version=1, title="x")
    with pytest.raises(PermissionDenied):
        services.delete_source(source=alices["source"], deleted_by=bob)
    with pytest.raises(PermissionDenied):
        services.edit_comment(comment=alices["comment"], author=bob, expected_version=1, body="x")
    with pytest.raises(PermissionDenied):
        services.delete_comment(comment=alices["comment"], deleted_by=bob)


def test_claim_description_is_shared_work_but_deleting_is_the_creators_or_an_editors(
    bob_client, erin_client, alices
):
    claim = alices["claim"]
    data = {"summary": "Bob's better summary", "version": 1}
    assert bob_client.post(reverse("claims:edit", args=[claim.pk]), data).status_code == 302
    assert Claim.objects.get(pk=claim.pk).summary == "Bob's better summary"
    assert erin_client.post(reverse("claims:delete", args=[claim.pk])).status_code == 302
    assert Claim.objects.get(pk=claim.pk).deleted_at is not None


def test_editors_and_admins_may_create_claims(erin_client, admin_client_, article):
    url = reverse("claims:create", args=[article.pk])
    assert erin_client.post(url, claim_post(article, "62 cases"), headers=HX).status_code == 201
    assert admin_client_.post(url, claim_post(article, "2020"), headers=HX).status_code == 201


def test_unknown_ids_are_404(alice_client, article):
    for url in [
        reverse("claims:detail", args=[999999]),
        reverse("history:claim-timeline", args=[999999]),
    ]:
        assert alice_client.get(url).status_code == 404
    assert alice_client.post(reverse("claims:review", args=[999999])).status_code == 404
    assert alice_client.post(reverse("claims:create", args=[999999])).status_code == 404


@pytest.mark.parametrize("hidden", [False, True])
def test_hidden_items_show_to_editors_and_their_authors_only_in_sql_and_on_loaded_items(
    alices, alice, bob, erin, olga, admin_user, hidden
):
    """One rule, two readings: HideableQuerySet.for_viewer (the panel's read) and
    Hideable.is_shown_to (the review save's answer, access.reviews_for_panel_of)."""
    items = [(alices["review"], "reviewer"), (alices["source"], "added_by")]
    items.append((alices["comment"], "author"))
    for item, _ in items:
        type(item).objects.filter(pk=item.pk).update(hidden_at=timezone.now() if hidden else None)
        item.refresh_from_db()
    mine = {alice: True, bob: not hidden, olga: not hidden, erin: True, admin_user: True}
    for item, author_field in items:
        for field, shown in [(author_field, mine), ("", mine | {alice: not hidden})]:
            for user, sees in shown.items():
                in_sql = type(item).objects.filter(pk=item.pk).for_viewer(user, author_field=field)
                assert in_sql.exists() is sees, (item, field, user)
                assert item.is_shown_to(user, author_field=field) is sees, (item, field, user)
    review = alices["review"]
    for user, sees in mine.items():
        assert access.reviews_for_panel_of(user, [review]) == ([review] if sees else [])
    # soft-deleted sources and comments show to no one, editors and authors included
    for item, author_field in items[1:]:
        type(item).objects.filter(pk=item.pk).update(deleted_at=timezone.now())
        item.refresh_from_db()
        for user in (alice, erin):
            assert not type(item).objects.filter(pk=item.pk).for_viewer(user).exists()
            assert not item.is_shown_to(user, author_field=author_field)
