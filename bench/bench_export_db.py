"""Exports end to end from the database for 100,000 claims (issue 5): the query layer
(factcheck/exports/query.py) and each format, written to os.devnull.

The data is inserted in bulk into a throwaway SQLite database (bench/common.py): 500
articles, 100,000 verified and published claims, each with two reviews, two sources, two
tags and a verdict resting on one source; texts mix English, Khmer and emoji.

Each format then runs in a fresh child process, so its memory figure is its own, and each
export is that process's first: it renders every claim from the database, as every export
does. The RSS growth is the child's peak RSS (getrusage) after the export minus its peak
before it (Django set up, the database opened, the ratings read); the tracemalloc peak comes
from a second, traced run. Throughput is claims per second of wall clock and of CPU time
(SQLite runs in the process, so its reads count as CPU). Targets on a 2-core machine: JSON
Lines >= 20,000/s, CSV >= 40,000/s, ClaimReview and W3C >= 20,000/s, memory growth
< 100 MB. bench/bench_exports.py measures the formats alone, without the database. Each
line is printed as its format finishes; `--reuse` runs again on an earlier run's database.

Run: make bench   (or .venv/bin/python bench/bench_export_db.py [--claims N] [--formats a,b])
"""

import argparse
import gc
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

THROUGHPUT_TARGETS = {"jsonl": 20_000, "csv": 40_000, "claimreview": 20_000, "w3c": 20_000}
MEMORY_TARGET_MB = 100
ARTICLES = 500
BATCH = 5000
NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
SENTENCES = (
    "The US State Department report documented 62 cases of abuse in 2020. ",
    "ក្រសួងការបរទេសសហរដ្ឋអាមេរិកបានចងក្រងករណីរំលោភបំពានចំនួន ៦២ ករណី។ ",
    "Officials said 185 assemblies took place 😀, of which 101 were 'peaceful' 🇰🇭. ",
)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def populate(count: int) -> None:
    from django.contrib.auth.models import User
    from django.db import connection, transaction

    from factcheck.articles.models import Article, Revision
    from factcheck.claims.models import Claim, Rating, Review, Source, Tag, Verdict

    ratings = list(Rating.objects.of_default_scale())
    users = [User.objects.create(username=name) for name in ("alice", "bob", "erin")]
    alice, bob, erin = users
    tags = [Tag.objects.create(name=name) for name in ("statistics", "human rights")]
    text = "".join(SENTENCES) * 4
    per_article = -(-count // ARTICLES)
    with transaction.atomic():
        for n in range(1, ARTICLES + 1):
            Article.objects.create(id=n, title=f"Article {n} 😀", slug=f"a{n}",
                                   source_url=f"https://news.example/{n}", publisher="CamboJA",
                                   language=("en", "km")[n % 2])  # fmt: skip
        Revision.objects.bulk_create(
            Revision(id=n, article_id=n, number=1, text=text, sha256="0" * 64)
            for n in range(1, ARTICLES + 1)
        )
        Article.objects.update(current_revision_id=models_f("id"))

    def batches(make, total):
        for start in range(1, total + 1, BATCH):
            yield [make(n) for n in range(start, min(total, start + BATCH - 1) + 1)]

    def claim(n):
        start = (n * 7) % (len(text) - 80)
        return Claim(id=n, article_id=(n - 1) // per_article + 1,
                     revision_id=(n - 1) // per_article + 1, start=start, end=start + 60,
                     exact=text[start:start + 60], prefix=text[max(0, start - 32):start],
                     suffix=text[start + 60:start + 92], summary=SENTENCES[n % 3][:70],
                     claimant="CamboJA News", claimed_on=date(2021, 4, 1), status="verified",
                     created_by=alice, published_at=NOW, published_by=erin)  # fmt: skip

    def verdict(n):
        return Verdict(id=n, claim_id=n, rating=ratings[n % 6], public_summary=SENTENCES[n % 3],
                       rationale=SENTENCES[(n + 1) % 3] * 2, decided_by=erin,
                       decided_at=NOW - timedelta(minutes=n))  # fmt: skip

    with transaction.atomic():
        for rows in batches(claim, count):
            Claim.objects.bulk_create(rows)
        for rows in batches(verdict, count):
            Verdict.objects.bulk_create(rows)
        for k, who in enumerate((alice, bob)):
            for rows in batches(lambda n, k=k, who=who: Review(
                    id=2 * n - 1 + k, claim_id=n, reviewer=who, rating=ratings[(n + k) % 6],
                    rationale=SENTENCES[(n + k) % 3], confidence="high"), count):  # fmt: skip
                Review.objects.bulk_create(rows)
            for rows in batches(lambda n, k=k, who=who: Source(
                    id=2 * n - 1 + k, claim_id=n, url=f"https://www.state.gov/r/{n}/{k}",
                    title="2020 Country Report", publisher="US Department of State",
                    stance=("supports", "context")[k], excerpt=SENTENCES[n % 3],
                    accessed_on=date(2021, 4, 2), added_by=who), count):  # fmt: skip
                Source.objects.bulk_create(rows)
            for rows in batches(lambda n, k=k: Claim.tags.through(
                    claim_id=n, tag_id=tags[k].pk), count):  # fmt: skip
                Claim.tags.through.objects.bulk_create(rows)
        for rows in batches(lambda n: Verdict.sources.through(verdict_id=n, source_id=2 * n - 1),
                            count):  # fmt: skip
            Verdict.sources.through.objects.bulk_create(rows)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE claims_claim SET verdict_id = id")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def models_f(name):
    from django.db.models import F

    return F(name)


def run_format(name: str) -> dict:
    """In the child: one format, untraced then traced; figures as a dict."""
    from factcheck.exports.query import export_context, public_url_maker, rating_records
    from factcheck.exports.run import prepare

    rating_records()  # opens the database and warms the imports
    public_url_maker(export_context())  # imports the URLconf (and everything views import)
    gc.collect()
    idle = peak_rss_mb()
    with open(os.devnull, "wb") as sink:
        export = prepare(name)
        wall, cpu, written = time.perf_counter(), time.process_time(), 0
        for chunk in export.chunks():
            sink.write(chunk)
            written += len(chunk)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        rss_growth = peak_rss_mb() - idle
        gc.collect()
        tracemalloc.start()
        for chunk in prepare(name).chunks():
            sink.write(chunk)
        traced_peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return {"name": name, "wall": wall, "cpu": cpu, "bytes": written, "rss": rss_growth,
            "traced": traced_peak, "exported": export.manifest.exported,
            "skipped": len(export.manifest.skipped)}  # fmt: skip


def configure(db_path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ["DJANGO_TESTING"] = "1"
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ["SQLITE_PATH"] = db_path
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--formats", default="jsonl,csv,claimreview,w3c,fever,averitec,native")
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    parser.add_argument("--db", default="", help=argparse.SUPPRESS)
    parser.add_argument("--reuse", default="", metavar="FILE",
                        help="a database an earlier run left (its path is printed): skip "
                             "inserting the claims")  # fmt: skip
    options = parser.parse_args()
    if options.child:
        configure(options.db)
        print(json.dumps(run_format(options.child)))
        return

    from bench.common import setup_django

    if options.reuse:
        scratch, db_path = Path(options.reuse).parent, options.reuse
        print(f"reusing {db_path} (run `manage.py migrate` on it after a schema change)")
    else:
        scratch = setup_django()
        db_path = os.environ["SQLITE_PATH"]
        began = time.perf_counter()
        populate(options.claims)
        print(f"{options.claims:,} claims (2 reviews, 2 sources, 2 tags, a verdict each) "
              f"inserted in {time.perf_counter() - began:.0f} s into {db_path}",
              flush=True)  # fmt: skip
    with open(db_path, "rb") as warm:  # the first child should not pay for a cold page cache
        while warm.read(1 << 24):
            pass
    for name in options.formats.split(","):
        child = subprocess.run(
            [sys.executable, __file__, "--child", name, "--db", db_path],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if child.returncode != 0:
            print(f"{name}: failed\n{child.stderr}")
            continue
        r = json.loads(child.stdout.strip().splitlines()[-1])
        count = options.claims
        target = THROUGHPUT_TARGETS.get(name)
        rate = count / r["wall"]
        verdict = f"[{'meets' if rate >= target else 'MISSES'} >= {target:,}/s]" if target else ""
        memory_ok = max(r["traced"], r["rss"]) < MEMORY_TARGET_MB
        print(
            f"{name:<12} {rate:8,.0f} claims/s wall {count / r['cpu']:8,.0f} claims/s CPU "
            f"{r['wall']:6.2f} s  {r['bytes'] / 1e6:6.1f} MB out  {r['exported']:7,} exported "
            f"{r['skipped']:6,} skipped  tracemalloc peak {r['traced']:6.2f} MB  "
            f"RSS growth {r['rss']:5.1f} MB [{'meets' if memory_ok else 'MISSES'} "
            f"< {MEMORY_TARGET_MB} MB] {verdict}",
            flush=True,
        )
    print("native: the whole database (every table) per claim of the run; it has no target.")
    if not options.reuse:
        print(f"scratch database left in {scratch} (delete it when done, or pass it to --reuse)")


if __name__ == "__main__":
    main()
