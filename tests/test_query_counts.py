"""What every request costs before its view runs: Django's database session and
ModelBackend's user, two queries; the user's roles are one more query, asked once per
request however many checks a request makes. Ending a user's sessions logs them out at once."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck.core import roles
from factcheck.core.services import end_sessions

pytestmark = pytest.mark.django_db


def test_a_logged_in_request_costs_the_session_the_user_and_their_roles(
    alice_client, django_assert_num_queries
):
    # The login page's own view reads nothing; its menu asks for the roles.
    with django_assert_num_queries(3) as queries:
        alice_client.get(reverse("login"))
    session, user, groups = (query["sql"] for query in queries.captured_queries)
    assert "django_session" in session and "auth_user" in user and "auth_group" in groups


def test_roles_are_read_once_per_user_object(alice, erin, admin_user):
    for user, reviewer, editor in (
        (alice, True, False),
        (erin, True, True),
        (admin_user, True, True),
    ):
        fresh = type(user).objects.get(pk=user.pk)
        with CaptureQueriesContext(connection) as queries:
            for _ in range(3):
                assert (roles.is_reviewer(fresh), roles.is_editor(fresh)) == (reviewer, editor)
        assert len(queries) <= 1


def test_a_role_change_acts_on_the_next_request(alice_client, alice):
    url = reverse("decisions:queue")
    assert alice_client.get(url).status_code == 403
    alice.groups.add(Group.objects.get(name=roles.EDITOR))
    assert alice_client.get(url).status_code == 200


def test_an_inactive_user_has_no_roles(alice):
    alice.is_active = False
    assert roles.role_names(alice) == frozenset()
    assert not roles.is_reviewer(alice)


def test_anonymous_users_have_no_roles():
    assert roles.role_names(AnonymousUser()) == frozenset()
    assert not roles.is_reviewer(AnonymousUser())


def test_ending_sessions_logs_the_user_out_at_once(alice_client, alice):
    assert alice_client.get(reverse("articles:list")).status_code == 200
    assert end_sessions(alice) == 1
    after = alice_client.get(reverse("articles:list"))
    assert after.status_code == 302 and after["Location"].startswith(reverse("login"))


def test_history_pages_cost_the_same_however_many_events_they_show(
    alice_client, erin_client, alice, bob, erin, django_assert_num_queries
):
    """The claim timeline, the article activity and a work page: a fixed number of queries
    whether they show a few events or many. Each event's sentence (history/describe.py)
    takes its labels from the event or from one lookup per page, never one per event. For a
    reviewer, blind review costs one query and hidden content one per kind of content shown
    (review, source, comment); editors skip both."""
    from factcheck.claims import services
    from tests.factories import make_article, make_claim, make_review

    article = make_article("The ministry said 62 cases were recorded in 2020.", created_by=erin)
    claim = make_claim(article, "62 cases", created_by=alice)
    review = make_review(claim, bob, "half-true", rationale="Only by July.")
    timeline = reverse("history:claim-timeline", args=[claim.pk])
    activity = reverse("history:article-activity", args=[article.pk])
    pages = [
        # session, user, roles; the claim, its events; blind review; hidden review/source/comment
        (alice_client, timeline, 9),
        # ... the article, the page's count and events; blind review; hidden content
        (alice_client, activity, 10),
        # ... the person, the count, the events; their claims, reviews and sources
        (alice_client, reverse("history:person-work", args=["alice"]), 9),
        (erin_client, timeline, 5),
        (erin_client, activity, 6),
        (erin_client, reverse("history:person-work", args=["bob"]), 9),
    ]
    for rounds in (1, 12):
        for number in range(rounds):
            services.add_comment(claim=claim, author=bob, body=f"bob's comment {number}")
            services.add_comment(claim=claim, author=alice, body=f"alice's comment {number}")
            services.add_source(claim=claim, added_by=bob, url=f"https://example.org/{number}")
            review = services.update_review(
                review=review,
                reviewer=bob,
                expected_version=review.version,
                rating=review.rating,
                rationale=f"Only by July ({number}).",
            )
        for client, url, queries in pages:
            with django_assert_num_queries(queries):
                assert client.get(url).status_code == 200


def test_my_queue_and_the_decisions_queue_cost_the_same_however_many_assignments(
    alice, bob, erin, bob_client, erin_client, django_assert_num_queries
):
    """ "My queue" (factcheck/assignments/queries.queue_for) and the decisions queue's load
    per reviewer (queries.load): a fixed number of queries with 2 or 60 assignments, own
    and inherited from whole articles, some done, some overdue."""
    import datetime as dt

    from django.utils import timezone

    from factcheck.assignments import services as assigning
    from tests.factories import make_article, make_claim, make_review, sentences_text

    past = timezone.localdate() - dt.timedelta(days=1)
    my_queue, decisions = reverse("assignments:my-queue"), reverse("decisions:queue")
    for round_number, count in enumerate((2, 30)):
        article = make_article(
            sentences_text(count), title=f"Round {round_number}", created_by=erin
        )
        claims = [
            make_claim(article, f"Sentence number {number} says", created_by=alice)
            for number in range(count)
        ]
        for claim in claims[: count // 2]:
            assigning.assign_claim(claim=claim, assignee=bob, assigned_by=erin, due_on=past)
            make_review(claim, alice, "true")  # in the decisions queue, with a load
        make_review(claims[0], bob, "true")  # done
        assigning.assign_article(article=article, assignee=bob, assigned_by=erin)
        assigning.assign_article(article=article, assignee=alice, assigned_by=erin, due_on=past)
        # session, user, roles; the open assignments, the done ones
        with django_assert_num_queries(5):
            page = bob_client.get(my_queue)
        assert page.text.count('data-claim="') == len(page.context["open_items"]) > 0
        # session, user, roles, counts, claims, reviews, filter options (3), the rows'
        # assignments; the load: reviewers, own assignments, whole articles'
        with django_assert_num_queries(13):
            page = erin_client.get(decisions)
        assert 'data-reviewer="bob"' in page.text and "overdue</strong>" in page.text
