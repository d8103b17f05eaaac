"""The editors' pages with a newsroom's worth of data (issue 4), on SQLite, this machine.

Generates 10,000 claims over 50 articles and 30,000 reviews from 25 reviewers (three per
claim, spread over 26 weeks; a tenth of the claims verified with a verdict, the rest in
review or contested as their reviews say) plus 300 open flags, with bulk inserts (not the
services: only the volume matters here). Then, for an editor, through the full middleware
stack with Django's test Client (DEBUG off):
- the decisions queue (decisions:queue): first page, a later page, a filtered page;
- the dashboard (dashboard:index);
server time median/p95 (wall, and this thread's CPU time, steadier on a shared machine)
and query count for each (target <= 80 ms median; the query counts are pinned in
tests/editorial/test_queue.py and tests/dashboard/). The dashboard keeps its agreement
figures a minute per process, so it is measured both ways.

Run: make bench   (or .venv/bin/python bench/bench_editorial.py [--quick])
"""

import argparse
import datetime as dt
import random
import statistics
import time

from common import percentile, setup_django, summary

setup_django()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.signals import request_started  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from factcheck.articles.services import import_article  # noqa: E402
from factcheck.claims.models import Claim, Rating, Review, Verdict  # noqa: E402
from factcheck.dashboard.queries import AGREEMENT_CACHE_KEY  # noqa: E402
from factcheck.moderation.models import Flag  # noqa: E402

ARTICLES = 50
REVIEWERS = 25
REVIEWS_PER_CLAIM = 3
WEEKS = 26
BATCH = 2000


def article_text(number: int) -> str:
    return "\n\n".join(
        " ".join(
            f"Article {number} sentence {n} says {n * 7} cases were counted."
            for n in range(p * 10, p * 10 + 10)
        )
        for p in range(20)
    )


@transaction.atomic
def generate(claims_total: int) -> dict[str, float]:
    rng = random.Random(2026)
    timings = {}
    began = time.perf_counter()
    editor = User.objects.create_user("editor")
    editor.groups.add(Group.objects.get(name="editor"))
    reviewers = User.objects.bulk_create(User(username=f"reviewer{n:02}") for n in range(REVIEWERS))
    Group.objects.get(name="reviewer").user_set.add(*reviewers)
    articles = [
        import_article(content=article_text(n), title=f"Article {n:02}", created_by=editor)
        for n in range(ARTICLES)
    ]
    timings["articles"] = time.perf_counter() - began

    began = time.perf_counter()
    ratings = list(Rating.objects.of_default_scale())
    claims = []
    plans = []  # per claim: its reviewers' ratings, and whether it gets a verdict
    for number in range(claims_total):
        article = articles[number % ARTICLES]
        text = article.current_revision.text
        start = rng.randrange(0, len(text) - 40)
        end = start + rng.randint(8, 40)
        agree = rng.random() < 0.55
        first = rng.randrange(len(ratings))
        given = [first if agree else rng.randrange(len(ratings)) for _ in range(REVIEWS_PER_CLAIM)]
        verified = rng.random() < 0.1
        status = (
            Claim.Status.VERIFIED
            if verified
            else Claim.Status.IN_REVIEW
            if len(set(given)) == 1
            else Claim.Status.CONTESTED
        )
        plans.append((given, verified))
        claims.append(
            Claim(
                article=article,
                revision=article.current_revision,
                start=start,
                end=end,
                exact=text[start:end],
                created_by=reviewers[number % 7],
                status=status,
            )
        )
    Claim.objects.bulk_create(claims, batch_size=BATCH)
    timings["claims"] = time.perf_counter() - began

    began = time.perf_counter()
    reviews = []
    for number, (claim, (given, _)) in enumerate(zip(claims, plans, strict=True)):
        chosen = rng.sample(range(REVIEWERS), REVIEWS_PER_CLAIM)
        for who, rating_index in zip(chosen, given, strict=True):
            reviews.append(
                Review(
                    claim=claim,
                    reviewer=reviewers[who],
                    rating=ratings[rating_index],
                    rationale=f"Checked claim {number} against the report.",
                )
            )
    Review.objects.bulk_create(reviews, batch_size=BATCH)
    # created_at is auto_now_add (bulk_create sets it to now): spread the reviews over the
    # last WEEKS weeks afterwards, one UPDATE per week.
    now = timezone.now()
    ids = [review.pk for review in reviews]
    rng.shuffle(ids)
    per_week = len(ids) // WEEKS + 1
    for week in range(WEEKS):
        chunk = ids[week * per_week : (week + 1) * per_week]
        for part in range(0, len(chunk), 900):  # SQLite's bound-parameter limit
            Review.objects.filter(pk__in=chunk[part : part + 900]).update(
                created_at=now - dt.timedelta(weeks=week, hours=rng.randrange(0, 160))
            )
    timings["reviews"] = time.perf_counter() - began

    began = time.perf_counter()
    verdicts = [
        Verdict(
            claim=claim,
            rating=ratings[given[0]],
            public_summary="Checked.",
            rationale="The report says so.",
            decided_by=editor,
            decided_at=now,
        )
        for claim, (given, verified) in zip(claims, plans, strict=True)
        if verified
    ]
    Verdict.objects.bulk_create(verdicts, batch_size=BATCH)
    for verdict in verdicts:
        verdict.claim.verdict = verdict
    Claim.objects.bulk_update([v.claim for v in verdicts], ["verdict"], batch_size=BATCH)
    Flag.objects.bulk_create(
        (
            Flag(
                review=review,
                claim=review.claim,
                reason="Please check this rationale.",
                flagged_by=editor,
            )
            for review in reviews[::100]
        ),
        batch_size=BATCH,
    )
    timings["verdicts and flags"] = time.perf_counter() - began
    return timings


def measure(
    name: str,
    client: Client,
    url: str,
    repeat: int,
    target_ms: float,
    results: list[tuple[str, ...]],
    before=lambda: None,
) -> None:
    """`before` runs ahead of each request, untimed (e.g. dropping a cached figure)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    before()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times, cpu = [], []
    for _ in range(repeat):
        before()
        began, began_cpu = time.perf_counter(), time.thread_time()
        client.get(url)
        cpu.append((time.thread_time() - began_cpu) * 1000)
        times.append((time.perf_counter() - began) * 1000)
    median = statistics.median(times)
    ok = median <= target_ms
    print(
        f"{name:<32} {summary(times)}  cpu median {statistics.median(cpu):6.2f} ms  "
        f"queries {len(queries)}  [<= {target_ms:.0f} ms median: "
        f"{'meets target' if ok else 'MISSES target'}]"
    )
    results.append(
        (
            name,
            f"{median:.2f}",
            f"{percentile(times, 0.95):.2f}",
            f"{statistics.median(cpu):.2f}",
            str(len(queries)),
            "ok" if ok else "MISSED",
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="1,000 claims, fewer repeats")
    args = parser.parse_args()
    claims_total = 1000 if args.quick else 10_000
    repeat = 15 if args.quick else 50
    request_started.disconnect(reset_queries)  # keep the query log for the counts

    began = time.perf_counter()
    timings = generate(claims_total)
    print(
        f"SQLite {connection.Database.sqlite_version}: generated "
        f"{Claim.objects.count():,} claims, {Review.objects.count():,} reviews, "
        f"{Verdict.objects.count():,} verdicts, {Flag.objects.count():,} flags in "
        f"{time.perf_counter() - began:.1f} s ("
        + ", ".join(f"{key} {value:.1f} s" for key, value in timings.items())
        + ")"
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as a long-running database would have statistics

    client = Client()
    client.force_login(User.objects.get(username="editor"))
    results: list[tuple[str, ...]] = []
    try:
        queue = reverse("decisions:queue")
    except NoReverseMatch:
        print("decisions queue: not built yet (no decisions:queue URL); skipped")
    else:
        measure("decisions queue, page 1", client, queue, repeat, 80, results)
        measure("decisions queue, page 40", client, queue + "?page=40", repeat, 80, results)
        measure(
            "decisions queue, filtered",
            client,
            queue + "?status=contested&rating=false&reviewer=reviewer03",
            repeat,
            80,
            results,
        )
    dashboard = reverse("dashboard:index")
    measure("dashboard", client, dashboard, repeat, 80, results)
    # The agreement figures (every review, Krippendorff's alpha) are kept a minute per
    # process (dashboard.queries.agreement): the first request after that pays for them.
    measure(
        "dashboard, agreement recomputed",
        client,
        dashboard,
        max(5, repeat // 5),
        80,
        results,
        before=lambda: cache.delete(AGREEMENT_CACHE_KEY),
    )

    print("\n| page | median ms | p95 ms | CPU median ms | queries | <= 80 ms median |")
    print("|---|---:|---:|---:|---:|---|")
    for row in results:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
