"""Every kind of event the workbench records reads as a sentence, with labels instead of
the slugs and internal names the events store (factcheck/history/describe.py)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import strip_tags

from factcheck.claims.models import Claim, Rating
from factcheck.claims.revisions import revise_article
from factcheck.core import services as people
from factcheck.editorial import services as decisions
from factcheck.exports.services import publish_claim, unpublish_claim
from factcheck.history.describe import SENTENCES, Labels, describe
from factcheck.history.models import Event
from tests.factories import make_article, make_claim, make_review, rating

from .test_history_complete import REGISTRY, world

pytestmark = pytest.mark.django_db

ACTION = re.compile(r"\baction=(.+)")
KIND = re.compile(r'"([a-z_]+\.[a-z_]+)"')


def recorded_kinds() -> set[str]:
    """Every event kind a service passes to history.record / new_event, read from the
    source, so a new kind without a sentence fails here."""
    kinds = set()
    for path in (Path(settings.BASE_DIR) / "factcheck").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for line in path.read_text("utf-8").splitlines():
            match = ACTION.search(line)
            if match:
                kinds |= set(KIND.findall(match.group(1)))
    return kinds


def text_of(event: Event, labels: Labels | None = None) -> str:
    readable = describe(event, labels or Labels())
    return " ".join(strip_tags(readable.sentence).split())


def assert_reads_as_a_sentence(event: Event, text: str) -> None:
    slugs = set(Rating.objects.values_list("slug", flat=True)) - {"true", "false"}
    assert text[-1] in ".:", (event.action, text)
    assert event.action not in text and "_" not in text, (event.action, text)
    assert not slugs & set(re.findall(r"[a-z]+(?:-[a-z]+)+", text)), (event.action, text)
    for status in ("in_review", "needs_recheck"):
        assert status not in text, (event.action, text)
    assert text.startswith((event.actor_name, "Revision")), (event.action, text)


def test_every_recorded_kind_has_a_sentence():
    kinds = recorded_kinds()
    assert "claim.reanchored" in kinds and "user.role_changed" in kinds  # the scan works
    assert kinds - set(SENTENCES) == set(), "write the new kind's sentence in describe.py"
    assert set(SENTENCES) - kinds == set(), "a sentence for a kind nothing records"


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_each_service_event_reads_as_a_sentence(name, alice, bob, erin):
    w = world(alice, bob, erin)
    last = Event.objects.latest("pk").pk
    REGISTRY[name].call(w)
    for event in Event.objects.filter(pk__gt=last):
        assert_reads_as_a_sentence(event, text_of(event))


def test_article_people_and_publishing_events_read_as_sentences(alice, bob, erin, admin_user):
    w = world(alice, bob, erin)
    claim = w["claim"]
    decisions.decide_verdict(
        claim=claim, editor=erin, rating=rating("half-true"), public_summary="Half.", rationale="."
    )
    publish_claim(claim=Claim.objects.get(pk=claim.pk), editor=erin)
    unpublish_claim(claim=Claim.objects.get(pk=claim.pk), editor=erin)
    people.set_role(user=bob, role="editor", changed_by=admin_user)
    people.deactivate_user(user=bob, deactivated_by=admin_user)
    people.reactivate_user(user=bob, reactivated_by=admin_user)
    seen = {}
    for event in Event.objects.all():
        text = text_of(event)
        assert_reads_as_a_sentence(event, text)
        seen[event.action] = text
    assert seen["claim.verified"] == "erin verified this claim as Half true."
    assert seen["claim.published"] == "erin published this claim’s fact-check page."
    assert seen["user.role_changed"] == "admin changed bob’s role from reviewer to editor."
    assert seen["user.deactivated"] == "admin deactivated bob’s account."
    assert seen["article.imported"].startswith("erin imported the article “")


def test_a_revision_and_its_reanchored_claims_read_as_sentences(alice, erin):
    article = make_article(
        "The ministry said 62 cases were recorded in 2020. Officials met 185 times in all. "
        "The report has 35 pages.",
        created_by=erin,
    )
    make_claim(article, "62 cases", created_by=alice)
    make_claim(article, "Officials met 185 times in all.", created_by=alice)
    make_claim(article, "35 pages", created_by=alice)
    last = Event.objects.latest("pk").pk
    revise_article(
        article=article,
        content="First a new line. The ministry said 63 cases were recorded in 2020. "
        "The report has 35 pages.",
        note="Fix the count",
        editor=erin,
    )
    events = list(Event.objects.filter(pk__gt=last))
    texts = {}
    for event in events:
        text = text_of(event)
        assert_reads_as_a_sentence(event, text)
        texts.setdefault(event.action, []).append(text)
    assert texts["article.revised"][0].startswith("erin revised the article: revision 2.")
    anchors = {event.after["anchor"] for event in events if event.action == "claim.reanchored"}
    assert anchors == {"moved", "changed", "orphaned"}
    assert all("(erin revised the article)" in text for text in texts["claim.reanchored"])


def test_ratings_and_statuses_show_their_labels(alice, bob, erin):
    w = world(alice, bob, erin)
    review = make_review(w["claim"], bob, "half-true", rationale="Partly.", confidence="high")
    event = Event.objects.get(action="review.created", target_id=review.pk)
    text = text_of(event)
    assert text.startswith("bob rated this claim Half true, confidence high.")
    assert "The reviews disagree: the claim is Contested now." in text
    hidden = Event(
        actor_name="erin",
        action="content.hidden",
        before={"claim_status": "contested"},
        after={"item": "review", "reason": "Rude.", "claim_status": "in_review"},
    )
    assert text_of(hidden) == "erin hid a review. The claim is In review now."


def test_labels_come_from_the_rating_scale_once_per_page_when_an_event_lacks_them(alice):
    """Older events (and restored backups) may hold only the rating's slug."""
    events = [
        Event(actor_name="alice", action="review.created", after={"rating": slug})
        for slug in ("half-true", "mostly-false", "unverifiable") * 20
    ]
    labels = Labels()
    with CaptureQueriesContext(connection) as queries:
        texts = [text_of(event, labels) for event in events]
    assert len(queries) == 1
    assert texts[:3] == [
        "alice rated this claim Half true.",
        "alice rated this claim Mostly false.",
        "alice rated this claim Unverifiable.",
    ]
    recorded = Event(
        actor_name="alice",
        action="review.created",
        after={"rating": "true", "rating_label": "Accurate"},
    )
    with CaptureQueriesContext(connection) as queries:
        assert text_of(recorded, Labels()) == "alice rated this claim Accurate."
    assert len(queries) == 0  # the label the event recorded needs no query


def test_an_unknown_kind_still_reads_as_a_sentence():
    event = Event(actor_name="admin", action="rating_scale.imported", after={"scale": "ifcn"})
    assert text_of(event) == "admin made a change: rating scale imported."


def test_redacted_events_make_shorter_sentences_not_errors():
    """Blind review and hidden content take fields out before the sentence is written."""
    blinded = Event(actor_name="bob", action="review.created", after={"reviewer": "bob"})
    assert text_of(blinded) == "bob reviewed this claim."
    for action in SENTENCES:
        text = text_of(Event(actor_name="bob", action=action, before=None, after=None))
        assert text.endswith(".") and "_" not in text, (action, text)


def test_edits_name_what_changed_and_long_texts_get_a_word_diff():
    short = Event(
        actor_name="bob",
        action="claim.updated",
        before={"summary": "Sixty", "claimant": "", "claimed_on": None},
        after={"summary": "Sixty-two", "claimant": "The ministry", "claimed_on": "2020-07-01"},
    )
    assert text_of(short) == (
        "bob edited this claim: changed the summary from “Sixty” to “Sixty-two”, set the "
        "claimant to “The ministry” and set the date the claim was made to “1 July 2020”."
    )
    old = "The report counted sixty two cases of violations in the first half of the year."
    new = "The report counted 62 cases of violations in the first half of the year."
    long = Event(
        actor_name="alice",
        action="review.updated",
        before={"rating": "true", "rating_label": "True", "rationale": old, "confidence": "medium"},
        after={
            "rating": "half-true",
            "rating_label": "Half true",
            "rationale": new,
            "confidence": "high",
        },
    )
    readable = describe(long, Labels())
    assert strip_tags(readable.sentence) == (
        "alice updated their review: changed the rating from “True” to “Half true”, changed "
        "the confidence from “medium” to “high” and rewrote the rationale."
    )
    [(field, words)] = readable.diffs
    assert field == "Rationale" and "<del>sixty two</del><ins>62</ins>" in words
