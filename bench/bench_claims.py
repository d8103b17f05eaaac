"""The annotation workbench's figures (issues 3 and 11), on SQLite, this machine.

One sequential client through the real HTTP endpoints, in process with Django's test
Client (the full middleware stack: database sessions, CSRF enforced, ModelBackend, CSP,
htmx), DEBUG off:
- the reading page with 2,000 sentences and 500 claims (with ~400 reviews): server time
  median/p95 and query count (target <= 25 ms median);
- claim creation, POST claims:create as static/js/reader.js sends it (urlencoded, with the
  CSRF header), 1,000 requests (target p50 <= 4 ms);
- review save, POST claims:review as the panel's form sends it with htmx (urlencoded):
  1,000 first reviews, then 1,000 updates of them (target p50 <= 7 ms);
- the idle "changes since" poll (204): time and query count (target <= 2 ms, <= 4 queries).

Then claim creation against `gunicorn factcheck.wsgi -w N` (N from the README's rule for
this machine's cores: loadtest.recommended_workers) over real HTTP on loopback, on SQLite
and on PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/factcheck_bench,
created and dropped here): one client (target >= 150 claims/s), then 8 concurrent clients
(target: zero errors, zero "database is locked").

Run: make bench   (or .venv/bin/python bench/bench_claims.py [--quick] [--no-load])
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import loadtest
from common import percentile, sentences_text, setup_django, summary

# Sessions made here must be valid for the gunicorn server, so both share one strong key.
SECRET_KEY = loadtest.strong_secret_key()
os.environ["DJANGO_SECRET_KEY"] = SECRET_KEY
scratch = setup_django()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.signals import request_started  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from factcheck.articles.models import Article  # noqa: E402
from factcheck.articles.services import import_article  # noqa: E402
from factcheck.claims.models import Claim, Rating  # noqa: E402
from factcheck.claims.services import create_claim, record_review  # noqa: E402
from factcheck.history.models import Event  # noqa: E402
from factcheck.text import quote_at  # noqa: E402

PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/factcheck_bench")
rows: list[tuple[str, ...]] = []  # the summary table
# Per-request CPU time of this thread (the in-process server's work): steadier than wall
# time when other processes share the two cores, and shown beside it.
cpu_times: list[float] = []


def report(name: str, times: list[float], queries: int | None, target: str, ok: bool) -> None:
    cpu = statistics.median(cpu_times) if cpu_times else float("nan")
    print(
        f"{name:<34} {summary(times)}  cpu median {cpu:6.2f} ms"
        f"  queries {queries if queries is not None else '-'}"
        f"  [{target}: {'meets target' if ok else 'MISSES target'}]"
    )
    rows.append(
        (
            name,
            f"{statistics.median(times):.2f}",
            f"{percentile(times, 0.95):.2f}",
            f"{cpu:.2f}",
            str(queries if queries is not None else "-"),
            f"{target}: {'ok' if ok else 'MISSED'}",
        )
    )
    cpu_times.clear()


def clock(function, *args):
    """Call function(*args); returns (result, wall ms), recording the CPU ms."""
    began, cpu = time.perf_counter(), time.thread_time()
    result = function(*args)
    cpu_times.append((time.thread_time() - cpu) * 1000)
    return result, (time.perf_counter() - began) * 1000


def counted(function) -> int:
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


def sentence_ranges(article: Article) -> list[tuple[int, int]]:
    return list(
        article.current_revision.spans.filter(kind="sentence")
        .order_by("index")
        .values_list("start", "end")
    )


def browser_client(user: User, article: Article) -> tuple[Client, dict[str, str]]:
    """A client that enforces CSRF like a browser session: the token comes from a page."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get(article.get_absolute_url())
    token = client.cookies["csrftoken"].value
    return client, {"X-CSRFToken": token, "HX-Request": "true"}


FORM = "application/x-www-form-urlencoded"  # what htmx and reader.js's fetch send


def form_post(client: Client, url: str, data: dict[str, object], headers: dict[str, str]):
    """POST `data` as a browser's form post through htmx or fetch(URLSearchParams) sends it
    (the test client would otherwise send multipart/form-data, which no page here does)."""
    return client.post(url, urlencode(data), content_type=FORM, headers=headers)


def seed_reading_article(alice: User, bob: User) -> Article:
    """2,000 sentences, 500 claims (every fourth sentence), reviews on about 400 of them,
    some contested: what a busy article looks like."""
    article = import_article(content=sentences_text(2000), title="Reading", created_by=alice)
    revision = article.current_revision
    text = revision.text
    ratings = list(Rating.objects.of_default_scale())
    for number, (start, end) in enumerate(sentence_ranges(article)[::4][:500]):
        claim = create_claim(
            article_id=article.pk,
            revision_id=revision.pk,
            start=start,
            end=end,
            quote=quote_at(text, start, end),
            created_by=alice,
        )
        if number % 2 == 0:
            record_review(claim=claim, reviewer=alice, rating=ratings[0], rationale="Checked.")
        if number % 3 == 0:
            record_review(
                claim=claim,
                reviewer=bob,
                rating=ratings[5 if number % 4 == 0 else 0],
                rationale="Looked at the report.",
            )
    return article


def bench_reading(alice: User, article: Article, repeat: int) -> None:
    client, _ = browser_client(alice, article)
    url = article.get_absolute_url()
    client.get(url)
    queries = counted(lambda: client.get(url))
    response = client.get(url)
    assert response.status_code == 200
    assert response.text.count('class="claim-row ') == 500
    times = timed_calls(lambda: client.get(url), repeat)
    report(
        "reading page 2,000 s. / 500 claims",
        times,
        queries,
        "<= 25 ms median",
        statistics.median(times) <= 25,
    )


def timed_calls(function, repeat: int) -> list[float]:
    return [clock(function)[1] for _ in range(repeat)]


def bench_create(alice: User, count: int) -> tuple[Article, list[int]]:
    article = import_article(content=sentences_text(2000), title="Creating", created_by=alice)
    client, headers = browser_client(alice, article)
    revision = article.current_revision
    text = revision.text
    url = reverse("claims:create", args=[article.pk])
    ranges = sentence_ranges(article)

    def body(number: int) -> dict[str, object]:
        start, end = ranges[number % len(ranges)]
        # The sentence's "N cases" phrase: a sub-sentence range like a reader's selection.
        words = text[start:end].split(" ")
        first = start + len(" ".join(words[:4])) + 1
        last = first + len(words[4]) + 1 + len(words[5])
        quote = quote_at(text, first, last)
        return {
            "revision": revision.pk,
            "start": first,
            "end": last,
            "exact": quote.exact,
            "prefix": quote.prefix,
            "suffix": quote.suffix,
        }

    queries = counted(lambda: form_post(client, url, body(0), headers))
    times = []
    for number in range(1, count + 1):
        data = body(number)
        response, took = clock(lambda data=data: form_post(client, url, data, headers))
        times.append(took)
        assert response.status_code == 201, response.content[:300]
    ok = statistics.median(times) <= 4
    report(f"claim creation x{count}", times, queries, "p50 <= 4 ms", ok)
    # The 201 is a stub whose hx-trigger="load" fetches the panel: that GET, for the record.
    claim_ids = list(
        Claim.objects.filter(article=article).order_by("pk").values_list("pk", flat=True)
    )
    panel = [reverse("claims:detail", args=[pk]) for pk in claim_ids[: min(count, 300)]]
    hx = {"HX-Request": "true"}
    queries = counted(lambda: client.get(panel[0], headers=hx))
    times = [clock(lambda url=url: client.get(url, headers=hx))[1] for url in panel]
    report("  then its panel (GET, not a target)", times, queries, "none", True)
    return article, claim_ids


def bench_review(bob: User, article: Article, claim_ids: list[int], count: int) -> None:
    client, headers = browser_client(bob, article)
    rating_ids = list(Rating.objects.of_default_scale().values_list("pk", flat=True))

    def save(claim_id: int, number: int, version: int | None) -> int:
        data = {
            "rating": rating_ids[number % len(rating_ids)],
            "confidence": "medium",
            "rationale": f"Checked against the report, page {number}.",
        }
        if version:
            data["version"] = version
        response = form_post(client, reverse("claims:review", args=[claim_id]), data, headers)
        return response.status_code

    claim_ids = claim_ids[: count + 1]
    # First reviews, then updates of them (version 1 -> 2); the first claim is the warm-up
    # whose request is counted.
    for label, version in (("review save (first)", None), ("review save (update)", 1)):
        queries = counted(lambda version=version: save(claim_ids[0], 7, version))
        times = []
        for number, claim_id in enumerate(claim_ids[1:], 1):
            status, took = clock(save, claim_id, number + (version or 0), version)
            times.append(took)
            assert status == 200, status
        ok = statistics.median(times) <= 7
        report(f"{label} x{len(times)}", times, queries, "p50 <= 7 ms", ok)


def bench_poll(alice: User, article: Article, repeat: int) -> None:
    client, _ = browser_client(alice, article)
    since = Event.objects.filter(article=article).order_by("-pk").values_list("pk", flat=True)[0]
    url = reverse("claims:changes", args=[article.pk]) + f"?since={since}"
    headers = {"HX-Request": "true"}
    assert client.get(url, headers=headers).status_code == 204
    queries = counted(lambda: client.get(url, headers=headers))
    times = timed_calls(lambda: client.get(url, headers=headers), repeat)
    ok = statistics.median(times) <= 2 and queries <= 4
    report("idle poll (204)", times, queries, "<= 2 ms, <= 4 queries", ok)


def bench_load(runs: list[tuple[int, int]], *, with_pg: bool) -> list:
    """Each (clients, requests per client) of `runs` against a fresh database per server."""
    static_root = scratch / "static"
    results = []
    sqlite_env = loadtest.server_env(
        {"SQLITE_PATH": str(scratch / "load.sqlite3")}, static_root, SECRET_KEY
    )
    targets = [("SQLite", sqlite_env)]
    if with_pg:
        pg_env = pg_database()
        if pg_env is not None:
            targets.append(("PostgreSQL", loadtest.server_env(pg_env, static_root, SECRET_KEY)))
    try:
        for label, env in targets:
            seed = loadtest.prepare_database(env, max(clients for clients, _ in runs))
            for clients, per_client in runs:
                result = loadtest.run(
                    label,
                    env,
                    seed,
                    clients=clients,
                    per_client=per_client,
                    log_path=scratch / f"gunicorn-{label}-{clients}.log",
                )
                results.append(result)
                clean = result.errors == 0 and result.locked == 0
                if clients == 1:
                    target, ok = ">= 150 claims/s, zero errors", clean and result.throughput >= 150
                else:
                    target, ok = "zero errors, zero locked", clean
                print(f"{result.line()}  [{target}: {'meets' if ok else 'MISSES'} target]")
                for sample in result.samples:
                    print(f"    e.g. {sample}")
    finally:
        if with_pg:
            drop_pg_database()
    return results


def pg_database() -> dict[str, str] | None:
    try:
        import psycopg
    except ImportError:
        print("PostgreSQL: psycopg is not installed; skipped")
        return None
    base, _, name = PG_URL.rpartition("/")
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=5) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        print(f"PostgreSQL at {base}: not reachable ({error}); skipped")
        return None
    return {"DATABASE_URL": PG_URL}


def drop_pg_database() -> None:
    import psycopg

    base, _, name = PG_URL.rpartition("/")
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=5) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except psycopg.Error:
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer requests (a smoke run)")
    parser.add_argument("--no-load", action="store_true", help="skip the gunicorn load test")
    parser.add_argument("--no-pg", action="store_true", help="load test on SQLite only")
    args = parser.parse_args()
    count = 100 if args.quick else 1000
    request_started.disconnect(reset_queries)  # keep the query log for the counts

    reviewer = Group.objects.get(name="reviewer")
    alice = User.objects.create_user("alice")
    bob = User.objects.create_user("bob")
    for user in (alice, bob):
        user.groups.add(reviewer)
    print(
        f"SQLite {connection.Database.sqlite_version}, Python {sys.version.split()[0]}, "
        f"DEBUG off, in-process test Client with CSRF enforced"
    )
    reading = seed_reading_article(alice, bob)
    bench_reading(alice, reading, 30 if args.quick else 100)
    article, claim_ids = bench_create(alice, count)
    bench_review(bob, article, claim_ids, count)
    bench_poll(alice, article, count)

    print("\n| measurement | median ms | p95 ms | CPU median ms | queries | target |")
    print("|---|---:|---:|---:|---:|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if not args.no_load:
        print(
            f"\nClaim creation, gunicorn -w {loadtest.GUNICORN_WORKERS} ({os.cpu_count()} cores),"
            " real HTTP on loopback:"
        )
        per_client = 25 if args.quick else 100
        bench_load([(1, 8 * per_client), (8, per_client)], with_pg=not args.no_pg)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
