"""Articles through the API: imported with the import page's rules (all or nothing), read
with the current revision's spans, listed with filters, and corrected by revisions that
re-anchor the claims as the page's revise action does."""

import datetime as dt
import json

import pytest
from django.test import override_settings
from django.urls import reverse

from factcheck.articles.models import Article, Revision, Span
from factcheck.claims.models import Claim
from factcheck.history.models import Event
from tests.claims.test_revisions import SEED, corrected
from tests.factories import make_article, make_claim, sentences_text

from .conftest import api_client, bearer, token_for

pytestmark = pytest.mark.django_db

EMOJI_KHMER = (
    "Intro 😀 with a family 👨‍👩‍👧 and a flag 🇰🇭 and q\u0301 marks. It ends here.\n"
    "ខ្ញុំទៅផ្សារ។ គាត់ទៅសាលា។\n\n"
    "The ministry said 62 cases were recorded in 2020. Critics disagreed."
)


def post(raw, url, body):
    payload = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return api_client().post(url, payload, content_type="application/json", headers=bearer(raw))


def get(raw, url):
    return api_client().get(url, headers=bearer(raw))


def stored() -> tuple[int, int, int, int]:
    return (
        Article.objects.count(),
        Revision.objects.count(),
        Span.objects.count(),
        Event.objects.count(),
    )


# --- import -------------------------------------------------------------------------------


def test_text_with_emoji_and_khmer_is_imported_with_code_point_spans(erin):
    raw = token_for(erin)
    body = {
        "title": "  Mixed   scripts ",
        "text": EMOJI_KHMER.replace("\n", "\r\n"),
        "language": "km",
        "publisher": "CamboJA",
        "published_on": "2021-03-31",
        "source_url": "https://example.org/story",
    }
    response = post(raw, "/api/v1/articles", body)
    assert response.status_code == 201, response.json()
    created = response.json()
    article = Article.objects.get()
    assert response["Location"] == f"/api/v1/articles/{article.pk}"
    # The answer is the article as GET /articles/{id} reads it.
    assert get(raw, response["Location"]).json() == created
    assert (created["title"], created["language"], created["published_on"]) == (
        "Mixed scripts",
        "km",
        "2021-03-31",
    )
    text = created["revision"]["text"]
    assert text == EMOJI_KHMER  # CRLF normalised to LF
    spans = created["revision"]["spans"]
    sentences = [text[s["start"] : s["end"]] for s in spans if s["kind"] == "sentence"]
    paragraphs = [text[s["start"] : s["end"]] for s in spans if s["kind"] == "paragraph"]
    assert paragraphs == [line for line in EMOJI_KHMER.split("\n") if line]
    assert (
        "ខ្ញុំទៅផ្សារ។" in sentences
        and "The ministry said 62 cases were recorded in 2020." in sentences
    )
    assert sentences[0] == "Intro 😀 with a family 👨‍👩‍👧 and a flag 🇰🇭 and q\u0301 marks."
    for span in spans:
        if span["kind"] == "sentence":
            paragraph = spans_by_index(spans)[span["paragraph"]]
            assert paragraph["start"] <= span["start"] < span["end"] <= paragraph["end"]
    # The spans are the stored ones, which the reading page draws.
    assert len(spans) == Span.objects.filter(revision=article.current_revision).count()
    event = Event.objects.get(article=article)
    assert (event.action, event.actor, event.article) == ("article.imported", erin, article)


def spans_by_index(spans):
    return {span["index"]: span for span in spans if span["kind"] == "paragraph"}


def test_a_json_document_is_imported_with_its_metadata_and_the_fields_sent_win(erin):
    document = {
        "title": "From the document",
        "text": "ក្រសួងបាននិយាយ។ មាន ៦២ ករណី។",
        "url": "https://example.org/km",
        "publisher": "Doc publisher",
        "published": "2021-03-30T10:00:00Z",
        "language": "km",
    }
    response = post(
        token_for(erin), "/api/v1/articles", {"document": document, "publisher": "Sent publisher"}
    )
    assert response.status_code == 201, response.json()
    article = Article.objects.get()
    assert (article.title, article.publisher, article.language) == (
        "From the document",
        "Sent publisher",
        "km",
    )
    assert (article.source_url, str(article.published_on)) == (
        "https://example.org/km",
        "2021-03-30",
    )
    sentences = response.json()["revision"]["spans"]
    text = article.current_revision.text
    assert [text[s["start"] : s["end"]] for s in sentences if s["kind"] == "sentence"] == [
        "ក្រសួងបាននិយាយ។",
        "មាន ៦២ ករណី។",
    ]


REFUSED = {
    "raw bytes that are not UTF-8": (b'{"title": "T", "text": "caf\xe9"}', "http_error"),
    "a lone surrogate": ({"title": "T", "text": "abc \ud800 def"}, "not_utf8"),
    "a lone surrogate in a document": ({"document": {"text": "x \udc80"}}, "not_utf8"),
    "a document without text": ({"document": {"title": "T", "body": "x"}}, "bad_document"),
    "a document field of the wrong type": (
        {"document": {"text": "Some text.", "title": ["T"]}},
        "bad_document",
    ),
    "a document's bad date": (
        {"document": {"text": "Text.", "title": "T", "published": "soon"}},
        "invalid",
    ),
    "text and a document": ({"title": "T", "text": "Text.", "document": {"text": "x"}}, "invalid"),
    "neither": ({"title": "T"}, "invalid"),
    "blank text": ({"title": "T", "text": " \n\t"}, "invalid"),
    "control characters only": ({"title": "T", "text": "\u0001\u0007"}, "empty"),
    "a null character (the form's rule)": ({"title": "T", "text": "A\u0000B"}, "invalid"),
    "no title": ({"text": "Some text."}, "invalid"),
    "a javascript: source": (
        {"title": "T", "text": "Text.", "source_url": "javascript:alert(1)"},
        "invalid",
    ),
    "a language that is not BCP 47": (
        {"title": "T", "text": "Text.", "language": "<b>"},
        "invalid",
    ),
    "a title too long": ({"title": "x" * 501, "text": "Text."}, "invalid"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_refused_import_stores_nothing_and_records_nothing(erin, name):
    body, code = REFUSED[name]
    raw = token_for(erin)  # creating a token records an event of its own
    before = stored()
    response = post(raw, "/api/v1/articles", body)
    assert response.status_code == 400, response.content
    assert response.json()["error"] == code, response.json()
    assert stored() == before


@override_settings(FACTCHECK_MAX_IMPORT_BYTES=1000)
@pytest.mark.parametrize(
    "body",
    [
        {"title": "T", "text": "é" * 501},  # 1,002 UTF-8 bytes, 501 code points
        {"document": {"title": "T", "text": "x" * 1000}},
    ],
    ids=["text", "document"],
)
def test_an_import_over_the_limit_is_400_too_large_and_stores_nothing(erin, body):
    raw = token_for(erin)  # creating a token records an event of its own
    before = stored()
    response = post(raw, "/api/v1/articles", body)
    assert response.status_code == 400 and response.json()["error"] == "too_large"
    assert "the limit is 1,000 bytes" in response.json()["message"]
    assert stored() == before


@override_settings(FACTCHECK_MAX_IMPORT_BYTES=1000, DATA_UPLOAD_MAX_MEMORY_SIZE=2000)
def test_a_body_past_the_request_limit_is_400_too_large_in_json(erin):
    raw = token_for(erin)
    before = stored()
    response = post(raw, "/api/v1/articles", {"title": "T", "text": "x" * 5000})
    assert response.status_code == 400 and response.json()["error"] == "too_large"
    assert stored() == before


def test_the_page_refuses_the_same_oversized_import_with_400(erin_client, settings):
    """The API's status for an oversized import is the import page's."""
    settings.FACTCHECK_MAX_IMPORT_BYTES = 1000
    page = erin_client.post(
        reverse("articles:import"), {"title": "T", "text": "é" * 501, "language": "en"}
    )
    assert page.status_code == 400 and "too large" in page.text
    assert Article.objects.count() == 0


def test_a_reviewer_may_not_import(alice):
    response = post(token_for(alice), "/api/v1/articles", {"title": "T", "text": "Text."})
    assert response.status_code == 403 and Article.objects.count() == 0


# --- read ---------------------------------------------------------------------------------


def test_reading_an_article_costs_the_same_however_long_it_is(
    alice, erin, django_assert_num_queries
):
    raw = token_for(alice)
    client = api_client()
    client.get("/api/v1/articles", headers=bearer(raw))  # the first use writes last_used_at
    for sentences in (3, 2000):
        article = make_article(sentences_text(sentences), created_by=erin)
        # token + user, roles, the article with its revision, the spans
        with django_assert_num_queries(4):
            response = client.get(f"/api/v1/articles/{article.pk}", headers=bearer(raw))
        spans = response.json()["revision"]["spans"]
        assert sum(span["kind"] == "sentence" for span in spans) == sentences


# --- list ---------------------------------------------------------------------------------


def test_the_list_filters_as_a_cms_needs_and_pages_with_the_filters(alice, erin):
    make_article(
        "English.", title="Budget report", language="en", publisher="CamboJA", created_by=erin
    )
    khmer = [
        make_article(
            f"អត្ថបទ {n}។", title=f"Khmer {n}", language="km", publisher="VOD", created_by=erin
        )
        for n in range(3)
    ]
    make_article(
        "Old.", title="Old one", publisher="vod", published_on=dt.date(2019, 1, 1), created_by=erin
    )
    raw = token_for(alice)

    def titles(query):
        seen, cursor = [], None
        while True:
            url = f"/api/v1/articles?limit=2&{query}" + (f"&cursor={cursor}" if cursor else "")
            body = get(raw, url).json()
            seen += [item["title"] for item in body["items"]]
            cursor = body["next_cursor"]
            if cursor is None:
                return seen

    assert titles("language=km") == ["Khmer 2", "Khmer 1", "Khmer 0"]
    assert titles("publisher=vod") == ["Old one", "Khmer 2", "Khmer 1", "Khmer 0"]
    assert titles("q=budget") == ["Budget report"]
    assert titles("q=camboja") == ["Budget report"]  # the list page searches publishers too
    assert titles("published_to=2020-01-01") == ["Old one"]
    Article.objects.filter(pk=khmer[0].pk).update(created_at="2020-01-01T00:00:00Z")
    assert titles("language=km&created_after=2021-01-01T00:00:00Z") == ["Khmer 2", "Khmer 1"]
    assert titles("created_before=2021-01-01T00:00:00%2B00:00") == ["Khmer 0"]
    assert get(raw, "/api/v1/articles?created_after=yesterday").status_code == 400


def test_a_filtered_list_costs_the_same_however_many_articles(
    alice, erin, django_assert_num_queries
):
    raw = token_for(alice)
    client = api_client()
    client.get("/api/v1/articles", headers=bearer(raw))
    make_article("Not this one.", title="Report in English", created_by=erin)
    url = "/api/v1/articles?language=km&q=report&created_after=2000-01-01T00:00:00Z"
    total = 0
    for count in (1, 30):
        for n in range(count):
            make_article(f"Text {n}.", title=f"Report {n}", language="km", created_by=erin)
        total += count
        # token + user, roles, the page of articles
        with django_assert_num_queries(3):
            response = client.get(url, headers=bearer(raw))
        assert len(response.json()["items"]) == total


# --- revisions ----------------------------------------------------------------------------


@pytest.fixture
def seeded(erin, alice):
    article = make_article(SEED, title="Seed", created_by=erin)
    for exact in ("62 cases", "Chad Roedemeier", "the 35-page report"):
        make_claim(article, exact, created_by=alice)
    return article


def claim_states(article):
    claims = Claim.objects.filter(article=article).select_related("revision").order_by("pk")
    return [
        (c.exact, c.start, c.end, c.anchor, c.status, c.revision.number, c.version) for c in claims
    ]


def test_a_revision_through_the_api_reanchors_claims_as_the_page_does(
    seeded, erin, erin_client, alice
):
    by_page = make_article(SEED, title="Seed", created_by=erin)
    for exact in ("62 cases", "Chad Roedemeier", "the 35-page report"):
        make_claim(by_page, exact, created_by=alice)
    url = reverse("claims:new-revision", args=[by_page.pk])
    preview = erin_client.post(url, {"text": corrected(SEED), "note": "Correction: 63 cases"})
    plan = preview.context["plan"]
    confirmed = erin_client.post(
        url, {"text": plan.text, "note": "Correction: 63 cases", "fingerprint": plan.fingerprint}
    )
    assert confirmed.status_code == 302

    response = post(
        token_for(erin),
        f"/api/v1/articles/{seeded.pk}/revisions",
        {
            "text": corrected(SEED),
            "note": "Correction: 63 cases",
            "base_revision": seeded.current_revision_id,
        },
    )
    assert response.status_code == 201, response.json()
    assert response["Location"] == f"/api/v1/articles/{seeded.pk}/revisions/2"
    body = response.json()
    assert (body["number"], body["note"], body["text"]) == (
        2,
        "Correction: 63 cases",
        corrected(SEED),
    )
    assert body["claims"] == {"exact": 0, "moved": 1, "changed": 2, "orphaned": 0}
    assert claim_states(seeded) == claim_states(by_page)
    figure = Claim.objects.get(article=seeded, exact="63 cases")
    assert (figure.anchor, figure.status) == ("changed", "needs_recheck")
    text = body["text"]
    assert text[figure.start : figure.end] == "63 cases"

    def actions(article):
        return sorted(Event.objects.filter(article=article).values_list("action", flat=True))

    assert actions(seeded) == actions(by_page)
    assert Article.objects.get(pk=seeded.pk).current_revision.number == 2


def test_a_stale_base_revision_is_409_with_the_current_one_and_stores_nothing(seeded, erin):
    raw = token_for(erin)
    url = f"/api/v1/articles/{seeded.pk}/revisions"
    first = seeded.current_revision_id
    assert post(raw, url, {"text": corrected(SEED), "base_revision": first}).status_code == 201
    current = Revision.objects.get(article=seeded, number=2)
    before, claims = stored(), claim_states(seeded)
    response = post(raw, url, {"text": SEED + "\nMore.", "base_revision": first})
    assert response.status_code == 409
    assert response.json()["error"] == "stale_revision"
    assert response.json()["current"] == {"id": current.pk, "number": 2}
    assert (stored(), claim_states(seeded)) == (before, claims)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"text": SEED}, "unchanged"),
        ({"text": "  "}, "invalid"),
        ({"text": "New text.", "note": "n" * 501}, "invalid"),
        ({"text": "Bad \ud800 text."}, "not_utf8"),
    ],
    ids=["unchanged", "blank", "long-note", "surrogate"],
)
def test_a_refused_revision_stores_nothing(seeded, erin, body, code):
    raw = token_for(erin)
    before, claims = stored(), claim_states(seeded)
    response = post(raw, f"/api/v1/articles/{seeded.pk}/revisions", body)
    assert response.status_code == 400 and response.json()["error"] == code, response.json()
    assert (stored(), claim_states(seeded)) == (before, claims)


def test_revisions_are_listed_newest_first_without_texts_and_each_stays_readable(
    seeded, erin, alice
):
    post(
        token_for(erin),
        f"/api/v1/articles/{seeded.pk}/revisions",
        {"text": corrected(SEED), "note": "Fix"},
    )
    raw = token_for(alice)
    items = get(raw, f"/api/v1/articles/{seeded.pk}/revisions").json()["items"]
    assert [(i["number"], i["note"], i["current"], i["created_by"]) for i in items] == [
        (2, "Fix", True, "erin"),
        (1, "Imported", False, "erin"),
    ]
    assert items[1]["characters"] == len(SEED) and "text" not in items[0]
    page = get(raw, f"/api/v1/articles/{seeded.pk}/revisions?limit=1").json()
    assert [i["number"] for i in page["items"]] == [2] and page["next_cursor"] == "2"
    rest = get(raw, f"/api/v1/articles/{seeded.pk}/revisions?limit=1&cursor=2").json()
    assert [i["number"] for i in rest["items"]] == [1] and rest["next_cursor"] is None
    old = get(raw, f"/api/v1/articles/{seeded.pk}/revisions/1").json()
    assert old["text"] == SEED and old["spans"][0]["start"] == 0
    assert get(raw, f"/api/v1/articles/{seeded.pk}").json()["revision"]["number"] == 2


def test_the_revision_list_costs_the_same_however_many_revisions(
    seeded, erin, django_assert_num_queries
):
    raw = token_for(erin)
    client = api_client()
    client.get("/api/v1/articles", headers=bearer(raw))
    url = f"/api/v1/articles/{seeded.pk}/revisions"
    for n in range(2):
        for extra in range(5):
            post(raw, url, {"text": SEED + f"\nAddendum {n}.{extra}."})
        # token + user, roles, the article, the page of revisions with their authors
        with django_assert_num_queries(4):
            assert client.get(url, headers=bearer(raw)).status_code == 200
