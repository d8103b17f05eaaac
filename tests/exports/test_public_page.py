"""Publishing a verified claim and its public fact-check page (no login)."""

import json
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import reverse

from factcheck.claims.models import Claim
from factcheck.claims.services import add_source
from factcheck.editorial.services import reopen_claim
from factcheck.exports.query import ClaimFilter
from factcheck.exports.run import prepare
from factcheck.exports.services import PublishRejected, publish_claim, unpublish_claim
from factcheck.history.models import Event
from tests.exports.world import build_world, decide
from tests.factories import make_article, make_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(alice, bob, erin):
    return build_world(alice, bob, erin)


def page_url(claim):
    return reverse("public:fact-check", args=[claim.pk])


def test_anonymous_reader_sees_a_published_fact_check(world):
    claim = world.claims["cases"]
    response = Client().get(page_url(claim))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Right: 62 cases 👍" in html  # public summary
    assert "Checked again" in html  # rationale
    assert '<mark class="quoted-claim">62 cases were recorded in 2020 😀</mark>' in html
    assert "The ministry said" in html  # the paragraph around it
    assert 'href="https://news.example/2021/ministry" rel="noopener noreferrer"' in html
    assert 'href="https://www.state.gov/report#62" rel="noopener noreferrer"' in html
    assert "the rating was <strong>Mostly true</strong>" in html
    assert "The NGO data confirms the count." in html


def test_hidden_sources_and_reviews_never_appear(world):
    html = Client().get(page_url(world.claims["cases"])).content.decode()
    assert "SPAM" not in html and "spam.example" not in html
    assert "bob&#x27;s rationale" not in html and "bob's rationale" not in html


def test_script_in_any_text_cannot_break_out(world):
    html = Client().get(page_url(world.claims["cases"])).content.decode()
    # Every "</script>" closes one of the page's own script elements: there is one.
    assert html.count("<script") == 1
    assert html.lower().count("</script") == 1
    assert "&lt;/script&gt;" in html  # the texts are shown, escaped


def test_claim_in_context_is_escaped_and_keeps_its_line_breaks(
    markup_from_before_the_rule, world, alice, erin
):
    article = make_article(
        'First "line" it\'s & <b>bold</b>.\nSecond line <script>x</script> here. Third.',
        created_by=erin,
    )
    claim = make_claim(article, "<b>bold</b>.\nSecond line", created_by=alice)
    decide(claim, erin, "true", summary="Bold", rationale="Checked.")
    publish_claim(claim=Claim.objects.get(pk=claim.pk), editor=erin)
    html = Client().get(page_url(claim)).content.decode()
    assert (
        '<blockquote dir="auto" lang="en"><p>First &quot;line&quot; it&#x27;s &amp; '
        '<mark class="quoted-claim">&lt;b&gt;bold&lt;/b&gt;.<br>Second line</mark> '
        "&lt;script&gt;x&lt;/script&gt; here. Third.</p></blockquote>"
    ) in html


def test_page_embeds_claimreview_json_ld(world):
    claim = world.claims["cases"]
    html = Client().get(page_url(claim)).content.decode()
    match = re.search(r'<script type="application/ld\+json" id="claimreview">(.*?)</script>', html,
                      re.S)  # fmt: skip
    assert match
    data = json.loads(match.group(1))
    assert data["@type"] == "ClaimReview"
    assert data["url"] == f"http://127.0.0.1:8000{page_url(claim)}"
    assert data["claimReviewed"] == claim.summary
    assert data["reviewRating"]["alternateName"] == "True"
    assert "<" not in match.group(1)


@pytest.mark.parametrize("name", ["khmer", "formula", "open", "deleted"])
def test_unpublished_unverified_or_deleted_claims_have_no_page(world, name, erin_client):
    assert Client().get(page_url(world.claims[name])).status_code == 404
    assert erin_client.get(page_url(world.claims[name])).status_code == 404


def test_unpublish_removes_the_page_with_one_event(world, erin):
    claim = world.claims["cases"]
    before = Event.objects.count()
    unpublish_claim(claim=claim, editor=erin)
    assert Client().get(page_url(claim)).status_code == 404
    event = Event.objects.order_by("-pk").first()
    assert Event.objects.count() == before + 1
    assert event.action == "claim.unpublished" and event.claim_id == claim.pk
    assert event.before["published_by"] == "erin" and event.after["published_at"] is None


def test_publish_records_one_event_and_twice_changes_nothing(world, erin):
    claim = world.claims["khmer"]
    before = Event.objects.count()
    publish_claim(claim=claim, editor=erin)
    publish_claim(claim=claim, editor=erin)
    assert Event.objects.count() == before + 1
    assert Event.objects.order_by("-pk").first().action == "claim.published"
    assert Client().get(page_url(claim)).status_code == 200


def test_only_verified_claims_are_published(world, erin):
    for name in ("open", "deleted"):
        with pytest.raises(PublishRejected):
            publish_claim(claim=world.claims[name], editor=erin)
    assert not Claim.objects.filter(pk=world.claims["open"].pk, published_at__isnull=False)


def test_reviewer_cannot_publish(world, alice, alice_client):
    with pytest.raises(PermissionDenied):
        publish_claim(claim=world.claims["khmer"], editor=alice)
    url = reverse("exports:publish", args=[world.claims["khmer"].pk])
    assert alice_client.post(url).status_code == 403
    assert Claim.objects.get(pk=world.claims["khmer"].pk).published_at is None


def test_editor_publishes_from_the_claim_page(world, erin_client):
    claim = world.claims["khmer"]
    page = erin_client.get(claim.get_absolute_url()).content.decode()
    assert reverse("exports:publish", args=[claim.pk]) in page
    response = erin_client.post(reverse("exports:publish", args=[claim.pk]))
    assert response.status_code == 302 and response["Location"] == claim.get_absolute_url()
    page = erin_client.get(claim.get_absolute_url()).content.decode()
    assert page_url(claim) in page and reverse("exports:unpublish", args=[claim.pk]) in page
    erin_client.post(reverse("exports:unpublish", args=[claim.pk]))
    assert Claim.objects.get(pk=claim.pk).published_at is None


def test_a_reopened_claim_leaves_the_web(world, erin):
    claim = world.claims["cases"]
    reopen_claim(claim=Claim.objects.get(pk=claim.pk), editor=erin, reason="new evidence")
    assert Client().get(page_url(claim)).status_code == 404


def test_page_costs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    # the claim, the record's queries, the claim in its paragraphs, and whether the article
    # was revised after the verdict (tests/test_query_counts.py pins it exactly)
    with django_assert_max_num_queries(11):
        assert Client().get(page_url(world.claims["cases"])).status_code == 200


def test_the_page_says_when_the_article_was_revised_after_the_check(
    markup_from_before_the_rule, world, erin
):
    from factcheck.claims.revisions import revise_article

    claim = Claim.objects.get(pk=world.claims["cases"].pk)
    page = Client().get(page_url(claim)).text
    assert "revised after this check" not in page
    article = claim.article
    revise_article(
        article=article,
        content="Updated headline.\n" + article.current_revision.text,
        note="A line added above",
        editor=erin,
    )
    page = Client().get(page_url(claim)).text
    assert "The article was revised after this check: revision 2" in page
    assert "A line added above" in page and "did not change" in page


def claimreview_on(html):
    match = re.search(
        r'<script type="application/ld\+json" id="claimreview">(.*?)</script>', html, re.S
    )
    return json.loads(match.group(1)) if match else None


def publish_without_summary(alice, erin):
    article = make_article("The minister said 40 schools\nopened this year. Few did.",
                           created_by=erin, source_url="https://news.example/schools")  # fmt: skip
    claim = make_claim(article, "40 schools\nopened this year", created_by=alice)
    assert claim.summary == ""
    decide(claim, erin, "false", summary="Twelve opened.", rationale="The ministry's list.")
    return publish_claim(claim=Claim.objects.get(pk=claim.pk), editor=erin)


def test_a_claim_without_a_summary_is_reviewed_as_its_quote(world, alice, erin):
    """Once a published claim with a blank summary had no ClaimReview at all, and nobody was
    told. One rule now: claimReviewed is the summary, else the quote."""
    claim = publish_without_summary(alice, erin)
    html = Client().get(page_url(claim)).text
    review = claimreview_on(html)
    assert review is not None and review["claimReviewed"] == "40 schools opened this year"
    assert '<h1 id="headline" dir="auto" lang="en">“40 schools opened this year”</h1>' in html
    export = prepare("claimreview", ClaimFilter())
    assert [r["claimReviewed"] for r in json.loads(b"".join(export.chunks()))] == [
        world.claims["cases"].summary,
        "40 schools opened this year",
    ]


def test_every_published_pages_claimreview_passes_the_validator(world, alice, erin,
                                                               run_validator):  # fmt: skip
    claims = [world.claims["cases"], publish_without_summary(alice, erin)]
    reviews = [claimreview_on(Client().get(page_url(claim)).text) for claim in claims]
    result = run_validator("claimreview_check.py", json.dumps(reviews).encode())
    assert result.returncode == 0, result.stdout
    assert "ok: 2 ClaimReviews, 0 errors" in result.stdout


@pytest.mark.parametrize(
    ("setting", "value", "named"),
    [
        ("FACTCHECK_PUBLIC_BASE_URL", "/relative", "FACTCHECK_PUBLIC_BASE_URL"),
        ("FACTCHECK_ORGANISATION_NAME", "  ", "FACTCHECK_ORGANISATION_NAME"),
    ],
)
def test_publishing_refuses_what_could_not_be_a_valid_claimreview(
    world, erin, erin_client, setting, value, named
):
    claim = world.claims["khmer"]
    with override_settings(**{setting: value}):
        with pytest.raises(PublishRejected, match=named):
            publish_claim(claim=claim, editor=erin)
        response = erin_client.post(reverse("exports:publish", args=[claim.pk]), follow=True)
    assert Claim.objects.get(pk=claim.pk).published_at is None
    messages = [str(message) for message in response.context["messages"]]
    assert len(messages) == 1 and messages[0].startswith("Not published: the page's ClaimReview")
    assert named in messages[0]
    assert not Event.objects.filter(action="claim.published", claim=claim).exists()


def test_the_refusal_names_the_missing_field(world, erin, monkeypatch):
    from factcheck.exports import services

    claim = world.claims["khmer"]
    monkeypatch.setattr(services, "publishing_problems", lambda record, context: [
        "it has neither a claim summary nor a quote (the ClaimReview's claimReviewed): "
        "write a claim summary"])  # fmt: skip
    with pytest.raises(PublishRejected) as refused:
        publish_claim(claim=claim, editor=erin)
    assert str(refused.value) == (
        "Not published: the page's ClaimReview would be invalid because it has neither a "
        "claim summary nor a quote (the ClaimReview's claimReviewed): write a claim summary."
    )


def test_the_page_reads_as_a_newsroom_publishes_it(world):
    claim = world.claims["cases"]
    html = Client().get(page_url(claim)).text
    # headline (the claim's summary), then the verdict card, the quote, what we found,
    # sources, corrections, publisher and dates, in that order
    order = [
        '<h1 id="headline" dir="auto">The ministry recorded 62 cases in 2020 😀</h1>',
        '<section class="verdict-card rating-true"',
        '<span class="rating-chip rating-true">True</span>',
        "The claim is accurate and nothing significant is missing.",  # what True means
        '<h2 id="claim-heading">The claim</h2>',
        '<h2 id="findings-heading">What we found</h2>',
        '<p class="public-summary" dir="auto">Right: 62 cases 👍</p>',
        '<h2 id="sources-heading">Sources</h2>',
        '<h2 id="corrections-heading">Corrections</h2>',
        "<dt>Publisher</dt>",
        "<dt>Published</dt>",
    ]
    positions = [html.index(part) for part in order]
    assert positions == sorted(positions)
    assert '<link rel="stylesheet" href="/static/css/public.css">' in html
    assert "css/app.css" not in html and "css/claims.css" not in html
    assert '<span class="stance-label">Supports the claim</span>' in html
    assert '<span class="stance-label">Context</span>' in html
    assert f'href="http://127.0.0.1:8000/annotations/claim-{claim.pk}"' in html
    assert '<html lang="en">' in html


def test_a_page_without_corrections_says_so_and_shows_the_archived_copy(world, alice, erin):
    article = make_article("The council said 7 bridges were built.", created_by=erin)
    claim = make_claim(article, "7 bridges were built", created_by=alice, summary="7 bridges")
    source = add_source(claim=claim, added_by=alice, url="https://council.example/bridges",
                        title="Council report", stance="refutes",
                        archive_url="https://web.archive.org/web/2021/council")  # fmt: skip
    decide(claim, erin, "false", summary="Three were.", rationale="Counted.", sources=(source,))
    publish_claim(claim=Claim.objects.get(pk=claim.pk), editor=erin)
    html = Client().get(page_url(claim)).text
    assert "This fact-check has not been corrected." in html
    assert '<span class="stance-label">Refutes the claim</span>' in html
    assert (
        'href="https://web.archive.org/web/2021/council" rel="noopener noreferrer">archived' in html
    )
    assert "Updated" not in html
