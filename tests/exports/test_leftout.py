"""The export page says, before the download, how many claims the export will leave out and
why (exports/leftout.py): the same numbers as the manifest written with the file."""

from collections import Counter

import pytest
from django.test import override_settings
from django.urls import reverse

from factcheck.claims.models import Claim
from factcheck.exports.formats import FORMATS
from factcheck.exports.leftout import FORMAT_REASONS, REASONS
from factcheck.exports.query import STATUS_ALL, ClaimFilter
from factcheck.exports.run import prepare
from tests.exports.world import build_world, decide
from tests.factories import make_article, make_claim, make_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(alice, bob, erin):
    return build_world(alice, bob, erin)


def manifest_counts(export):
    for _chunk in export.chunks():
        pass
    return Counter(code for _uid, _id, code, _message in export.manifest.skipped)


def test_every_reason_a_format_gives_is_counted_and_said():
    assert set(FORMAT_REASONS) == set(FORMATS)
    assert {code for codes in FORMAT_REASONS.values() for code in codes} == set(REASONS)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("status", [Claim.Status.VERIFIED, STATUS_ALL])
def test_the_count_before_the_download_is_the_manifests(world, alice, erin, fmt, status):
    # More kinds of claim than the world holds: verified without a summary, with a verdict
    # but back in review (needs recheck), published and unpublished.
    article = make_article("The minister said 40 schools opened. Nobody counted.", created_by=erin)
    quiet = make_claim(article, "40 schools opened", created_by=alice)
    make_review(quiet, alice, "false")
    decide(quiet, erin, "false", summary="Fewer.", rationale="Counted 12.")
    export = prepare(fmt, ClaimFilter(status=status))
    expected = manifest_counts(prepare(fmt, ClaimFilter(status=status)))
    assert {item.code: item.count for item in export.tally.left_out} == dict(expected)
    assert (
        export.tally.matched
        == Claim.objects.visible()
        .filter(**({} if status == STATUS_ALL else {"status": status}))
        .count()
    )
    assert export.tally.kept == export.tally.matched - sum(expected.values())


def test_an_unusable_public_address_leaves_every_claimreview_out(world):
    with override_settings(FACTCHECK_PUBLIC_BASE_URL="/relative"):
        export = prepare("claimreview", ClaimFilter())
        assert export.tally.kept == 0
        assert export.tally.count_of("not_published") == export.tally.matched == 3
        assert manifest_counts(prepare("claimreview", ClaimFilter())) == {"not_published": 3}


def test_the_export_page_says_how_many_are_left_out_and_why(world, erin_client):
    page = erin_client.get(
        reverse("exports:page"), {"format": "claimreview", "status": "verified"}
    ).text
    assert "<strong>3</strong> claims match these filters" in page
    assert "The file will hold <strong>1</strong>" in page
    assert "<strong>2</strong> will be left out" in page
    assert (
        "<li><strong>2</strong> not published: a ClaimReview&#x27;s url is the public "
        "fact-check page" in page
    )


def test_the_export_page_says_when_nothing_is_left_out(world, erin_client):
    page = erin_client.get(reverse("exports:page"), {"format": "csv", "status": "verified"}).text
    assert "<strong>3</strong> claims match these filters" in page
    assert "The file will hold all 3" in page and "left out" not in page


def test_the_rarer_reasons_are_counted_as_the_manifest_lists_them(world, alice, erin):
    """A rating whose label was blanked and a claim whose quote is only white space (neither
    can be made through the forms) are left out of ClaimReview, and counted before."""
    from factcheck.claims.models import Rating
    from factcheck.exports.services import publish_claim

    for name in ("khmer", "formula"):
        publish_claim(claim=Claim.objects.get(pk=world.claims[name].pk), editor=erin)
    Rating.objects.filter(slug="false").update(label=" ")  # khmer's verdict
    Claim.objects.filter(pk=world.claims["formula"].pk).update(summary="", exact=" \n ")
    export = prepare("claimreview", ClaimFilter())
    assert manifest_counts(prepare("claimreview", ClaimFilter())) == {
        "no_rating_label": 1,
        "no_claim_text": 1,
    }
    assert export.tally.count_of("no_rating_label") == export.tally.count_of("no_claim_text") == 1
    assert export.tally.kept == 1


def test_the_export_page_says_when_nothing_matches(erin_client):
    page = erin_client.get(reverse("exports:page"), {"format": "w3c", "status": "verified"}).text
    assert "No claim matches these filters: the file will hold none." in page
