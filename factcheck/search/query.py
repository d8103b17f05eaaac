"""One search over what the workbench holds, honouring every access rule.

Five kinds, each its own query: articles (title, publisher, author, the current text),
claims (quote, claim summary, claimant, tags), reviews' rationales, sources (title,
publisher, URL, excerpt) and comments. A result must contain every term (in any of its
kind's fields); terms are matched as substrings, ignoring case, which also finds words in
scripts written without spaces (Khmer, Thai, Chinese) where a word index would not.

Access: only people who may read articles search (articles.access.require_reader). Deleted
claims and everything on them stay out; hidden reviews, sources and comments follow
`for_viewer` (editors see them, their authors see their own); a review's rationale is found
only by those who may see that review under blind review (claims.access: editors, its
author, anyone once blind review is off, or a reviewer who has reviewed the claim).

On PostgreSQL trigram indexes (search/migrations/0001) serve these substring matches, and
its full-text search adds what substrings miss: other forms of a word ("assembly" finds
"assemblies", English stemming) over each kind's own fields (Kind.full_text; indexed by
search/migrations/0002); websearch syntax, so "a phrase" and every word still hold. On
SQLite the substring match scans, measured in bench/bench_search.py (10,000 claims, 1,000
articles). SQLite's LIKE ignores case for ASCII letters only; PostgreSQL's UPPER() for
every script.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from factcheck.articles.access import require_reader
from factcheck.articles.models import Article
from factcheck.claims.models import Claim, Comment, Review, Source
from factcheck.core import roles
from factcheck.text.snippets import search_terms

RESULTS_PER_KIND = 5  # on the page that shows every kind
RESULTS_PER_PAGE = 25  # on a page of one kind


@dataclass(frozen=True)
class Kind:
    slug: str
    label: str
    fields: tuple[str, ...]  # matched as substrings
    # PostgreSQL full text: the kind's fields in its own table (a vector across a join could
    # not be indexed). search/migrations/0002 indexes exactly these vectors: change both.
    full_text: tuple[str, ...]


KINDS = (
    Kind(
        "articles",
        "Articles",
        ("title", "publisher", "author", "current_revision__text"),
        full_text=("title",),
    ),
    Kind(
        "claims",
        "Claims",
        ("exact", "summary", "claimant", "tags__name"),
        full_text=("exact", "summary", "claimant"),
    ),
    Kind("reviews", "Reviews", ("rationale",), full_text=("rationale",)),
    Kind(
        "sources",
        "Sources",
        ("title", "publisher", "url", "excerpt"),
        full_text=("title", "excerpt"),
    ),
    Kind("comments", "Comments", ("body",), full_text=("body",)),
)
KINDS_BY_SLUG = {kind.slug: kind for kind in KINDS}

FULL_TEXT_CONFIG = "english"


def matching(kind: Kind, terms: list[str]) -> Q:
    """Every term in at least one of the kind's fields."""
    return reduce(
        and_,
        (
            reduce(or_, (Q(**{f"{name}__icontains": term}) for name in kind.fields))
            for term in terms
        ),
    )


def searchable(user: Any, kind: Kind) -> QuerySet[Any]:
    """What `user` may find of this kind, newest first, with what a result row shows."""
    if kind.slug == "articles":
        return Article.objects.select_related("current_revision").order_by("-created_at", "-pk")
    if kind.slug == "claims":
        return Claim.objects.visible().select_related("article").order_by("-pk")
    if kind.slug == "reviews":
        reviews = Review.objects.for_viewer(user, author_field="reviewer").filter(
            claim__deleted_at__isnull=True
        )
        if not roles.is_editor(user):
            has_reviewed = Review.objects.filter(claim=OuterRef("claim_id"), reviewer=user)
            reviews = reviews.filter(
                Q(claim__article__blind_review=False) | Q(reviewer=user) | Q(Exists(has_reviewed))
            )
        return reviews.select_related("claim", "reviewer", "rating").order_by("-pk")
    if kind.slug == "sources":
        return (
            Source.objects.for_viewer(user, author_field="added_by")
            .filter(claim__deleted_at__isnull=True)
            .select_related("claim")
            .order_by("-pk")
        )
    return (
        Comment.objects.for_viewer(user, author_field="author")
        .filter(claim__deleted_at__isnull=True)
        .select_related("claim", "author")
        .order_by("-pk")
    )


@dataclass
class Group:
    kind: Kind
    results: list[Any]
    count: int  # how many were found; on the all-kinds page at least this many when `more`
    more: bool = False  # the all-kinds page: there are more than it shows (not counted)
    page: Page | None = None  # when one kind is paged through


@dataclass
class Results:
    query: str
    terms: list[str]
    groups: list[Group] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)

    @property
    def more(self) -> bool:
        return any(group.more for group in self.groups)


def search(user: Any, query: str, *, kind: str = "", page: str | int | None = 1) -> Results:
    """Every kind (a few results each, with how many there are), or one kind paged."""
    require_reader(user)
    terms = search_terms(query)
    results = Results(query=query, terms=terms)
    if not terms:
        return results
    for each in KINDS:
        if kind and each.slug != kind:
            continue
        # distinct(): a claim with two matching tags would otherwise come twice.
        found = searchable(user, each)
        if connection.vendor == "postgresql":
            vector = SearchVector(*each.full_text, config=FULL_TEXT_CONFIG)
            words = SearchQuery(query, config=FULL_TEXT_CONFIG, search_type="websearch")
            found = found.annotate(words=vector).filter(matching(each, terms) | Q(words=words))
        else:
            found = found.filter(matching(each, terms))
        if each.slug == "claims":
            found = found.distinct()
        if kind:
            paged = Paginator(found, RESULTS_PER_PAGE).get_page(page)
            results.groups.append(Group(each, list(paged), paged.paginator.count, page=paged))
        else:
            # One more than shown says whether there are more, without counting them:
            # a count is a second scan of every row, and for a common word the page's
            # largest cost (bench/bench_search.py). The kind's own page counts.
            first = list(found[: RESULTS_PER_KIND + 1])
            more = len(first) > RESULTS_PER_KIND
            results.groups.append(
                Group(each, first[:RESULTS_PER_KIND], len(first[:RESULTS_PER_KIND]), more=more)
            )
    return results
