"""The JSON API's figures beside the pages' (issue 15), on SQLite, this machine.

In process with Django's test Client (the full middleware stack), DEBUG off. The API
requests carry `Authorization: Bearer <token>` and no session, as a script sends them;
the page requests are a logged-in browser's (session, CSRF header), as bench_claims.py
sends them. Request budgets are raised so the limiter never refuses here; its work (two
cache operations a request) is in the API figures.

- Claim creation: `--creations` POST /api/v1/articles/{id}/claims (JSON) on a
  2,000-sentence article, beside as many through the reading page's endpoint
  (claims:create, urlencoded as static/js/reader.js posts it). p50/p95 and queries.
- Listing: every claim of one article with 2,000 claims (one per sentence), page after
  page through the cursor, at the default limit (50) and the largest (200): the whole
  walk's time, each page's p50/p95, and each page's query count (flat: the last page
  costs what the first does). Beside: the reading page of that article, which draws the
  same 2,000 claims in one response.

Run: .venv/bin/python bench/bench_api.py [--quick] [--rounds 5] [--creations 300]
"""

import argparse
import json
import os
import statistics
import sys
from collections import Counter
from pathlib import Path

# Before Django reads its settings (bench_claims sets Django up on import).
os.environ["FACTCHECK_API_RATE"] = "1000000/minute"
os.environ["FACTCHECK_API_WRITE_RATE"] = "1000000/minute"
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_claims  # sets Django up on a scratch database, so it comes first
from bench_claims import browser_client, clock, counted, form_post, sentence_ranges
from common import percentile, sentences_text, summary
from django.contrib.auth.models import Group, User
from django.core.signals import request_started
from django.db import connection, reset_queries
from django.test import Client
from django.urls import reverse
from tqdm import tqdm

from factcheck.api.services import create_token
from factcheck.articles.models import Article
from factcheck.articles.services import import_article
from factcheck.claims.models import Claim
from factcheck.claims.services import create_claim
from factcheck.text import quote_at


def cpu_median() -> float:
    """The median CPU ms of this thread per request since the last call (bench_claims.clock
    records them): steadier than wall time when other processes share the cores."""
    median = statistics.median(bench_claims.cpu_times)
    bench_claims.cpu_times.clear()
    return median


def line(name: str, times: list[float], queries: object) -> None:
    print(f"  {name:<40} {summary(times)}  cpu median {cpu_median():6.2f} ms  queries {queries}")


def phrase_bodies(article: Article, count: int) -> list[dict[str, object]]:
    """`count` claims on the "N cases" phrase of successive sentences (a reader's
    selection inside a sentence), as bench_claims.bench_create makes them."""
    revision = article.current_revision
    text = revision.text
    bodies = []
    for start, end in sentence_ranges(article)[:count]:
        words = text[start:end].split(" ")
        first = start + len(" ".join(words[:4])) + 1
        last = first + len(words[4]) + 1 + len(words[5])
        quote = quote_at(text, first, last)
        bodies.append(
            {
                "revision": revision.pk,
                "start": first,
                "end": last,
                "exact": quote.exact,
                "prefix": quote.prefix,
                "suffix": quote.suffix,
            }
        )
    return bodies


def api_post(client: Client, raw: str, url: str, body: dict[str, object]):
    return client.post(url, json.dumps(body), content_type="application/json", headers=bearer(raw))


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def bench_creation(alice: User, raw: str, count: int) -> None:
    print(f"\nClaim creation, {count} claims on a 2,000-sentence article:")
    api_article = import_article(content=sentences_text(2000), title="API", created_by=alice)
    page_article = import_article(content=sentences_text(2000), title="Page", created_by=alice)
    api = Client(enforce_csrf_checks=True)
    url = f"/api/v1/articles/{api_article.pk}/claims"
    bodies = phrase_bodies(api_article, count + 1)
    queries = counted(lambda: api_post(api, raw, url, bodies[0]))
    bench_claims.cpu_times.clear()
    times = []
    for body in tqdm(bodies[1:], desc="API creations", unit="claim", leave=False):
        response, took = clock(lambda body=body: api_post(api, raw, url, body))
        assert response.status_code == 201, response.content[:300]
        times.append(took)
    line("API POST .../claims (token, JSON)", times, queries)

    page, headers = browser_client(alice, page_article)
    url = reverse("claims:create", args=[page_article.pk])
    bodies = phrase_bodies(page_article, count + 1)
    queries = counted(lambda: form_post(page, url, bodies[0], headers))
    bench_claims.cpu_times.clear()
    times = []
    for body in tqdm(bodies[1:], desc="page creations", unit="claim", leave=False):
        response, took = clock(lambda body=body: form_post(page, url, body, headers))
        assert response.status_code == 201, response.content[:300]
        times.append(took)
    line("page claims:create (session, form)", times, queries)


def seed_claims_on_every_sentence(alice: User) -> Article:
    article = import_article(content=sentences_text(2000), title="Listing", created_by=alice)
    revision = article.current_revision
    for start, end in tqdm(sentence_ranges(article), desc="seeding 2,000 claims", unit="claim"):
        create_claim(
            article_id=article.pk,
            revision_id=revision.pk,
            start=start,
            end=end,
            quote=quote_at(revision.text, start, end),
            created_by=alice,
        )
    assert Claim.objects.filter(article=article).count() == 2000
    return article


def walk(client: Client, raw: str, article: Article, limit: int) -> list[float]:
    """Every page of the article's claims, following next_cursor: each page's ms."""
    times = []
    for page_url in page_urls(client, raw, article, limit):
        times.append(clock(lambda u=page_url: client.get(u, headers=bearer(raw)))[1])
    return times


def page_urls(client: Client, raw: str, article: Article, limit: int) -> list[str]:
    """The URL of every page, found by walking the cursor once (checking all 2,000 come)."""
    url = f"/api/v1/articles/{article.pk}/claims?limit={limit}"
    urls, cursor, seen = [], None, 0
    while True:
        urls.append(url + (f"&cursor={cursor}" if cursor else ""))
        body = client.get(urls[-1], headers=bearer(raw)).json()
        seen += len(body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == 2000, seen
    return urls


def queries_per_page(client: Client, raw: str, article: Article, limit: int) -> list[int]:
    urls = page_urls(client, raw, article, limit)
    return [counted(lambda u=u: client.get(u, headers=bearer(raw))) for u in urls]


def bench_listing(alice: User, raw: str, rounds: int) -> None:
    article = seed_claims_on_every_sentence(alice)
    api = Client(enforce_csrf_checks=True)
    print("\nEvery claim of an article with 2,000 claims:")
    for limit in (50, 200):
        walk(api, raw, article, limit)  # warm
        bench_claims.cpu_times.clear()
        totals, pages = [], []
        for _ in range(rounds):
            times = walk(api, raw, article, limit)
            totals.append(sum(times))
            pages += times
        cpu = cpu_median()
        counts = Counter(queries_per_page(api, raw, article, limit))
        per_page = ", ".join(f"{n} queries x{pages}" for n, pages in sorted(counts.items()))
        print(
            f"  API, {2000 // limit} pages of {limit}: whole walk median "
            f"{statistics.median(totals):7.1f} ms (p95 {percentile(totals, 0.95):.1f}, "
            f"{rounds} walks); per page {summary(pages)}, cpu median {cpu:.2f} ms; {per_page}"
        )

    page, _ = browser_client(alice, article)
    url = article.get_absolute_url()
    response = page.get(url)
    assert response.status_code == 200
    assert response.text.count('class="claim-row ') == 2000
    queries = counted(lambda: page.get(url))
    bench_claims.cpu_times.clear()
    times = [clock(lambda: page.get(url))[1] for _ in range(max(5, rounds * 4))]
    line("reading page, the same 2,000 claims", times, queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer requests (a smoke run)")
    parser.add_argument("--rounds", type=int, default=5, help="walks through every page")
    parser.add_argument("--creations", type=int, default=300)
    args = parser.parse_args()
    request_started.disconnect(reset_queries)  # keep the query log for the counts
    bench_claims.cpu_times.clear()

    alice = User.objects.create_user("alice")
    alice.groups.add(Group.objects.get(name="reviewer"))
    _, raw = create_token(user=alice, name="bench", scope="read-write")
    print(
        f"SQLite {connection.Database.sqlite_version}, Python {sys.version.split()[0]}, "
        "DEBUG off, in-process test Client; API with a Bearer token, pages with a session"
    )
    bench_creation(alice, raw, 50 if args.quick else args.creations)
    bench_listing(alice, raw, 1 if args.quick else args.rounds)


if __name__ == "__main__":
    main()
