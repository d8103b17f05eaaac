"""Suggestions kept with each revision, and reviewers accepting or dismissing them."""

from pathlib import Path

import pytest

from factcheck.claims.models import Claim
from factcheck.claims.revisions import revise_article
from factcheck.claims.services import ClaimRejected
from factcheck.history.models import Event
from factcheck.suggestions.models import RevisionAnalysis, SuggestionDecision
from factcheck.suggestions.services import (
    SuggestionNotFound,
    accept_suggestion,
    dismiss_suggestion,
    open_analysis,
)
from factcheck.suggestions.stored import analysis_for
from factcheck.text.suggest import RULES_VERSION
from tests.factories import make_article

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "seeds/articles/cambodia-2020-human-rights-report.txt"
INCONSISTENT = (
    "The group recorded a total of 185 assemblies. Of those, 101 were about land and "
    "68 about wages, with the remaining 20 held for other reasons."
)


@pytest.fixture
def seed_article():
    return make_article(SEED.read_text(encoding="utf-8"))


def suggestion_with(article, words: str) -> dict:
    analysis = open_analysis(article.current_revision, language=article.language)
    [found] = [s for s in analysis["suggestions"] if words in s["exact"]]
    return found


def test_a_new_revision_keeps_its_suggestions_and_checks(seed_article):
    kept = RevisionAnalysis.objects.get(revision=seed_article.current_revision)
    assert kept.rules_version == RULES_VERSION
    assert any("62 cases" in s["exact"] for s in kept.suggestions)
    assert {c["kind"] for c in kept.checks} == {"sum", "name_variant"}


def test_an_analysis_from_older_rules_is_recomputed(seed_article):
    revision = seed_article.current_revision
    RevisionAnalysis.objects.filter(revision=revision).update(
        rules_version=RULES_VERSION - 1, suggestions=[], checks=[]
    )
    kept = analysis_for(revision, language="en")
    assert kept.rules_version == RULES_VERSION
    assert kept.suggestions and kept.checks
    assert RevisionAnalysis.objects.get(revision=revision).suggestions == kept.suggestions


def test_a_missing_analysis_is_computed_on_demand(seed_article):
    RevisionAnalysis.objects.all().delete()
    assert analysis_for(seed_article.current_revision, language="en").suggestions


def test_accepting_a_suggestion_makes_a_claim_that_keeps_its_reasons(seed_article, alice):
    revision = seed_article.current_revision
    suggestion = suggestion_with(seed_article, "62 cases")
    claim = accept_suggestion(
        revision=revision, user=alice, start=suggestion["start"], end=suggestion["end"]
    )
    assert claim.exact == suggestion["exact"] == revision.text[claim.start : claim.end]
    assert claim.created_by == alice
    [decision] = claim.suggestions.all()
    assert decision.decision == SuggestionDecision.Decision.ACCEPTED
    assert 'a number with a unit ("62 cases")' in decision.reasons
    event = Event.objects.get(action="suggestion.accepted")
    assert event.claim_id == claim.pk
    assert event.after["reasons"] == suggestion["reasons"]
    assert Event.objects.filter(action="claim.created", claim=claim).exists()
    # Claimed exactly: no longer offered, to anyone.
    remaining = open_analysis(revision, language="en")["suggestions"]
    assert not any("62 cases" in s["exact"] for s in remaining)


def test_accepting_an_inconsistent_sum_claims_the_words_from_total_to_last_part(alice):
    article = make_article(INCONSISTENT)
    revision = article.current_revision
    [finding] = open_analysis(revision, language="en")["checks"]
    assert finding["status"] == "inconsistent"
    start, end = finding["spans"][0]["start"], finding["spans"][-1]["end"]
    claim = accept_suggestion(
        revision=revision, user=alice, start=start, end=end, source="check", kind="sum"
    )
    assert (
        claim.exact
        == "185 assemblies. Of those, 101 were about land and 68 about wages, with the remaining 20"
    )
    assert claim.suggestions.get().reasons == ["101 + 68 + 20 = 189, not 185: inconsistent"]


def test_a_dismissal_is_per_user_and_recorded_once(seed_article, alice, bob):
    revision = seed_article.current_revision
    suggestion = suggestion_with(seed_article, "185 assemblies")
    for _ in range(2):
        dismiss_suggestion(
            revision=revision, user=alice, start=suggestion["start"], end=suggestion["end"]
        )
    assert SuggestionDecision.objects.filter(decision="dismissed").count() == 1
    assert Event.objects.filter(action="suggestion.dismissed").count() == 1
    for_alice = open_analysis(revision, language="en", user=alice)["suggestions"]
    for_bob = open_analysis(revision, language="en", user=bob)["suggestions"]
    assert suggestion not in for_alice
    assert suggestion in for_bob
    assert len(for_bob) == len(for_alice) + 1


def test_dismissing_a_finding_hides_it_from_that_user(seed_article, alice, bob):
    revision = seed_article.current_revision
    names = next(
        c for c in open_analysis(revision, language="en")["checks"] if c["kind"] == "name_variant"
    )
    start, end = names["spans"][0]["start"], names["spans"][-1]["end"]
    dismiss_suggestion(
        revision=revision, user=alice, start=start, end=end, source="check", kind="name_variant"
    )
    assert names not in open_analysis(revision, language="en", user=alice)["checks"]
    assert names in open_analysis(revision, language="en", user=bob)["checks"]


def test_a_range_that_is_no_suggestion_is_refused(seed_article, alice):
    with pytest.raises(SuggestionNotFound):
        accept_suggestion(revision=seed_article.current_revision, user=alice, start=0, end=5)
    assert not Claim.objects.exists()


def test_a_suggestion_on_an_old_revision_cannot_become_a_claim(alice, erin):
    article = make_article("Police counted 62 cases in 2020.")
    old = article.current_revision
    revise_article(
        article=article, content="Police counted 64 cases in 2020.", note="", editor=erin
    )
    with pytest.raises(ClaimRejected) as refused:
        accept_suggestion(revision=old, user=alice, start=0, end=len(old.text))
    assert refused.value.status == 409
    assert not SuggestionDecision.objects.exists()


@pytest.fixture
def task_queue():
    from django.tasks import default_task_backend

    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


def test_a_long_revision_is_analysed_by_a_task_after_its_commit(
    django_capture_on_commit_callbacks, task_queue
):
    from factcheck.suggestions.stored import INLINE_LIMIT
    from factcheck.suggestions.tasks import compute_analysis

    sentence = "Police counted 62 cases in the province that year, the report said. "
    text = "\n".join(
        sentence.replace("62", str(n)) for n in range(INLINE_LIMIT // len(sentence) + 2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(text)
    revision = article.current_revision
    assert not RevisionAnalysis.objects.filter(revision=revision).exists()
    assert [result.args for result in task_queue.results] == [[revision.pk]]
    assert compute_analysis.call(revision.pk) > 1000
    assert RevisionAnalysis.objects.get(revision=revision).rules_version == RULES_VERSION
