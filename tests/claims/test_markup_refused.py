"""HTML and script in a text field get a clear error and change nothing: under the field on
the page, as a 400 from the API, and from the services the commands call. Prose with a
"<" in it is kept (tests/text/test_markup.py has the rule itself)."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from factcheck.api.services import TokenRejected, create_token
from factcheck.articles.models import Article
from factcheck.articles.services import ImportRejected, import_article
from factcheck.claims import services
from factcheck.claims.models import Claim, Comment, Review, Source
from factcheck.editorial import services as decisions
from factcheck.history.models import Event
from factcheck.moderation.models import Flag
from factcheck.moderation.services import flag_item
from tests.api.conftest import bearer, token_for
from tests.factories import make_claim, rating

from .conftest import HX, TEXT

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def claim(article, alice):
    return make_claim(article, "62 cases", created_by=alice)


def stored(claim) -> tuple:
    """Everything a refused form could have changed."""
    claim.refresh_from_db()
    return (
        Event.objects.count(),
        (claim.summary, claim.claimant, claim.version, claim.status),
        Review.objects.count(),
        Source.objects.count(),
        Comment.objects.count(),
        Flag.objects.count(),
        Article.objects.count(),
    )


def assert_refused_at_the_field(response, label: str) -> None:
    assert response.status_code == 400
    text = html.unescape(response.text)
    assert f"The {label} contains HTML markup (“<script>” at character" in text
    assert SCRIPT not in response.text  # what was typed is kept, escaped


PAGE_FORMS = {
    # name: (who posts, URL name, data, the label the message names)
    "claim summary": (
        "alice",
        "claims:edit",
        {"summary": f"Counts {SCRIPT}", "version": 1},
        "claim summary (the headline)",
    ),
    "claimant": ("alice", "claims:edit", {"claimant": SCRIPT, "version": 1}, "who made the claim"),
    "tags": ("alice", "claims:edit", {"tags": f"labour, {SCRIPT}", "version": 1}, "tags"),
    "review": ("bob", "claims:review", {"rationale": SCRIPT, "confidence": "high"}, "rationale"),
    "source title": (
        "bob",
        "claims:add-source",
        {"url": "https://example.org/r", "title": SCRIPT, "stance": "supports"},
        "title",
    ),
    "source excerpt": (
        "bob",
        "claims:add-source",
        {"url": "https://example.org/r", "excerpt": SCRIPT, "stance": "supports"},
        "quoted excerpt",
    ),
    "comment": ("bob", "claims:add-comment", {"body": f"See {SCRIPT}"}, "comment"),
    "verdict summary": (
        "erin",
        "decisions:decide",
        {"public_summary": SCRIPT, "rationale": "Checked.", "version": 1},
        "verdict summary for readers",
    ),
    "verdict rationale": (
        "erin",
        "decisions:decide",
        {"public_summary": "Right.", "rationale": SCRIPT, "version": 1},
        "rationale",
    ),
}


@pytest.mark.parametrize("name", sorted(PAGE_FORMS))
def test_a_panel_form_refuses_markup_under_its_field_and_stores_nothing(
    name, claim, alice_client, bob_client, erin_client
):
    who, url_name, data, label = PAGE_FORMS[name]
    client = {"alice": alice_client, "bob": bob_client, "erin": erin_client}[who]
    if url_name == "claims:review":
        data = data | {"rating": rating("true").pk}
    if url_name == "decisions:decide":  # the verdict form's fields carry a prefix
        data = {f"verdict-{key}": value for key, value in data.items()}
        data["verdict-rating"] = rating("false").pk
    before = stored(claim)
    response = client.post(reverse(url_name, args=[claim.pk]), data, headers=HX)
    assert_refused_at_the_field(response, label)
    assert stored(claim) == before


def test_prose_with_a_less_than_sign_is_saved(claim, alice_client):
    data = {"summary": "Fewer than 5 < 62 cases", "claimant": "A & B", "version": 1}
    response = alice_client.post(reverse("claims:edit", args=[claim.pk]), data, headers=HX)
    assert response.status_code == 200
    claim.refresh_from_db()
    assert (claim.summary, claim.claimant) == ("Fewer than 5 < 62 cases", "A & B")


def test_the_flag_form_refuses_markup(claim, alice, bob_client):
    comment = services.add_comment(claim=claim, author=alice, body="A plain comment.")
    before = stored(claim)
    url = reverse("moderation:flag", args=["comment", comment.pk])
    response = bob_client.post(url, {"reason": SCRIPT}, headers=HX)
    assert_refused_at_the_field(response, "what is wrong with it?")
    assert stored(claim) == before


@pytest.mark.parametrize(
    "data, message",
    [
        ({"title": f"Report {SCRIPT}", "text": "Plain text."}, "The title contains HTML markup"),
        ({"title": "Report", "author": "<b>Jo</b>", "text": "Plain text."}, "author"),
        (
            {"title": "Report", "text": "Line one.\nThe <iframe src=x> here."},
            "contains HTML markup (“<iframe src=x>”",
        ),
    ],
)
def test_the_import_page_refuses_markup_and_imports_nothing(erin_client, data, message):
    articles, events = Article.objects.count(), Event.objects.count()
    response = erin_client.post(reverse("articles:import"), data | {"language": "en"})
    assert response.status_code == 400
    assert message in html.unescape(response.text)
    assert (Article.objects.count(), Event.objects.count()) == (articles, events)


def test_the_services_refuse_markup_for_commands_and_the_api(claim, alice, bob, erin):
    before = stored(claim)
    refusals = [
        lambda: services.update_claim(
            claim=claim, editor=alice, expected_version=1, summary=SCRIPT
        ),
        lambda: services.add_comment(claim=claim, author=bob, body=SCRIPT),
        lambda: services.add_source(
            claim=claim, added_by=bob, url="https://example.org", title=SCRIPT
        ),
        lambda: flag_item(item=claim, flagged_by=bob, reason=SCRIPT),
        lambda: decisions.decide_verdict(
            claim=claim,
            editor=erin,
            rating=rating("true"),
            public_summary=SCRIPT,
            rationale="Checked.",
            sources=(),
        ),
    ]
    for refuse in refusals:
        with pytest.raises(ValidationError) as refused:
            refuse()
        assert "contains HTML markup" in " ".join(refused.value.messages)
    with pytest.raises(ImportRejected, match="HTML markup"):
        import_article(content=TEXT + f"\n{SCRIPT}", title="T", created_by=erin)
    with pytest.raises(TokenRejected, match="HTML markup"):
        create_token(user=alice, name=SCRIPT)
    assert stored(claim) == before


def test_the_api_answers_markup_with_400_and_stores_nothing(claim, alice, article):
    from django.test import Client

    headers = bearer(token_for(alice))
    before = stored(claim)
    start = article.current_revision.text.index("185 assemblies")
    responses = [
        Client().patch(
            f"/api/v1/claims/{claim.pk}",
            {"summary": SCRIPT, "version": 1},
            content_type="application/json",
            headers=headers,
        ),
        Client().post(
            f"/api/v1/articles/{article.pk}/claims",
            {"start": start, "end": start + 14, "exact": "185 assemblies"},
            content_type="application/json",
            headers=headers,
        ),
    ]
    assert responses[0].status_code == 400 and responses[0].json()["error"] == "invalid"
    assert "HTML markup" in str(responses[0].json())
    assert responses[1].status_code == 201  # the quote itself is article text, not typed
    assert Claim.objects.get(pk=claim.pk).summary == ""
    assert stored(claim)[0] == before[0] + 1  # only the new claim's event
