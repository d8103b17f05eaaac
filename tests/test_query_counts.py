"""What every request costs before its view runs: Django's database session and
ModelBackend's user, two queries; the user's roles are one more query, asked once per
request however many checks a request makes. A page that draws the header's notification
bell costs one query more, whatever the notifications (test_the_bell_costs_one_query_...).
Ending a user's sessions logs them out at once."""

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
    # The login page's own view reads nothing; its menu asks for the roles, and its bell
    # for the unread notifications.
    with django_assert_num_queries(4) as queries:
        alice_client.get(reverse("login"))
    session, user, groups, bell = (query["sql"] for query in queries.captured_queries)
    assert "django_session" in session and "auth_user" in user and "auth_group" in groups
    assert "notifications_notification" in bell


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
        # session, user, roles; the claim, its events; blind review; hidden review/source/
        # comment; the header bell's unread count
        (alice_client, timeline, 10),
        # ... the article, the page's count and events; blind review; hidden content
        (alice_client, activity, 11),
        # ... the person, the count, the events; their claims, reviews and sources
        (alice_client, reverse("history:person-work", args=["alice"]), 10),
        (erin_client, timeline, 6),
        (erin_client, activity, 7),
        (erin_client, reverse("history:person-work", args=["bob"]), 10),
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


# ------------------------------------------------------------------ the public surfaces
# Pinned: the exact number, and the same whatever the claim carries (sources, corrections,
# revisions) or however many claims the export selects.

PUBLIC_PAGE_QUERIES = 11  # the claim; the record (2 for the scales, ids, claim, article,
# sources, earlier verdicts); the revision text; its paragraphs; a newer revision
ANNOTATION_QUERIES = 7  # the published claim; the record (2 + ids, claim, article, sources)
EXPORT_PAGE_QUERIES = 7  # session, user, roles; the ratings for the form; the count and what
# is left out (one query); the articles for the form; the header's notification bell


def _published_claim(alice, erin, *, sources: int, corrections: int, text: str = ""):
    from factcheck.claims.models import Claim
    from factcheck.claims.services import add_source
    from factcheck.editorial.services import correct_verdict
    from factcheck.exports.services import publish_claim
    from tests.exports.world import decide, rating
    from tests.factories import make_article, make_claim, make_review

    article = make_article(text or "The minister said 40 schools opened. Few did.", created_by=erin)
    claim = make_claim(article, "40 schools opened", created_by=alice, summary="40 schools")
    make_review(claim, alice, "false")
    added = [
        add_source(claim=claim, added_by=alice, url=f"https://example.org/{n}", title=f"S{n}")
        for n in range(sources)
    ]
    decide(claim, erin, "false", summary="Twelve.", rationale="Counted.", sources=tuple(added))
    for n in range(corrections):
        correct_verdict(claim=Claim.objects.get(pk=claim.pk), editor=erin,
                        rating=rating("mostly-false"), public_summary=f"Fix {n}.",
                        rationale="Again.", sources=tuple(added), note=f"Note {n}.")  # fmt: skip
    return publish_claim(claim=Claim.objects.get(pk=claim.pk), editor=erin)


def test_the_public_page_and_annotation_cost_a_fixed_number_of_queries(
    alice, erin, django_assert_num_queries
):
    from django.test import Client

    small = _published_claim(alice, erin, sources=0, corrections=0)
    large = _published_claim(alice, erin, sources=6, corrections=3,
                             text="A first paragraph.\n\n" * 30 + "The minister said 40 "
                             "schools opened. Few did.")  # fmt: skip
    for claim in (small, large):
        with django_assert_num_queries(PUBLIC_PAGE_QUERIES):
            assert Client().get(reverse("public:fact-check", args=[claim.pk])).status_code == 200
        with django_assert_num_queries(ANNOTATION_QUERIES):
            assert Client().get(reverse("public:annotation", args=[claim.pk])).status_code == 200


def test_the_export_page_costs_a_fixed_number_of_queries(
    alice, erin, erin_client, django_assert_num_queries
):
    url = reverse("exports:page") + "?format=claimreview&status=verified"
    _published_claim(alice, erin, sources=1, corrections=0)
    with django_assert_num_queries(EXPORT_PAGE_QUERIES):
        assert "<strong>1</strong> claim matches" in erin_client.get(url).text
    for _ in range(4):
        _published_claim(alice, erin, sources=2, corrections=1)
    with django_assert_num_queries(EXPORT_PAGE_QUERIES):
        assert "<strong>5</strong> claims match" in erin_client.get(url).text


def test_the_bell_costs_one_query_and_the_same_for_no_or_many_notifications(
    bob_client, alice, bob, erin, olga_client, django_assert_num_queries
):
    """Every page with the header's bell, pinned: the count is one query on the
    notifications_unread index, the same with no notifications as with 60 (30 of them
    read). htmx partials, which draw no header, and people without a role pay nothing."""
    from factcheck.claims import services
    from factcheck.notifications.models import Notification
    from factcheck.notifications.services import mark_all_read
    from tests.factories import make_article, make_claim

    article = make_article("The ministry said 62 cases were recorded in 2020.", created_by=erin)
    claim = make_claim(article, "62 cases", created_by=alice)
    pages = [
        # (url, queries): session, user, roles, the page's own reads, the bell
        (reverse("articles:list"), 6),
        (article.get_absolute_url(), 9),
        # the claim page: its comments mention bob, so one more for the names to mark; and
        # the claim's assignments (factcheck/assignments)
        (claim.get_absolute_url(), 13),
        (reverse("history:claim-timeline", args=[claim.pk]), 7),
        (reverse("history:person-work", args=["bob"]), 9),
        (reverse("search:search") + "?q=cases", 9),
        (reverse("notifications:list"), 6),
        (reverse("notifications:settings"), 5),
        (reverse("password_change"), 4),
    ]

    def costs() -> list[int]:
        counted = []
        for url, _ in pages:
            with CaptureQueriesContext(connection) as queries:
                assert bob_client.get(url).status_code == 200, url
            counted.append(len(queries))
        return counted

    # One notification, read, so the notifications page has a page of rows to read.
    services.add_comment(claim=claim, author=alice, body="@bob a first look")
    mark_all_read(user=bob)
    expected = [queries for _, queries in pages]
    assert costs() == expected
    for number in range(30):
        services.add_comment(claim=claim, author=alice, body=f"@bob please look ({number})")
    mark_all_read(user=bob)
    for number in range(30):
        services.add_comment(claim=claim, author=alice, body=f"@bob and again ({number})")
    assert Notification.objects.filter(recipient=bob, read_at__isnull=True).count() == 30
    assert Notification.objects.filter(recipient=bob).count() == 61
    assert costs() == expected
    # A partial of the claim page draws no header: no bell query.
    with django_assert_num_queries(expected[2] - 1):
        bob_client.get(claim.get_absolute_url(), headers={"HX-Request": "true"})
    # No role, no bell: the password page costs the session, the user and the roles.
    with django_assert_num_queries(3):
        olga_client.get(reverse("password_change"))


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
        # session, user, roles; the open assignments, the done ones; the header bell
        with django_assert_num_queries(6):
            page = bob_client.get(my_queue)
        assert page.text.count('data-claim="') == len(page.context["open_items"]) > 0
        # session, user, roles, counts, claims, reviews, filter options (3), the rows'
        # assignments; the load: reviewers, own assignments, whole articles'; the bell
        with django_assert_num_queries(14):
            page = erin_client.get(decisions)
        assert 'data-reviewer="bob"' in page.text and "overdue</strong>" in page.text


def test_the_api_costs_the_same_however_many_articles_and_tokens(
    alice, erin, alice_client, django_assert_num_queries
):
    """With a token (used within the last minute, so its last use is not written again):
    the token and its user, the roles, then the operation's own reads."""
    from django.test import Client

    from factcheck.api.services import create_token
    from tests.factories import make_article, make_claim

    raw = create_token(user=alice, name="script", scope="read-write")[1]
    headers = {"Authorization": f"Bearer {raw}"}
    client = Client()
    client.get("/api/v1/articles", headers=headers)  # the first use writes last_used_at
    for count in (1, 30):
        articles = [make_article(f"Text {n} has 62 cases.", created_by=erin) for n in range(count)]
        claim = make_claim(articles[-1], "62 cases", created_by=alice)
        create_token(user=alice, name=f"more {count}")
        # token + user, roles, the page of articles
        with django_assert_num_queries(3):
            assert client.get("/api/v1/articles", headers=headers).status_code == 200
        # token + user, roles, the claim (with its article), its tags
        with django_assert_num_queries(4):
            assert client.get(f"/api/v1/claims/{claim.pk}", headers=headers).status_code == 200
        for _ in range(count):
            make_claim(articles[-1], "62 cases", created_by=alice)
        # token + user, roles, the article, the page of claims, their tags
        url = f"/api/v1/articles/{articles[-1].pk}/claims"
        with django_assert_num_queries(5):
            assert client.get(url, headers=headers).status_code == 200
        # The token settings page: session, user, roles, bell, the tokens.
        with django_assert_num_queries(5):
            assert alice_client.get(reverse("tokens:list")).status_code == 200
