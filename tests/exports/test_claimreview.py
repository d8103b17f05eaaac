"""ClaimReview JSON-LD: the field rules of issue 5 and the shared validator."""

import json

from django.utils.html import json_script

from factcheck.exports.formats import ClaimReviewFormat
from factcheck.exports.formats.claimreview import claim_review
from factcheck.exports.records import Manifest
from tests.exports.factories import (
    CONTEXT,
    make_article,
    make_rating,
    make_record,
    nasty_records,
    run_export,
    sorted_keys_hook,
)

FORMAT = ClaimReviewFormat()


def reviews_of(*records):
    data, manifest = run_export(FORMAT, records)
    return json.loads(data), manifest


def test_verified_published_claim_becomes_a_full_claimreview():
    [review], manifest = reviews_of(make_record(5))
    assert review == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://factcheck.example/fact-checks/claim-5/",
        "claimReviewed": "The US report documented 62 cases of abuse.",
        "reviewRating": {
            "@type": "Rating",
            "alternateName": "False",
            "ratingValue": 1,
            "bestRating": 6,
            "worstRating": 1,
        },
        "author": {
            "@type": "Organization",
            "name": "CamboJA Fact Check",
            "url": "https://factcheck.example/about",
        },
        "datePublished": "2026-02-28",
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "CamboJA News"},
            "datePublished": "2021-04-01",
            "appearance": [
                {
                    "@type": "CreativeWork",
                    "url": "https://cambojanews.example/2021/04/us-report",
                    "headline": "US report finds 62 cases of abuse",
                }
            ],
        },
    }
    assert manifest.exported == 1
    assert manifest.skipped == manifest.warnings == []


def test_rating_numbers_only_for_an_ordinal_numeric_scale():
    nominal = make_rating("false", is_ordinal=False)
    no_value = make_rating("unverifiable")
    no_bounds = make_rating("false", best=None)
    reviews, manifest = reviews_of(
        make_record(1, verdict=nominal),
        make_record(2, verdict=no_value),
        make_record(3, verdict=no_bounds),
    )
    for review in reviews:
        assert set(review["reviewRating"]) == {"@type", "alternateName"}
    assert manifest.warnings == []


def test_rating_value_outside_the_scale_is_dropped_with_a_warning():
    [review], manifest = reviews_of(make_record(1, verdict=make_rating("false", value=9)))
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "False"}
    assert [w[2] for w in manifest.warnings] == ["rating_out_of_range"]


def test_rating_value_on_the_bounds_is_kept():
    reviews, _ = reviews_of(
        make_record(1, verdict=make_rating("true")), make_record(2, verdict=make_rating("false"))
    )
    for review in reviews:
        rating = review["reviewRating"]
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]


def test_summary_over_75_characters_is_exported_with_a_warning():
    long_summary = "x" * 76
    [review], manifest = reviews_of(make_record(1, summary=long_summary))
    assert review["claimReviewed"] == long_summary
    assert manifest.warnings == [
        (
            "claim-1",
            1,
            "summary_too_long",
            "claimReviewed is 76 characters (advised: 75); it is the claim summary",
        )
    ]


def test_claim_reviewed_is_the_summary_else_the_quote():
    """One rule for the export, the public page and publishing: a claim without a summary
    is reviewed as its quote (white space made single spaces), not left out."""
    [with_summary, without, blank, long_quote], manifest = reviews_of(
        make_record(1),
        make_record(2, summary="", exact="62 cases\nof abuse"),
        make_record(3, summary=" \n "),
        make_record(4, summary="", exact="y" * 80),
    )
    assert with_summary["claimReviewed"] == "The US report documented 62 cases of abuse."
    assert without["claimReviewed"] == "62 cases of abuse"
    assert blank["claimReviewed"] == "62 cases"
    assert long_quote["claimReviewed"] == "y" * 80
    assert manifest.skipped == []
    assert [(uid, code) for uid, _, code, _ in manifest.warnings] == [("claim-4", "quote_too_long")]
    assert "the quote (the claim has no summary)" in manifest.warnings[0][3]


def test_claims_without_page_verdict_label_or_text_are_skipped_with_reasons():
    reviews, manifest = reviews_of(
        make_record(1, published_url=""),
        make_record(2, published_url="/fact-checks/relative/"),
        make_record(3, verdict=None),
        make_record(4, summary="  ", exact=" \n "),
        make_record(5),
        make_record(6, verdict=make_rating("true", label=" ")),
    )
    assert [r["url"] for r in reviews] == ["https://factcheck.example/fact-checks/claim-5/"]
    assert [(uid, code) for uid, _, code, _ in manifest.skipped] == [
        ("claim-1", "not_published"),
        ("claim-2", "not_published"),
        ("claim-3", "no_verdict"),
        ("claim-4", "no_claim_text"),
        ("claim-6", "no_rating_label"),
    ]
    assert manifest.exported == 1


def test_publishing_problems_name_the_missing_field():
    from dataclasses import replace

    from factcheck.exports.formats.claimreview import publishing_problems

    assert publishing_problems(make_record(1, summary=""), CONTEXT) == []
    [no_text] = publishing_problems(make_record(1, summary="", exact="  "), CONTEXT)
    assert "claim summary" in no_text and "claimReviewed" in no_text
    [no_url] = publishing_problems(make_record(1, published_url="/x/"), CONTEXT)
    assert "FACTCHECK_PUBLIC_BASE_URL" in no_url and "url" in no_url
    [no_label] = publishing_problems(make_record(1, verdict=make_rating("true", label="")), CONTEXT)
    assert "reviewRating.alternateName" in no_label
    nameless = replace(CONTEXT, organisation_name=" ")
    [no_author] = publishing_problems(make_record(1), nameless)
    assert "FACTCHECK_ORGANISATION_NAME" in no_author and "author" in no_author


def test_claimant_and_dates_are_left_out_when_unknown():
    [review], _ = reviews_of(make_record(1, claimant="", claimed_on=None, decided_at=None))
    assert "author" not in review["itemReviewed"]
    assert "datePublished" not in review["itemReviewed"]
    assert "datePublished" not in review


def test_organisation_claimant_is_typed_as_organization():
    [review], _ = reviews_of(make_record(1, claimant_kind="organization"))
    assert review["itemReviewed"]["author"]["@type"] == "Organization"


def test_article_without_url_has_no_appearance_and_a_warning():
    [review], manifest = reviews_of(make_record(1, article=make_article(url="")))
    assert "appearance" not in review["itemReviewed"]
    assert [w[2] for w in manifest.warnings] == ["no_article_url"]


def test_empty_export_is_an_empty_array():
    assert run_export(FORMAT, [])[0] == b"[]\n"


def test_hostile_text_is_escaped_and_round_trips():
    records = nasty_records(16)
    data, _ = run_export(FORMAT, records)
    assert b"</script" not in data and b"<" not in data  # safe inside a <script> element
    reviews = json.loads(data, object_pairs_hook=sorted_keys_hook)
    exported = [r for r in records if r.verdict is not None]
    assert [r["claimReviewed"] for r in reviews] == [r.summary.strip() for r in exported]
    assert [r["itemReviewed"]["appearance"][0]["headline"] for r in reviews] == [
        r.article.title for r in exported
    ]
    assert len(data.splitlines()) == len(reviews) + 2  # one ClaimReview a line


def test_embedding_on_the_public_page_cannot_break_out_of_the_script_element():
    record = make_record(1, summary='</script><script>alert("x")</script>')
    review = claim_review(record, CONTEXT, Manifest())
    html = json_script(review, "claimreview")
    assert html.count("</script>") == 1 and html.endswith("</script>")
    inner = html.split(">", 1)[1].rsplit("<", 1)[0]
    assert json.loads(inner)["claimReviewed"] == record.summary


def test_generated_export_passes_the_claimreview_validator(run_validator):
    records = [*nasty_records(40), make_record(99, summary="y" * 90)]
    data, manifest = run_export(FORMAT, records)
    result = run_validator("claimreview_check.py", data)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"ok: {manifest.exported} ClaimReviews, 0 errors" in result.stdout
    assert "claimReviewed is 90 characters" in result.stdout  # the validator agrees


def test_the_fast_writer_matches_the_readable_definition_byte_for_byte():
    from dataclasses import replace
    from datetime import timedelta, timezone

    from factcheck.exports.formats._common import dumps_html_safe
    from factcheck.exports.formats.claimreview import ClaimReviewJson
    from tests.exports.factories import NOW

    hostile = 'Back\\slash "quoted" \x00\x1f\x7f </script> & <b> 😀 ក្រសួង \u2028\u2029\x85'
    out_of_range = make_rating("true", value=9)
    records = [
        *nasty_records(24),
        make_record(1, summary=hostile, claimant=hostile, claimant_kind="organization"),
        make_record(2, claimant="  ", claimed_on=None, decided_at=None),
        make_record(3, verdict=out_of_range, article=make_article(url="", title="")),
        make_record(4, verdict=out_of_range, article=make_article(title="")),
        make_record(5, verdict=make_rating("true", is_ordinal=False), summary="x" * 90),
        make_record(6, decided_at=NOW.astimezone(timezone(timedelta(hours=-9)))),
        make_record(7, verdict=None),
        make_record(8, published_url="/relative"),
        make_record(9, summary=" \n "),
        make_record(10, published_url=f"https://x.example/{hostile}"),
        make_record(11, summary="", exact=" \n\t"),
        make_record(12, summary="", exact=hostile * 3),
        make_record(13, verdict=make_rating("false", label="")),
    ]
    context = replace(CONTEXT, organisation_name=hostile, organisation_url="")
    for ctx in (CONTEXT, context):
        writer = ClaimReviewJson(ctx)
        expected_manifest, manifest = Manifest(), Manifest()
        for record in records:
            review = claim_review(record, ctx, expected_manifest)
            expected = None if review is None else dumps_html_safe(review)
            assert writer.review(record, manifest) == expected
        assert manifest.to_json() == expected_manifest.to_json()
