"""The Django admin as the ops console: its actions call the same services, so each one
leaves exactly one event per item; content and events cannot be added, edited or deleted
there."""

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import User
from django.urls import reverse

from factcheck.claims.models import Claim, Comment, Review, Source, Verdict
from factcheck.claims.services import add_comment, delete_claim
from factcheck.history.models import Event
from factcheck.moderation.models import Flag
from factcheck.moderation.services import flag_item, hide_item, lock_claim
from tests.factories import make_claim

pytestmark = pytest.mark.django_db


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def run_action(client, model, action, objects, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [obj.pk for obj in objects], **extra}
    return client.post(changelist(model), data)


def events_since(last, action):
    events = list(Event.objects.filter(pk__gt=last))
    assert [event.action for event in events] == [action] * len(events), events
    return events


@pytest.fixture
def two_comments(things, alice):
    return [things["comment"], add_comment(claim=things["claim"], author=alice, body="two")]


def test_hide_asks_for_a_reason_then_leaves_one_event_per_item(
    superuser_client, superuser, two_comments
):
    last = Event.objects.latest("pk").pk
    asking = run_action(superuser_client, Comment, "hide", two_comments)
    assert asking.status_code == 200 and 'name="reason"' in asking.text
    assert Event.objects.latest("pk").pk == last
    done = run_action(
        superuser_client, Comment, "hide", two_comments, apply="1", reason="Spam wave."
    )
    assert done.status_code == 302
    events = events_since(last, "content.hidden")
    assert sorted(event.target_id for event in events) == sorted(c.pk for c in two_comments)
    assert all(event.actor == superuser for event in events)
    assert Comment.objects.hidden().count() == 2
    assert set(Comment.objects.values_list("hidden_reason", flat=True)) == {"Spam wave."}


def test_unhide_action(superuser_client, erin, things):
    items = [things["review"], things["bob_review"]]
    for review in items:
        hide_item(item=review, editor=erin, reason="x")
    last = Event.objects.latest("pk").pk
    assert run_action(superuser_client, Review, "unhide", items).status_code == 302
    assert len(events_since(last, "content.unhidden")) == 2
    assert not Review.objects.hidden().exists()
    assert Claim.objects.get(pk=things["claim"].pk).status == "contested"


def test_source_hide_action(superuser_client, things):
    last = Event.objects.latest("pk").pk
    run_action(superuser_client, Source, "hide", [things["source"]], apply="1", reason="Dead.")
    [event] = events_since(last, "content.hidden")
    assert event.target_type == "source"


@pytest.mark.parametrize(
    ("action", "event_action", "setup"),
    [
        ("lock", "claim.locked", None),
        ("unlock", "claim.unlocked", "lock"),
        ("soft_delete", "claim.deleted", None),
        ("restore", "claim.restored", "delete"),
    ],
)
def test_claim_actions_leave_one_event_per_claim(
    superuser_client, article, alice, erin, action, event_action, setup
):
    claims = [
        make_claim(article, "62 cases", created_by=alice),
        make_claim(article, "185 assemblies", created_by=alice),
    ]
    for claim in claims:
        if setup == "lock":
            lock_claim(claim=claim, editor=erin)
        elif setup == "delete":
            delete_claim(claim=claim, deleted_by=erin)
    last = Event.objects.latest("pk").pk
    assert run_action(superuser_client, Claim, action, claims).status_code == 302
    events = events_since(last, event_action)
    assert sorted(event.claim_id for event in events) == sorted(claim.pk for claim in claims)


def test_a_refused_item_does_not_stop_the_others(superuser_client, article, alice, erin):
    locked = make_claim(article, "62 cases", created_by=alice)
    lock_claim(claim=locked, editor=erin)
    fresh = make_claim(article, "185 assemblies", created_by=alice)
    last = Event.objects.latest("pk").pk
    response = run_action(superuser_client, Claim, "lock", [locked, fresh])
    [event] = events_since(last, "claim.locked")
    assert event.claim_id == fresh.pk
    page = superuser_client.get(response["Location"]).text
    assert "already locked" in page


@pytest.mark.parametrize(
    ("action", "extra", "event_action", "status"),
    [
        ("resolve_hide", {"reason": "Confirmed spam."}, "content.hidden", "hidden"),
        ("resolve_dismiss", {"note": "Fine."}, "flag.dismissed", "dismissed"),
    ],
)
def test_flag_actions_resolve_through_the_services(
    superuser_client, bob, things, action, extra, event_action, status
):
    flags = [
        flag_item(item=things["comment"], flagged_by=bob, reason="Spam."),
        flag_item(item=things["source"], flagged_by=bob, reason="Spam."),
    ]
    last = Event.objects.latest("pk").pk
    asking = run_action(superuser_client, Flag, action, flags)
    assert asking.status_code == 200 and Event.objects.latest("pk").pk == last
    assert run_action(superuser_client, Flag, action, flags, apply="1", **extra).status_code == 302
    assert len(events_since(last, event_action)) == 2
    assert set(Flag.objects.values_list("status", flat=True)) == {status}


def test_user_actions_go_through_the_people_services(superuser_client, superuser, olga, bob):
    last = Event.objects.latest("pk").pk if Event.objects.exists() else 0
    run_action(superuser_client, User, "make_editor", [olga])
    [event] = events_since(last, "user.role_changed")
    assert event.after == {"user": "olga", "role": "editor"}
    last = event.pk
    run_action(superuser_client, User, "deactivate", [bob, superuser])  # not oneself
    [event] = events_since(last, "user.deactivated")
    assert event.target_id == bob.pk
    assert not User.objects.get(pk=bob.pk).is_active and User.objects.get(pk=superuser.pk).is_active


# --- read-only -----------------------------------------------------------------------------


def admin_url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


def test_events_cannot_be_added_edited_or_deleted_in_the_admin(superuser_client, things):
    event = Event.objects.first()
    before = list(Event.objects.values())
    for url in (admin_url(Event, "add"), admin_url(Event, "delete", event.pk)):
        assert superuser_client.get(url).status_code == 403, url
        assert superuser_client.post(url, {"post": "yes"}).status_code == 403, url
    change = admin_url(Event, "change", event.pk)
    assert superuser_client.post(change, {"action": "rewritten"}).status_code == 403
    view = superuser_client.get(change)  # the change URL is a read-only view
    assert view.status_code == 200 and 'name="_save"' not in view.text
    assert "delete_selected" not in superuser_client.get(changelist(Event)).text
    assert list(Event.objects.values()) == before


@pytest.mark.parametrize("model", [Claim, Review, Source, Comment, Flag, Verdict])
def test_content_is_read_only_in_the_admin(superuser_client, model):
    model_admin = admin.site._registry[model]
    request = type("Request", (), {"user": User(is_staff=True, is_superuser=True)})()
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert model_admin.list_select_related and model_admin.search_fields
    assert model_admin.list_filter
    assert superuser_client.get(admin_url(model, "add")).status_code == 403


def test_a_change_form_post_cannot_bypass_the_services(superuser_client, things):
    url = admin_url(Comment, "change", things["comment"].pk)
    events = Event.objects.count()
    response = superuser_client.post(url, {"body": "rewritten in the admin"})
    assert response.status_code == 403 and Event.objects.count() == events
    assert Comment.objects.get(pk=things["comment"].pk).body == "ALICE-COMMENT"


def test_the_changelists_render_for_admins(superuser_client, bob, things):
    flag_item(item=things["comment"], flagged_by=bob, reason="Spam.")
    for model in (Claim, Review, Source, Comment, Flag, Verdict, Event, User):
        response = superuser_client.get(changelist(model) + "?q=a")
        assert response.status_code == 200, model
