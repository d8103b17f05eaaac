"""The claim's summary and the verdict's summary for readers were both labelled "summary":
each is now named for what it is, and its form says where it appears."""

import pytest
from django.urls import reverse

from factcheck.claims.forms import ClaimForm
from factcheck.editorial.forms import VerdictForm
from tests.factories import make_article, make_claim, make_review

pytestmark = pytest.mark.django_db


def test_the_two_summaries_have_different_names_that_say_where_they_appear(alice):
    claim_summary = ClaimForm().fields["summary"]
    article = make_article("The ministry said 62 cases were recorded.", created_by=alice)
    claim = make_claim(article, "62 cases", created_by=alice)
    verdict_summary = VerdictForm(claim=claim).fields["public_summary"]
    assert claim_summary.label == "Claim summary (the headline)"
    assert verdict_summary.label == "Verdict summary for readers"
    assert "headline of the public fact-check page" in claim_summary.help_text
    assert "quote is used" in claim_summary.help_text
    assert "What we found" in verdict_summary.help_text
    assert "claimReviewed" not in verdict_summary.help_text  # it never was
    labels = {claim_summary.label.lower(), verdict_summary.label.lower()}
    assert len(labels) == 2 and not labels & {"summary", "public summary"}


def test_the_claim_panel_shows_both_labels_with_their_hints(alice, erin, erin_client):
    article = make_article("The ministry said 62 cases were recorded.", created_by=erin)
    claim = make_claim(article, "62 cases", created_by=alice)
    make_review(claim, alice, "true")
    page = erin_client.get(reverse("claims:detail", args=[claim.pk])).text
    assert ">Claim summary (the headline)</label>" in page
    assert ">Verdict summary for readers</label>" in page
    # The verdict form's hint is tied to its field, so a screen reader reads it too.
    assert 'id="id_verdict-public_summary_help"' in page
    assert 'aria-describedby="id_verdict-public_summary_help"' in page


def test_a_missing_verdict_summary_is_named_in_the_error(erin, alice):
    from django.core.exceptions import ValidationError

    from factcheck.editorial.services import decide_verdict
    from tests.factories import rating

    article = make_article("The ministry said 62 cases were recorded.", created_by=erin)
    claim = make_claim(article, "62 cases", created_by=alice)
    make_review(claim, alice, "true")
    with pytest.raises(ValidationError, match="verdict summary for readers is required"):
        decide_verdict(claim=claim, editor=erin, rating=rating("true"), public_summary="  ",
                       rationale="Checked.")  # fmt: skip


def test_the_claim_edit_form_names_the_claim_summary_and_ties_its_hint(alice, alice_client):
    article = make_article("The ministry said 62 cases were recorded.", created_by=alice)
    claim = make_claim(article, "62 cases", created_by=alice)
    page = alice_client.get(reverse("claims:detail", args=[claim.pk])).text
    assert "<summary>Edit claim summary, claimant and tags</summary>" in page
    assert 'id="id_summary_help"' in page
    assert 'aria-describedby="id_summary_help"' in page
