"""Every write service leaves exactly one event, and events cannot be rewritten.

The registry below names every public function of the service modules in SERVICE_MODULES
(factcheck/claims/services.py, factcheck/moderation/services.py,
factcheck/editorial/services.py); a new service without an entry here fails
test_registry_covers_every_service.
"""

import datetime as dt
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from factcheck.assignments import services as assigning
from factcheck.claims import locking, services
from factcheck.claims.models import Claim, Comment, Review, Source
from factcheck.editorial import services as decisions
from factcheck.history.models import AppendOnlyError, Event
from factcheck.moderation import services as moderation
from factcheck.moderation.models import Flag
from factcheck.text import quote_at
from tests.factories import make_article, make_claim, make_review, rating

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Case:
    action: str
    kind: str  # "created", "updated" or "deleted": which of before/after must be set
    call: Callable[[dict[str, Any]], Any]  # given the world, calls the service
    on_claim: bool = True  # False for article-level events (blind review), which name no claim


def world(alice, bob, erin) -> dict[str, Any]:
    article = make_article("The ministry said 62 cases were recorded in 2020.", created_by=erin)
    claim = make_claim(article, "62 cases", created_by=alice)
    review = make_review(claim, alice, "true", rationale="first")
    source = services.add_source(claim=claim, added_by=alice, url="https://example.org/a")
    comment = services.add_comment(claim=claim, author=alice, body="first")
    return {
        "alice": alice,
        "bob": bob,
        "erin": erin,
        "article": article,
        "claim": claim,
        "review": review,
        "source": source,
        "comment": comment,
    }


def create(w):
    text = w["article"].current_revision.text
    start = text.index("2020")
    return services.create_claim(
        article_id=w["article"].pk,
        revision_id=w["article"].current_revision.pk,
        start=start,
        end=start + 4,
        quote=quote_at(text, start, start + 4),
        created_by=w["alice"],
    )


REGISTRY: dict[str, Case] = {
    "create_claim": Case("claim.created", "created", create),
    "update_claim": Case(
        "claim.updated",
        "updated",
        lambda w: services.update_claim(
            claim=w["claim"], editor=w["alice"], expected_version=1, summary="new summary"
        ),
    ),
    "delete_claim": Case(
        "claim.deleted",
        "deleted",
        lambda w: services.delete_claim(
            claim=Claim.objects.get(pk=w["claim"].pk), deleted_by=w["alice"]
        ),
    ),
    "record_review": Case(
        "review.created",
        "created",
        lambda w: services.record_review(
            claim=w["claim"], reviewer=w["bob"], rating=rating("false"), rationale="no"
        ),
    ),
    "save_own_review": Case(
        "review.updated",
        "updated",
        lambda w: (
            services.save_own_review(
                claim_id=w["claim"].pk,
                reviewer=w["alice"],
                expected_version=1,
                rating=rating("false"),
                rationale="third",
            ).review
        ),
    ),
    "update_review": Case(
        "review.updated",
        "updated",
        lambda w: services.update_review(
            review=w["review"],
            reviewer=w["alice"],
            expected_version=1,
            rating=rating("false"),
            rationale="second",
        ),
    ),
    "add_source": Case(
        "source.added",
        "created",
        lambda w: services.add_source(
            claim=w["claim"], added_by=w["alice"], url="https://example.org/b"
        ),
    ),
    "update_source": Case(
        "source.updated",
        "updated",
        lambda w: services.update_source(
            source=w["source"], editor=w["alice"], expected_version=1, title="A title"
        ),
    ),
    "delete_source": Case(
        "source.deleted",
        "deleted",
        lambda w: services.delete_source(source=w["source"], deleted_by=w["alice"]),
    ),
    "add_comment": Case(
        "comment.added",
        "created",
        lambda w: services.add_comment(claim=w["claim"], author=w["alice"], body="hello"),
    ),
    "edit_comment": Case(
        "comment.edited",
        "updated",
        lambda w: services.edit_comment(
            comment=w["comment"], author=w["alice"], expected_version=1, body="edited"
        ),
    ),
    "delete_comment": Case(
        "comment.deleted",
        "deleted",
        lambda w: services.delete_comment(comment=w["comment"], deleted_by=w["alice"]),
    ),
}


def hidden(model: Any, item: Any, w: dict[str, Any]) -> Any:
    """`item` hidden without an event (setup for unhide_item)."""
    model.objects.filter(pk=item.pk).update(
        hidden_at=timezone.now(), hidden_by=w["erin"], hidden_reason="setup"
    )
    return model.objects.get(pk=item.pk)


def claim_where(w: dict[str, Any], **fields: Any) -> Claim:
    """The world's claim with `fields` set without an event (setup for unlock, restore)."""
    Claim.objects.filter(pk=w["claim"].pk).update(**fields)
    return Claim.objects.get(pk=w["claim"].pk)


REGISTRY |= {
    "flag_item": Case(
        "flag.raised",
        "created",
        lambda w: moderation.flag_item(item=w["comment"], flagged_by=w["bob"], reason="Off topic."),
    ),
    "dismiss_flag": Case(
        "flag.dismissed",
        "updated",
        lambda w: moderation.dismiss_flag(
            flag=Flag.objects.create(
                comment=w["comment"], claim=w["claim"], reason="Off topic.", flagged_by=w["bob"]
            ),
            editor=w["erin"],
            note="It is on topic.",
        ),
    ),
    "hide_item": Case(
        "content.hidden",
        "updated",
        lambda w: moderation.hide_item(
            item=w["review"], editor=w["erin"], reason="Abusive rationale."
        ),
    ),
    "unhide_item": Case(
        "content.unhidden",
        "updated",
        lambda w: moderation.unhide_item(item=hidden(Source, w["source"], w), editor=w["erin"]),
    ),
    "lock_claim": Case(
        "claim.locked",
        "updated",
        lambda w: moderation.lock_claim(claim=w["claim"], editor=w["erin"]),
    ),
    "unlock_claim": Case(
        "claim.unlocked",
        "updated",
        lambda w: moderation.unlock_claim(
            claim=claim_where(w, locked_at=timezone.now(), locked_by=w["erin"]), editor=w["erin"]
        ),
    ),
    "restore_claim": Case(
        "claim.restored",
        "updated",
        lambda w: moderation.restore_claim(
            claim=claim_where(w, deleted_at=timezone.now(), deleted_by=w["alice"]), editor=w["erin"]
        ),
    ),
}


def verified(w: dict[str, Any]) -> Claim:
    """The world's claim verified by erin without an event (setup for correct, reopen)."""
    from factcheck.claims.models import Verdict

    verdict = Verdict.objects.create(
        claim=w["claim"],
        rating=rating("true"),
        public_summary="Right.",
        rationale="Checked.",
        decided_by=w["erin"],
        decided_at=timezone.now(),
    )
    return claim_where(w, status="verified", verdict=verdict)


def to_recheck(claim: Claim) -> Claim:
    """A verified claim a new revision sent back to be rechecked (setup for confirm)."""
    Claim.objects.filter(pk=claim.pk).update(status="needs_recheck")
    return Claim.objects.get(pk=claim.pk)


REGISTRY |= {
    "decide_verdict": Case(
        "claim.verified",
        "updated",
        lambda w: decisions.decide_verdict(
            claim=w["claim"],
            editor=w["erin"],
            rating=rating("true"),
            public_summary="Right.",
            rationale="Matches the report.",
            sources=[w["source"]],
        ),
    ),
    "correct_verdict": Case(
        "claim.verdict_corrected",
        "updated",
        lambda w: decisions.correct_verdict(
            claim=verified(w),
            editor=w["erin"],
            rating=rating("mostly-true"),
            public_summary="Mostly right.",
            rationale="The date is July.",
            sources=[w["source"]],
            note="The date was wrong.",
        ),
    ),
    "confirm_verdict": Case(
        "claim.verdict_confirmed",
        "updated",
        lambda w: decisions.confirm_verdict(claim=to_recheck(verified(w)), editor=w["erin"]),
    ),
    "reopen_claim": Case(
        "claim.reopened",
        "updated",
        lambda w: decisions.reopen_claim(
            claim=verified(w), editor=w["erin"], reason="New evidence."
        ),
    ),
    "dismiss_claim": Case(
        "claim.dismissed",
        "updated",
        lambda w: decisions.dismiss_claim(
            claim=w["claim"], editor=w["erin"], reason="An opinion, not checkable."
        ),
    ),
    "set_blind_review": Case(
        "article.blind_review_changed",
        "updated",
        lambda w: decisions.set_blind_review(
            article=w["article"], editor=w["erin"], blind_review=False
        ),
        on_claim=False,
    ),
}


def assigned(w: dict[str, Any]) -> Any:
    """The world's claim assigned to bob by erin, without an event (setup for reassign,
    unassign)."""
    from factcheck.assignments.models import Assignment

    return Assignment.objects.create(
        article=w["article"], claim=w["claim"], assignee=w["bob"], assigned_by=w["erin"]
    )


REGISTRY |= {
    "assign_claim": Case(
        "assignment.created",
        "created",
        lambda w: assigning.assign_claim(
            claim=w["claim"], assignee=w["bob"], assigned_by=w["erin"]
        ),
    ),
    "assign_claims": Case(
        "assignment.created",
        "created",
        lambda w: assigning.assign_claims(
            claims=[w["claim"]], assignees=[w["bob"]], assigned_by=w["erin"], priority=1
        )[0],
    ),
    "assign_article": Case(
        "assignment.created",
        "created",
        lambda w: assigning.assign_article(
            article=w["article"], assignee=w["bob"], assigned_by=w["erin"]
        ),
        on_claim=False,
    ),
    "reassign": Case(
        "assignment.changed",
        "updated",
        lambda w: assigning.reassign(
            assignment=assigned(w),
            assignee=w["alice"],
            assigned_by=w["erin"],
            due_on=dt.date(2030, 1, 1),
            priority=1,
        ),
    ),
    "unassign": Case(
        "assignment.removed",
        "deleted",
        lambda w: assigning.unassign(assignment=assigned(w), unassigned_by=w["erin"]),
    ),
}

SERVICE_MODULES = (services, moderation, decisions, assigning)


def public_services() -> dict[str, Callable[..., Any]]:
    return {
        name: function
        for module in SERVICE_MODULES
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and not name.startswith("_")
    }


def test_registry_covers_every_service():
    found = public_services()
    assert set(found) == set(REGISTRY), "add the new service to REGISTRY (and its event)"
    for name, function in found.items():
        # transaction.atomic as a decorator wraps the function (functools.wraps)
        assert hasattr(function, "__wrapped__"), f"{name} is not @transaction.atomic"
        parameters = inspect.signature(function).parameters.values()
        assert all(p.kind in (p.KEYWORD_ONLY, p.VAR_KEYWORD) for p in parameters), name
        assert inspect.signature(function).return_annotation is not inspect.Signature.empty


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_each_service_leaves_exactly_one_event(name, alice, bob, erin):
    w = world(alice, bob, erin)
    case = REGISTRY[name]
    last = Event.objects.latest("pk").pk
    began = timezone.now()
    result = case.call(w)
    events = list(Event.objects.filter(pk__gt=last))
    assert len(events) == 1, [event.action for event in events]
    event = events[0]
    assert event.action == case.action
    assert event.actor_id == event.actor.pk and event.actor_name == event.actor.username
    assert began - dt.timedelta(seconds=1) <= event.at <= timezone.now()
    assert event.article_id == w["article"].pk
    assert (event.claim_id is not None) == case.on_claim
    assert event.target_id == result.pk
    assert event.target_type == type(result)._meta.model_name
    if case.kind == "created":
        assert event.before is None and event.after
    elif case.kind == "updated":
        assert event.before and event.after and event.before != event.after
    else:
        assert event.before and event.after is None


def test_a_failed_write_leaves_no_event(alice, bob, erin):
    w = world(alice, bob, erin)
    count = Event.objects.count()
    with pytest.raises(locking.StaleVersion):
        services.update_claim(claim=w["claim"], editor=alice, expected_version=5, summary="x")
    with pytest.raises(locking.StaleVersion):
        services.update_review(
            review=w["review"],
            reviewer=alice,
            expected_version=9,
            rating=rating("false"),
            rationale="x",
        )
    with pytest.raises(services.ClaimRejected):
        services.create_claim(
            article_id=w["article"].pk,
            revision_id=w["article"].current_revision.pk,
            start=0,
            end=3,
            quote=quote_at("xyz", 0, 3),
            created_by=alice,
        )
    assert Event.objects.count() == count
    assert Claim.objects.get(pk=w["claim"].pk).summary == ""
    assert Review.objects.get(pk=w["review"].pk).rationale == "first"
    assert Source.objects.count() == Comment.objects.count() == 1


def test_events_cannot_be_updated_or_deleted(alice, bob, erin):
    world(alice, bob, erin)
    event = Event.objects.first()
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).update(action="rewritten")
    with pytest.raises(AppendOnlyError):
        Event.objects.all().update(after=None)
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.all().delete()
    event.action = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert Event.objects.get(pk=event.pk).action != "rewritten"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_record_refuses_to_run_outside_a_transaction(alice):
    from factcheck.history.services import record

    with pytest.raises(RuntimeError):
        record(actor=alice, action="claim.created")
