"""The editor's decisions end to end: contested -> verified -> corrected (the old verdict
stays visible on the page and in the history), dismiss, reopen, and what is refused."""

import json
import re

import pytest
from django.urls import reverse

from factcheck.claims.models import Claim, Rating, Source, Verdict
from factcheck.editorial import services as decisions
from factcheck.history.models import Event
from tests.factories import make_claim, make_review, rating

from .conftest import HX, fresh, url, verdict_post

pytestmark = pytest.mark.django_db


def test_contested_claim_is_verified_then_corrected_and_the_old_verdict_stays_visible(
    erin_client, alice_client, contested
):
    source = contested.sources.get()
    panel = erin_client.get(contested.get_absolute_url(), headers=HX).text
    assert 'class="stacked verdict-form"' in panel and f'value="{source.pk}"' in panel

    response = erin_client.post(
        url("decide", contested), verdict_post(contested, sources=[source]), headers=HX
    )
    assert response.status_code == 200
    assert json.loads(response["HX-Trigger"])["claim-changed"]["status"] == "verified"
    claim = fresh(contested)
    first = claim.verdict
    assert claim.status == "verified" and claim.version == contested.version + 1
    assert first.rating.slug == "true" and first.decided_by.username == "erin"
    assert list(first.sources.all()) == [source]
    assert "Right: 62 cases." in response.text and "correction-form" in response.text
    event = Event.objects.get(action="claim.verified")
    assert event.before == {"status": "contested"} and event.after["status"] == "verified"
    assert event.after["sources"] == [source.pk] and event.target_id == first.pk

    correction = verdict_post(
        claim,
        prefix="correct",
        rating_slug="mostly-true",
        summary="Mostly right: 62 cases, but by July.",
        rationale="The count is from July.",
        sources=[source],
        note="The count's date was wrong.",
    )
    assert erin_client.post(url("correct", claim), correction).status_code == 302
    claim = fresh(claim)
    second = claim.verdict
    assert claim.status == "verified" and second.replaces == first
    assert second.correction_note == "The count's date was wrong."
    assert Verdict.objects.filter(claim=claim).count() == 2  # the old row stays
    event = Event.objects.get(action="claim.verdict_corrected")
    assert event.before["rating"] == "true" and event.before["public_summary"] == "Right: 62 cases."
    assert event.after["rating"] == "mostly-true"

    # Reviewers see the verdict and the correction on the claim page, as do editors.
    for client in (alice_client, erin_client):
        page = client.get(claim.get_absolute_url()).text
        assert "Mostly right: 62 cases, but by July." in page
        earlier = re.search(r'<li class="earlier-verdict".*?</li>', page, re.S).group(0)
        assert "Corrected on" in earlier and "was" in earlier
        assert "True" in earlier and "Right: 62 cases." in earlier
        assert "The count&#x27;s date was wrong." in page
    timeline = alice_client.get(reverse("history:claim-timeline", args=[claim.pk])).text
    assert "claim.verified" in timeline and "claim.verdict_corrected" in timeline
    assert "Right: 62 cases." in timeline


def test_a_correction_needs_a_public_note(erin_client, contested, erin):
    decisions.decide_verdict(
        claim=contested,
        editor=erin,
        rating=rating("true"),
        public_summary="Right.",
        rationale="Checked.",
    )
    claim = fresh(contested)
    data = verdict_post(claim, prefix="correct", note="")
    response = erin_client.post(url("correct", claim), data, headers=HX)
    assert response.status_code == 400
    with pytest.raises(Exception, match="public note"):
        decisions.correct_verdict(
            claim=claim,
            editor=erin,
            rating=rating("false"),
            public_summary="No.",
            rationale="No.",
            sources=(),
            note="  ",
        )
    assert (
        Verdict.objects.count() == 1
        and not Event.objects.filter(action="claim.verdict_corrected").exists()
    )


def test_dismiss_needs_a_reason_and_takes_the_claim_out_of_the_queue(erin_client, contested):
    data = {"dismiss-version": contested.version, "dismiss-reason": ""}
    assert erin_client.post(url("dismiss", contested), data, headers=HX).status_code == 400
    assert fresh(contested).status == "contested"
    data["dismiss-reason"] = "A prediction, not a checkable fact."
    assert erin_client.post(url("dismiss", contested), data).status_code == 302
    claim = fresh(contested)
    assert claim.status == "dismissed" and claim.dismissed_reason.startswith("A prediction")
    page = erin_client.get(claim.get_absolute_url()).text
    assert "Dismissed as not checkable" in page and "reopen-form" in page
    assert "verdict-form" not in page
    queue = erin_client.get(reverse("decisions:queue")).text
    assert f'id="queue-claim-{claim.pk}"' not in queue
    assert Event.objects.get(action="claim.dismissed").after["reason"].startswith("A prediction")


def test_reopen_returns_to_the_status_the_reviews_give_and_keeps_the_verdict_rows(
    erin_client, contested, erin, alice
):
    decisions.decide_verdict(
        claim=contested,
        editor=erin,
        rating=rating("true"),
        public_summary="Right.",
        rationale="Checked.",
    )
    claim = fresh(contested)
    data = {"reopen-version": claim.version, "reopen-reason": "Bob found the 2021 data."}
    assert erin_client.post(url("reopen", claim), data, headers=HX).status_code == 200
    claim = fresh(claim)
    assert claim.status == "contested" and claim.verdict is None
    assert Verdict.objects.filter(claim=claim).count() == 1
    event = Event.objects.get(action="claim.reopened")
    assert event.before["status"] == "verified" and event.after["status"] == "contested"
    page = erin_client.get(claim.get_absolute_url()).text
    assert "Withdrawn when the claim was reopened" in page and "verdict-form" in page
    # A dismissed claim with one review reopens as in_review.
    other = make_claim(claim.article, "185 assemblies", created_by=alice)
    make_review(other, alice, "half-true")
    decisions.dismiss_claim(claim=other, editor=erin, reason="Opinion.")
    reopened = decisions.reopen_claim(claim=other, editor=erin, reason="It is checkable.")
    assert reopened.status == "in_review" and reopened.dismissed_reason == ""


def test_states_that_refuse_a_decision_answer_409_and_change_nothing(erin_client, contested, erin):
    # reopening an undecided claim, correcting an unverified one
    reopen = {"reopen-version": contested.version, "reopen-reason": "Why not."}
    assert erin_client.post(url("reopen", contested), reopen, headers=HX).status_code == 409
    correct = verdict_post(contested, prefix="correct", note="A note.")
    response = erin_client.post(url("correct", contested), correct, headers=HX)
    assert response.status_code == 409 and "Only a verified claim" in response.text
    decisions.decide_verdict(
        claim=contested,
        editor=erin,
        rating=rating("true"),
        public_summary="Right.",
        rationale="Checked.",
    )
    claim = fresh(contested)
    again = erin_client.post(url("decide", claim), verdict_post(claim), headers=HX)
    assert again.status_code == 409 and "correct its verdict instead" in again.text
    dismiss = {"dismiss-version": claim.version, "dismiss-reason": "Opinion."}
    assert erin_client.post(url("dismiss", claim), dismiss, headers=HX).status_code == 409
    assert fresh(claim).status == "verified" and Verdict.objects.count() == 1
    assert fresh(claim).version == claim.version
    # a deleted claim is gone for deciding
    Claim.objects.filter(pk=claim.pk).update(deleted_at=claim.created_at)
    assert erin_client.post(url("reopen", claim), reopen, headers=HX).status_code == 404


def test_only_the_claims_own_visible_sources_can_count(erin_client, contested, alice, erin):
    other = make_claim(contested.article, "185 assemblies", created_by=alice)
    foreign = Source.objects.create(claim=other, url="https://example.org/x", added_by=alice)
    removed = Source.objects.create(
        claim=contested,
        url="https://example.org/y",
        added_by=alice,
        deleted_at=contested.created_at,
    )
    hidden = Source.objects.create(
        claim=contested,
        url="https://example.org/z",
        added_by=alice,
        hidden_at=contested.created_at,
        hidden_by=erin,
        hidden_reason="spam",
    )
    for source in (foreign, removed, hidden):
        response = erin_client.post(
            url("decide", contested), verdict_post(contested, sources=[source]), headers=HX
        )
        assert response.status_code == 400, source.url
        with pytest.raises(Exception, match="own sources"):
            decisions.decide_verdict(
                claim=contested,
                editor=erin,
                rating=rating("true"),
                public_summary="Right.",
                rationale="Checked.",
                sources=[source.pk],
            )
    assert fresh(contested).status == "contested" and not Verdict.objects.exists()
    page = erin_client.get(contested.get_absolute_url(), headers=HX).text
    checkboxes = re.findall(r'name="verdict-sources" value="(\d+)"', page)
    assert checkboxes == [str(contested.sources.get(url="https://example.org/report").pk)]


def test_stale_decision_gets_409_with_both_versions_and_the_input_kept(
    erin_client, admin_client_, alice_client, contested
):
    # alice edits the claim's summary after erin loaded the panel
    edit = {
        "summary": "Edited meanwhile",
        "claimant": "",
        "claimed_on": "",
        "tags": "",
        "version": contested.version,
    }
    assert (
        alice_client.post(reverse("claims:edit", args=[contested.pk]), edit, headers=HX).status_code
        == 200
    )
    data = verdict_post(contested, summary="Erin's unsaved summary", version=contested.version)
    response = erin_client.post(url("decide", contested), data, headers=HX)
    assert response.status_code == 409
    assert "This claim changed since you loaded it" in response.text
    assert "Erin&#x27;s unsaved summary" in response.text
    stored = fresh(contested)
    assert f"<dt>Version now</dt><dd>{stored.version}</dd>" in response.text
    assert f'name="verdict-version" value="{stored.version}"' in response.text
    assert stored.status == "contested" and not Verdict.objects.exists()
    # Another editor decided in between: erin's decision is refused, the stored one shown.
    assert (
        admin_client_.post(
            url("decide", contested), verdict_post(stored, summary="Admin's verdict")
        ).status_code
        == 302
    )
    late = erin_client.post(
        url("decide", contested), data | {"verdict-version": stored.version}, headers=HX
    )
    assert late.status_code == 409 and "Admin&#x27;s verdict" in late.text
    assert Verdict.objects.get().public_summary == "Admin's verdict"
    # Without htmx: the whole page, same answer.
    page = erin_client.post(url("decide", contested), data)
    assert page.status_code == 409 and "<html" in page.text


def test_reviews_never_override_an_editors_state(contested, alice, bob, erin):
    decisions.decide_verdict(
        claim=contested,
        editor=erin,
        rating=rating("true"),
        public_summary="Right.",
        rationale="Checked.",
    )
    from factcheck.claims import services

    review = contested.reviews.get(reviewer=bob)
    services.update_review(
        review=review,
        reviewer=bob,
        expected_version=review.version,
        rating=rating("true"),
        rationale="Agreed now.",
    )
    assert fresh(contested).status == "verified"
    claim = fresh(contested)
    decisions.reopen_claim(claim=claim, editor=erin, reason="Check again.")
    assert fresh(claim).status == "in_review"  # both say True now
    decisions.dismiss_claim(claim=fresh(claim), editor=erin, reason="Opinion.")
    make_review(fresh(claim), erin, "false")
    assert fresh(claim).status == "dismissed"


def test_a_decision_bumps_the_version_so_a_stale_summary_edit_is_refused(
    alice_client, contested, erin
):
    loaded = contested.version
    decisions.decide_verdict(
        claim=contested,
        editor=erin,
        rating=rating("true"),
        public_summary="Right.",
        rationale="Checked.",
    )
    edit = {"summary": "Late edit", "claimant": "", "claimed_on": "", "tags": "", "version": loaded}
    response = alice_client.post(reverse("claims:edit", args=[contested.pk]), edit, headers=HX)
    assert response.status_code == 409 and fresh(contested).summary == ""


def test_reviewers_see_the_verdict_but_no_decision_forms(alice_client, contested, erin):
    decisions.decide_verdict(
        claim=contested,
        editor=erin,
        rating=rating("false"),
        public_summary="Wrong: it was 60.",
        rationale="Checked.",
    )
    page = alice_client.get(contested.get_absolute_url()).text
    assert "Wrong: it was 60." in page
    for form in ("verdict-form", "correction-form", "dismiss-form", "reopen-form"):
        assert form not in page


def scale_reads(queries) -> int:
    """How many of the captured queries read the rating scale."""
    table = Rating._meta.db_table
    return sum(1 for query in queries.captured_queries if f'FROM "{table}"' in query["sql"])


def test_the_editors_panel_reads_the_rating_scale_once(
    erin_client, contested, erin, django_assert_num_queries
):
    """The panel loads the scale for the review form (views.panel_context) and hands it to
    the verdict forms (editorial.forms.decision_context): one read for both."""
    url = contested.get_absolute_url()
    # session, user, roles, claim, tags, reviews, sources, comments, the scale, verdicts,
    # assignments and the reviewers the assignment form offers; the whole page also the
    # header bell's unread count
    for headers, count in ((HX, 12), ({}, 13)):
        with django_assert_num_queries(count) as queries:
            panel = erin_client.get(url, headers=headers).text
        assert 'class="stacked verdict-form"' in panel
        assert len(re.findall(r'<input type="radio" name="verdict-rating"', panel)) == 7
        assert scale_reads(queries) == 1
    decisions.decide_verdict(
        claim=contested, editor=erin, rating=rating("true"), public_summary="Right.", rationale="."
    )
    with django_assert_num_queries(13) as queries:  # and the verdict's sources
        panel = erin_client.get(url, headers=HX).text
    assert 'class="stacked correction-form"' in panel and "Right." in panel
    assert scale_reads(queries) == 1
