import re
from html import unescape

import pytest
from django.urls import reverse

from tests.factories import make_article, sentences_text

pytestmark = pytest.mark.django_db

SENTENCE = re.compile(
    r'<span class="sentence" id="s\d+" data-index="\d+" '
    r'data-start="(\d+)" data-end="(\d+)">(.*?)</span>',
    re.S,
)
PARAGRAPH = re.compile(
    r'<p class="paragraph" id="p\d+" dir="auto" '
    r'data-start="(\d+)" data-end="(\d+)"[^>]*>(.*?)</p>',
    re.S,
)


def test_sentences_carry_code_point_offsets(markup_from_before_the_rule, alice_client, erin):
    text = "Emoji 😀👨‍👩‍👧 first. Then <b>bold</b> & more.\n\nខ្ញុំទៅផ្សារ។ مرحبا بالعالم. Done."
    article = make_article(text, created_by=erin)
    response = alice_client.get(article.get_absolute_url())
    assert response.status_code == 200
    stored = article.current_revision.text
    found = SENTENCE.findall(response.text)
    assert len(found) >= 5
    for start, end, inner in found:
        assert unescape(inner) == stored[int(start) : int(end)]
    # Each paragraph's text content is exactly its slice: the browser code counts on it.
    for start, end, inner in PARAGRAPH.findall(response.text):
        assert unescape(re.sub(r"<[^>]+>", "", inner)) == stored[int(start) : int(end)]
    assert "<b>bold</b>" not in response.text


def test_language_and_direction_are_set(alice_client, erin):
    article = make_article("ខ្ញុំទៅផ្សារ។", language="km", title="Khmer", created_by=erin)
    response = alice_client.get(article.get_absolute_url())
    assert '<article class="reader" lang="km" dir="auto"' in response.text


def test_reading_page_query_count_does_not_grow_with_the_article(
    alice_client, erin, django_assert_num_queries
):
    small = make_article(sentences_text(20), title="Small", created_by=erin)
    large = make_article(sentences_text(2000), title="Large", created_by=erin)
    # session, user, roles, article, spans, claims, newest event (no claims: no reviews
    # query), the header bell's unread count; with claims see
    # tests/claims/test_reading_claims.py
    with django_assert_num_queries(8):
        small_page = alice_client.get(small.get_absolute_url())
    with django_assert_num_queries(8):
        large_page = alice_client.get(large.get_absolute_url())
    assert small_page.text.count('class="sentence"') == 20
    assert large_page.text.count('class="sentence"') == 2000


def test_outsider_cannot_read_and_anonymous_is_sent_to_login(olga_client, client, erin):
    article = make_article(created_by=erin)
    assert olga_client.get(article.get_absolute_url()).status_code == 403
    response = client.get(article.get_absolute_url())
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_unknown_article_is_404(alice_client):
    assert alice_client.get(reverse("claims:read-article", args=[999999])).status_code == 404


def test_list_searches_title_and_publisher_and_paginates(alice_client, erin):
    make_article(title="Human rights report", publisher="CamboJA", created_by=erin)
    make_article(title="Rice prices", publisher="Khmer Times", created_by=erin)
    for number in range(30):
        make_article(title=f"Filler {number}", created_by=erin)
    url = reverse("articles:list")
    assert "Human rights report" in alice_client.get(url, {"q": "rights"}).text
    by_publisher = alice_client.get(url, {"q": "khmer times"}).text
    assert "Rice prices" in by_publisher and "Human rights report" not in by_publisher
    first_page = alice_client.get(url).text
    assert "Page 1 of 2" in first_page
    assert "Filler 29" in first_page and "Human rights report" not in first_page
    assert "Human rights report" in alice_client.get(url, {"page": 2}).text


def test_list_search_answers_htmx_with_the_results_partial(alice_client, erin):
    make_article(title="Human rights report", created_by=erin)
    response = alice_client.get(
        reverse("articles:list"), {"q": "rights"}, headers={"HX-Request": "true"}
    )
    assert response.text.lstrip().startswith('<div id="article-results">')
    assert "<html" not in response.text


def test_article_text_with_markup_is_shown_as_text(markup_from_before_the_rule, alice_client, erin):
    article = make_article(
        '<script>alert("x")</script> Said <img src=x onerror=alert(1)>.',
        title="<script>alert('t')</script>",
        created_by=erin,
    )
    page = alice_client.get(article.get_absolute_url()).text
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert" in page
