"""The search box: one search over articles, claims, reviews' rationales, sources and
comments, grouped by kind with the matched words marked, and every access rule kept."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck.claims import services as claim_services
from factcheck.core.demo import load_demo
from factcheck.editorial.services import set_blind_review
from factcheck.moderation.services import hide_item
from tests.conftest import make_user
from tests.factories import make_article, make_claim, make_review

pytestmark = pytest.mark.django_db

TEXT = (
    "The ministry said 62 cases were recorded in 2020. "
    "Officials counted 185 assemblies from April 2019 to March 2020."
)


def searched(user, query: str, **params) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("search:search"), {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def group(page: str, kind: str) -> str:
    """The HTML of one kind's group of results ('' when the page has none)."""
    found = re.search(
        rf'<section class="search-group" aria-labelledby="found-{kind}">(.*?)</section>', page, re.S
    )
    return found.group(1) if found else ""


def test_searching_185_assemblies_on_the_demo_finds_that_claim():
    load_demo()
    from django.contrib.auth.models import User

    page = searched(User.objects.get(username="alice"), "185 assemblies")
    claims = group(page, "claims")
    assert "<mark>185</mark> <mark>assemblies</mark>" in claims
    assert "taking place from April 2019 to March 2020" in claims


def test_results_are_grouped_by_kind_with_the_words_marked():
    alice = make_user("alice", role="reviewer")
    article = make_article(TEXT, title="Assemblies in 2020")
    claim = make_claim(article, "185 assemblies", created_by=alice)
    make_review(claim, alice, "true", rationale="The NGO report lists 185 assemblies.")
    claim_services.add_source(
        claim=claim, added_by=alice, url="https://example.org/assemblies", title="NGO report"
    )
    claim_services.add_comment(claim=claim, author=alice, body="Check the assemblies count.")

    page = searched(alice, "assemblies")
    for kind in ("articles", "claims", "reviews", "sources", "comments"):
        # Case is ignored: the article's title has "Assemblies", marked as written.
        assert re.search("<mark>assemblies</mark>", group(page, kind), re.IGNORECASE), kind
    assert "<mark>Assemblies</mark> in 2020" in group(page, "articles")
    assert f'href="/claims/{claim.pk}/"' in group(page, "claims")
    assert "5 results" in page


def test_every_term_must_match_and_a_quoted_phrase_is_one_term():
    alice = make_user("alice", role="reviewer")
    article = make_article(TEXT)
    make_claim(article, "62 cases were recorded", created_by=alice)
    make_claim(article, "185 assemblies", created_by=alice)
    found = group(searched(alice, "cases 62"), "claims")
    assert "<mark>62</mark> <mark>cases</mark> were recorded" in found
    assert "185" not in found
    assert group(searched(alice, "cases assemblies"), "claims") == ""
    assert group(searched(alice, '"cases 62"'), "claims") == ""


def test_text_in_results_is_escaped(
    markup_from_before_the_rule,
):
    alice = make_user("alice", role="reviewer")
    article = make_article(TEXT)
    claim = make_claim(article, "62 cases", created_by=alice)
    claim_services.add_comment(claim=claim, author=alice, body="<script>alert(1)</script> cases")
    page = searched(alice, "alert")
    assert "<script>alert" not in page
    assert "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;" in page


def test_a_word_in_khmer_text_is_found_by_substring():
    alice = make_user("alice", role="reviewer")
    khmer = "រដ្ឋាភិបាលកម្ពុជាបានប្រកាសថា មានករណីចំនួន ៦២ ត្រូវបានកត់ត្រា។"
    article = make_article(khmer, title="Khmer report", language="km")
    make_claim(article, "មានករណីចំនួន ៦២", created_by=alice)
    page = searched(alice, "ករណី")
    assert "<mark>ករណី</mark>" in group(page, "claims")
    assert "<mark>ករណី</mark>" in group(page, "articles")


def test_outsiders_may_not_search():
    olga = make_user("olga")
    client = Client()
    client.force_login(olga)
    assert client.get(reverse("search:search"), {"q": "cases"}).status_code == 403


def test_deleted_claims_and_what_hangs_on_them_are_not_found():
    alice = make_user("alice", role="reviewer")
    article = make_article(TEXT)
    claim = make_claim(article, "62 cases", created_by=alice)
    claim_services.add_comment(claim=claim, author=alice, body="cases confirmed")
    claim_services.delete_claim(claim=claim, deleted_by=alice)
    page = searched(alice, "cases")
    assert group(page, "claims") == "" and group(page, "comments") == ""


def test_hidden_comments_are_found_by_editors_and_their_author_only():
    alice = make_user("alice", role="reviewer")
    bob = make_user("bob", role="reviewer")
    erin = make_user("erin", role="editor")
    claim = make_claim(make_article(TEXT), "62 cases", created_by=alice)
    comment = claim_services.add_comment(claim=claim, author=alice, body="a rude remark")
    hide_item(item=comment, editor=erin, reason="Off topic.")
    assert group(searched(bob, "rude"), "comments") == ""
    assert "<mark>rude</mark>" in group(searched(alice, "rude"), "comments")
    assert "hidden" in group(searched(erin, "rude"), "comments")


def test_blind_review_keeps_others_rationales_out_until_one_has_reviewed():
    alice = make_user("alice", role="reviewer")
    bob = make_user("bob", role="reviewer")
    erin = make_user("erin", role="editor")
    article = make_article(TEXT, created_by=erin)
    assert article.blind_review
    claim = make_claim(article, "62 cases", created_by=alice)
    make_review(claim, alice, "false", rationale="The ministry's own table says sixty.")

    assert group(searched(bob, "sixty"), "reviews") == ""
    assert "<mark>sixty</mark>" in group(searched(alice, "sixty"), "reviews")
    assert "<mark>sixty</mark>" in group(searched(erin, "sixty"), "reviews")
    make_review(claim, bob, "true", rationale="Matches the report.")
    assert "<mark>sixty</mark>" in group(searched(bob, "sixty"), "reviews")

    carol = make_user("carol", role="reviewer")
    assert group(searched(carol, "sixty"), "reviews") == ""
    set_blind_review(article=article, editor=erin, blind_review=False)
    assert "<mark>sixty</mark>" in group(searched(carol, "sixty"), "reviews")


def test_one_kind_pages_through_all_its_results():
    alice = make_user("alice", role="reviewer")
    text = " ".join(f"Claim number {n} counts cases." for n in range(30))
    article = make_article(text)
    for n in range(30):
        make_claim(article, f"Claim number {n} counts", created_by=alice)
    everything = searched(alice, "counts")
    assert 'Claims <span class="count">5+</span>' in everything
    assert 'kind=claims">All claims found</a>' in everything
    first = searched(alice, "counts", kind="claims")
    assert "Page 1 of 2" in first and group(first, "claims").count("<li>") == 25
    assert 'Claims <span class="count">30</span>' in first
    second = searched(alice, "counts", kind="claims", page=2)
    assert group(second, "claims").count("<li>") == 5


def test_the_search_page_makes_the_same_queries_for_few_and_many_results():
    alice = make_user("alice", role="reviewer")

    def queries_for(claims: int) -> int:
        article = make_article(
            " ".join(f"Claim {n} mentions {claims}x cases." for n in range(claims))
        )
        for n in range(claims):
            claim = make_claim(article, f"Claim {n} mentions", created_by=alice)
            claim_services.add_comment(claim=claim, author=alice, body=f"{claims}x comment")
        client = Client()
        client.force_login(alice)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("search:search"), {"q": f"{claims}x"}).status_code == 200
        return len(captured)

    assert queries_for(6) == queries_for(40)


def test_the_header_has_the_search_box_for_readers():
    alice = make_user("alice", role="reviewer")
    client = Client()
    client.force_login(alice)
    page = client.get(reverse("articles:list")).content.decode()
    assert 'role="search"' in page and f'action="{reverse("search:search")}"' in page


def search_index_names() -> set[str]:
    tables = ["articles_article", "articles_revision", "claims_claim", "claims_tag",
              "claims_review", "claims_source", "claims_comment"]  # fmt: skip
    with connection.cursor() as cursor:
        return {
            name
            for table in tables
            for name in connection.introspection.get_constraints(cursor, table)
            if name.startswith("search_")
        }


def test_trigram_indexes_serve_substring_search_where_the_database_has_them():
    """search/migrations/0001: on PostgreSQL each searched field has a trigram index over
    the expression Django's icontains compiles to, and the planner uses it; SQLite has no
    trigrams, and the migration leaves its schema alone (it scans; bench/bench_search.py)."""
    from factcheck.articles.models import Revision
    from factcheck.claims.models import Claim, Comment, Review, Source

    if connection.vendor != "postgresql":
        assert search_index_names() == set()
        return
    assert {name for name in search_index_names() if name.endswith("_trgm")} == {
        "search_article_title_trgm", "search_revision_text_trgm", "search_claim_exact_trgm",
        "search_claim_summary_trgm", "search_claim_claimant_trgm", "search_tag_name_trgm",
        "search_review_rationale_trgm", "search_source_title_trgm", "search_source_url_trgm",
        "search_source_excerpt_trgm", "search_comment_body_trgm",
    }  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny test table: force the choice
    plans = {
        "search_claim_exact_trgm": Claim.objects.filter(exact__icontains="assemblies"),
        "search_claim_summary_trgm": Claim.objects.filter(summary__icontains="ករណី"),
        "search_revision_text_trgm": Revision.objects.filter(text__icontains="ministry"),
        "search_review_rationale_trgm": Review.objects.filter(rationale__icontains="table"),
        "search_source_url_trgm": Source.objects.filter(url__icontains="example"),
        "search_comment_body_trgm": Comment.objects.filter(body__icontains="check"),
    }
    for index, queryset in plans.items():
        assert index in queryset.explain(), index


def test_other_forms_of_a_word_are_found_by_postgresql_full_text_only():
    """PostgreSQL's full text (English stems, search/migrations/0002's index) finds
    "assemblies" for "assembly"; SQLite matches substrings only, and says nothing found."""
    from django.contrib.postgres.search import SearchQuery, SearchVector

    from factcheck.claims.models import Claim
    from factcheck.search.query import KINDS_BY_SLUG

    alice = make_user("alice", role="reviewer")
    claim = make_claim(make_article(TEXT), "185 assemblies", created_by=alice)
    found = group(searched(alice, "assembly"), "claims")
    if connection.vendor != "postgresql":
        assert found == ""
        return
    assert f'href="/claims/{claim.pk}/"' in found
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    words = SearchQuery("assembly", config="english", search_type="websearch")
    plan = (
        Claim.objects.annotate(
            words=SearchVector(*KINDS_BY_SLUG["claims"].full_text, config="english")
        )
        .filter(words=words)
        .explain()
    )
    assert "search_claim_fts" in plan
