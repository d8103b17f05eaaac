"""Assignments (issue 14): editors assign claims or whole articles to reviewers; reviewers
work through "My queue"; the decisions queue shows each reviewer's load. Every change is a
history event with a sentence; blind review holds on every page that shows assignments."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from factcheck.assignments import queries, services
from factcheck.assignments.models import Assignment
from factcheck.history.models import Event
from tests.factories import make_article, make_claim, make_review
from tests.history.test_describe import assert_reads_as_a_sentence, text_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def article(erin):
    return make_article(
        "The report has 35 pages. It lists 62 cases of violations. Officials denied it.",
        created_by=erin,
    )


@pytest.fixture
def claims(article, alice):
    return [
        make_claim(article, "35 pages", created_by=alice),
        make_claim(article, "62 cases", created_by=alice),
        make_claim(article, "Officials denied it", created_by=alice),
    ]


def queue_ids(user):
    found = queries.queue_for(user)
    return [item.claim.pk for item in found["open"]], [item.claim.pk for item in found["closed"]]


# --- services and their events -----------------------------------------------------------


def test_editor_assigns_a_claim_and_the_event_reads_as_a_sentence(claims, bob, erin):
    due = TODAY() + dt.timedelta(days=3)
    last = Event.objects.latest("pk").pk
    assignment = services.assign_claim(
        claim=claims[0], assignee=bob, assigned_by=erin, due_on=due, priority=1
    )
    (event,) = Event.objects.filter(pk__gt=last)
    assert event.action == "assignment.created" and event.claim_id == claims[0].pk
    assert event.target_id == assignment.pk and event.after["assignee"] == "bob"
    text = text_of(event)
    assert_reads_as_a_sentence(event, text)
    assert "erin assigned this claim to bob (high priority, due" in text


def test_reassign_and_unassign_are_events_with_sentences(claims, alice, bob, erin):
    assignment = services.assign_claim(claim=claims[0], assignee=bob, assigned_by=erin)
    last = Event.objects.latest("pk").pk
    services.reassign(
        assignment=assignment, assignee=alice, assigned_by=erin, due_on=None, priority=2
    )
    services.unassign(assignment=assignment, unassigned_by=erin)
    events = list(Event.objects.filter(pk__gt=last))
    assert [e.action for e in events] == ["assignment.changed", "assignment.removed"]
    assert "erin reassigned this claim from bob to alice" in text_of(events[0])
    assert "erin unassigned alice from this claim" in text_of(events[1])
    for event in events:
        assert_reads_as_a_sentence(event, text_of(event))
    assert not Assignment.objects.exists()


def test_assigning_the_same_again_changes_nothing_and_records_nothing(claims, bob, erin):
    services.assign_claim(claim=claims[0], assignee=bob, assigned_by=erin)
    count = Event.objects.count()
    services.assign_claim(claim=claims[0], assignee=bob, assigned_by=erin)
    assert Event.objects.count() == count and Assignment.objects.count() == 1
    services.assign_claim(claim=claims[0], assignee=bob, assigned_by=erin, priority=1)
    assert Event.objects.latest("pk").action == "assignment.changed"
    assert Assignment.objects.get().priority == 1


def test_only_reviewers_are_assigned(claims, erin, olga, admin_user):
    for person in (erin, olga, admin_user):
        with pytest.raises(services.AssignmentRefused):
            services.assign_claim(claim=claims[0], assignee=person, assigned_by=erin)
    assert not Assignment.objects.exists()


def test_only_editors_and_admins_assign(claims, alice, bob, erin, admin_user):
    with pytest.raises(PermissionDenied):
        services.assign_claim(claim=claims[0], assignee=bob, assigned_by=alice)
    assignment = services.assign_claim(claim=claims[0], assignee=bob, assigned_by=admin_user)
    with pytest.raises(PermissionDenied):
        services.unassign(assignment=assignment, unassigned_by=bob)
    with pytest.raises(PermissionDenied):
        services.reassign(
            assignment=assignment, assignee=alice, assigned_by=alice, due_on=None, priority=2
        )
    assert Assignment.objects.get().assignee == bob


def test_reassigning_to_someone_already_assigned_is_refused(claims, alice, bob, erin):
    services.assign_claim(claim=claims[0], assignee=alice, assigned_by=erin)
    for_bob = services.assign_claim(claim=claims[0], assignee=bob, assigned_by=erin)
    with pytest.raises(services.AssignmentRefused):
        services.reassign(
            assignment=for_bob, assignee=alice, assigned_by=erin, due_on=None, priority=2
        )


def test_each_new_assignment_calls_notify_assigned(claims, bob, alice, erin, monkeypatch):
    told = []
    monkeypatch.setattr(services, "notify_assigned", told.append)
    services.assign_claims(claims=claims[:2], assignees=[alice, bob], assigned_by=erin)
    assert len(told) == 4 and all(isinstance(a, Assignment) for a in told)


# --- a whole article, and claims assigned otherwise ---------------------------------------


def test_a_whole_article_is_inherited_by_claims_without_their_own(
    article, claims, alice, bob, erin
):
    event = services.assign_article(article=article, assignee=bob, assigned_by=erin)
    assert event.claim_id is None
    last = Event.objects.latest("pk")
    assert last.claim_id is None and last.article_id == article.pk
    assert "erin assigned the whole article to bob" in text_of(last)
    assert queue_ids(bob)[0] == [claim.pk for claim in claims]
    # A claim assigned to alice is hers alone: it leaves bob's queue.
    own = services.assign_claim(claim=claims[1], assignee=alice, assigned_by=erin)
    assert queue_ids(bob)[0] == [claims[0].pk, claims[2].pk]
    assert queue_ids(alice)[0] == [claims[1].pk]
    # A claim marked later inherits it too.
    later = make_claim(article, "report", created_by=alice)
    assert later.pk in queue_ids(bob)[0]
    # Unassigning the claim's own gives it back to the article's assignee.
    services.unassign(assignment=own, unassigned_by=erin)
    assert claims[1].pk in queue_ids(bob)[0] and queue_ids(alice)[0] == []


def test_the_panel_shows_an_inherited_assignment_as_the_articles(
    article, claims, bob, erin, erin_client
):
    services.assign_article(article=article, assignee=bob, assigned_by=erin)
    html = erin_client.get(reverse("claims:detail", args=[claims[0].pk])).content.decode()
    assert 'data-assignee="bob"' in html and "(with the whole article)" in html


# --- My queue ----------------------------------------------------------------------------


def test_my_queue_orders_by_priority_then_due_date_and_marks_overdue(claims, bob, erin, bob_client):
    yesterday, soon = TODAY() - dt.timedelta(days=1), TODAY() + dt.timedelta(days=2)
    services.assign_claim(claim=claims[0], assignee=bob, assigned_by=erin, priority=3)
    services.assign_claim(claim=claims[1], assignee=bob, assigned_by=erin, due_on=soon)
    services.assign_claim(claim=claims[2], assignee=bob, assigned_by=erin, due_on=yesterday)
    assert queue_ids(bob)[0] == [claims[2].pk, claims[1].pk, claims[0].pk]
    html = bob_client.get(reverse("assignments:my-queue")).content.decode()
    assert html.count("Overdue</span>") == 1 and "1 overdue" in html
    overdue_row = html.split(f'id="queue-claim-{claims[2].pk}"')[1].split("</li>")[0]
    assert "Overdue" in overdue_row


def test_a_reviewed_claim_is_done_and_leaves_the_open_list(claims, bob, erin, bob_client):
    services.assign_claims(claims=claims[:2], assignees=[bob], assigned_by=erin)
    make_review(claims[0], bob, "true")
    assert queue_ids(bob) == ([claims[1].pk], [claims[0].pk])
    html = bob_client.get(reverse("assignments:my-queue")).content.decode()
    assert "Done: you reviewed it" in html


def test_my_queue_shows_no_other_reviewers_rating_or_rationale(
    claims, alice, bob, erin, bob_client
):
    make_review(claims[0], alice, "mostly-false", rationale="ALICE-SECRET-RATIONALE")
    services.assign_article(article=claims[0].article, assignee=bob, assigned_by=erin)
    html = bob_client.get(reverse("assignments:my-queue")).content.decode()
    assert f'data-claim="{claims[0].pk}"' in html
    assert (
        "ALICE-SECRET-RATIONALE" not in html
        and "Mostly false" not in html
        and "alice" not in html.split("<main")[1]
    )


def test_my_queue_lists_only_ones_own_assignments(claims, alice, bob, erin, alice_client):
    services.assign_claim(claim=claims[0], assignee=bob, assigned_by=erin)
    html = alice_client.get(reverse("assignments:my-queue")).content.decode()
    assert "Nothing is assigned to you" in html and f'data-claim="{claims[0].pk}"' not in html


def test_reviewers_land_on_their_queue_and_editors_on_the_articles(bob_client, erin_client):
    assert bob_client.get(reverse("home"))["Location"] == reverse("assignments:my-queue")
    assert erin_client.get(reverse("home"))["Location"] == reverse("articles:list")


def test_logging_in_as_a_reviewer_lands_on_my_queue(bob, client):
    from tests.conftest import PASSWORD

    response = client.post(reverse("login"), {"username": "bob", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("assignments:my-queue")


def test_the_header_links_my_queue_for_reviewers(bob_client, olga_client):
    link = f'href="{reverse("assignments:my-queue")}"'
    assert link in bob_client.get(reverse("articles:list")).content.decode()
    assert link not in olga_client.get(reverse("password_change")).content.decode()


# --- the panel, the bulk forms and the load ----------------------------------------------


def test_the_panel_assign_form_is_for_editors_only(claims, alice_client, erin_client):
    url = reverse("claims:detail", args=[claims[0].pk])
    action = reverse("assignments:assign-claim", args=[claims[0].pk])
    assert action in erin_client.get(url).content.decode()
    assert action not in alice_client.get(url).content.decode()


def test_the_panel_form_assigns_and_answers_with_the_panel(claims, bob, erin_client):
    url = reverse("assignments:assign-claim", args=[claims[0].pk])
    response = erin_client.post(
        url,
        {"assignees": [bob.pk], "priority": 1, "due_on": "2030-01-02"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and 'data-assignee="bob"' in response.content.decode()
    assignment = Assignment.objects.get()
    assert (assignment.claim, assignment.priority, assignment.due_on) == (
        claims[0],
        1,
        dt.date(2030, 1, 2),
    )


def test_a_refused_panel_form_answers_into_its_own_region(claims, erin, erin_client):
    url = reverse("assignments:assign-claim", args=[claims[0].pk])
    response = erin_client.post(
        url, {"assignees": [erin.pk], "priority": 2}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 400
    assert response["HX-Retarget"] == f"#assignments-{claims[0].pk}"
    body = response.content.decode()
    assert body.lstrip().startswith("<section") and "Reviewers" in body and "Discussion" not in body
    assert not Assignment.objects.exists()


def test_bulk_assign_from_the_decisions_queue(claims, alice, bob, erin_client):
    back = reverse("decisions:queue") + "?status=in_review"
    response = erin_client.post(
        reverse("assignments:bulk"),
        {
            "claims": [claims[0].pk, claims[2].pk],
            "assignees": [bob.pk],
            "priority": 2,
            "next": back,
        },
    )
    assert response.status_code == 302 and response["Location"] == back
    assert set(Assignment.objects.values_list("claim_id", "assignee_id")) == {
        (claims[0].pk, bob.pk),
        (claims[2].pk, bob.pk),
    }
    assert Event.objects.filter(action="assignment.created").count() == 2


def test_bulk_assign_never_redirects_off_site(claims, bob, erin_client):
    response = erin_client.post(
        reverse("assignments:bulk"),
        {
            "claims": [claims[0].pk],
            "assignees": [bob.pk],
            "priority": 2,
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == reverse("decisions:queue")


def test_bulk_assign_with_a_non_reviewer_assigns_nothing(claims, bob, erin, erin_client):
    erin_client.post(
        reverse("assignments:bulk"),
        {"claims": [claims[0].pk, claims[1].pk], "assignees": [bob.pk, erin.pk], "priority": 2},
    )
    assert not Assignment.objects.exists()


def test_the_reading_page_has_checkboxes_and_the_bulk_form_for_editors_only(
    article, claims, alice_client, erin_client
):
    url = reverse("claims:read-article", args=[article.pk])
    editor = erin_client.get(url).content.decode()
    assert editor.count('form="bulk-assign"') >= len(claims) and 'id="bulk-assign"' in editor
    assert reverse("assignments:assign-article", args=[article.pk]) in editor
    reviewer = alice_client.get(url).content.decode()
    assert 'form="bulk-assign"' not in reviewer and 'id="bulk-assign"' not in reviewer


def test_the_decisions_queue_shows_the_load_per_reviewer(
    article, claims, alice, bob, erin, erin_client
):
    past = TODAY() - dt.timedelta(days=1)
    services.assign_claim(claim=claims[0], assignee=bob, assigned_by=erin, due_on=past)
    services.assign_claim(claim=claims[1], assignee=bob, assigned_by=erin)
    services.assign_article(article=article, assignee=alice, assigned_by=erin, due_on=past)
    make_review(claims[1], bob, "true")  # done: no longer open
    loads = {entry.username: (entry.open, entry.overdue) for entry in queries.load()}
    # bob: claims[0] (overdue); alice: claims[2], the one claim without its own assignment
    assert loads == {"alice": (1, 1), "bob": (1, 1)}
    make_review(claims[0], alice, "true", rationale="x")
    html = erin_client.get(reverse("decisions:queue")).content.decode()
    row = html.split('<tr data-reviewer="bob">')[1].split("</tr>")[0]
    assert '<td class="open">1</td>' in row and "<strong>1 overdue</strong>" in row
    assert "Assigned: bob (due" in html


def test_the_panels_assignments_show_no_other_reviewers_rating(
    claims, alice, bob, erin, alice_client
):
    services.assign_claims(claims=[claims[0]], assignees=[alice, bob], assigned_by=erin)
    make_review(claims[0], bob, "mostly-false", rationale="BOB-SECRET-RATIONALE")
    html = alice_client.get(reverse("claims:detail", args=[claims[0].pk])).content.decode()
    region = html.split(f'id="assignments-{claims[0].pk}"')[1].split("</section>")[0]
    assert 'data-assignee="bob"' in region and "Done: reviewed" in region
    assert "rating-chip rating-mostly-false" not in html and "BOB-SECRET-RATIONALE" not in html


def test_a_deleted_claim_leaves_the_queue(claims, bob, erin):
    from factcheck.claims.services import delete_claim

    services.assign_claims(claims=claims[:2], assignees=[bob], assigned_by=erin)
    delete_claim(claim=claims[0], deleted_by=erin)
    assert queue_ids(bob)[0] == [claims[1].pk]
    assert {e.username: e.open for e in queries.load()}["bob"] == 1


def test_the_panel_changes_and_removes_an_assignment(claims, alice, bob, erin, erin_client):
    assignment = services.assign_claim(claim=claims[0], assignee=bob, assigned_by=erin)
    hx = {"HX-Request": "true"}
    change = reverse("assignments:change", args=[assignment.pk])
    response = erin_client.post(
        change, {"assignee": alice.pk, "priority": 3, "due_on": ""}, headers=hx
    )
    assert response.status_code == 200 and 'data-assignee="alice"' in response.content.decode()
    assert Assignment.objects.get().assignee == alice
    response = erin_client.post(reverse("assignments:remove", args=[assignment.pk]), headers=hx)
    assert response.status_code == 200 and "Nobody yet." in response.content.decode()
    assert not Assignment.objects.exists()


def test_a_refused_change_answers_into_the_assignments_region(
    claims, alice, bob, erin, erin_client
):
    services.assign_claim(claim=claims[0], assignee=alice, assigned_by=erin)
    for_bob = services.assign_claim(claim=claims[0], assignee=bob, assigned_by=erin)
    response = erin_client.post(
        reverse("assignments:change", args=[for_bob.pk]),
        {"assignee": alice.pk, "priority": 2},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409 and response["HX-Retarget"] == f"#assignments-{claims[0].pk}"
    assert "alice is already assigned to it." in response.content.decode()
    assert Assignment.objects.get(pk=for_bob.pk).assignee == bob


def test_the_reading_page_assigns_the_whole_article(article, claims, bob, erin_client):
    url = reverse("assignments:assign-article", args=[article.pk])
    response = erin_client.post(url, {"assignees": [bob.pk], "priority": 2}, follow=True)
    assert "The whole article is assigned to bob." in response.content.decode()
    assert "Whole article assigned to: bob" in response.content.decode()
    assert Assignment.objects.get().claim is None
