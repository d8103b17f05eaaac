"""Exports end to end from the database for 100,000 claims (issue 5): the query layer
(factcheck/exports/query.py) and each format, written to os.devnull.

The data is inserted in bulk into a throwaway SQLite database (bench/common.py): 500
articles, 100,000 verified and published claims, each with two reviews, two sources, two
tags and a verdict resting on one source; texts mix English, Khmer and emoji.

Each format then runs in a fresh child process, so its memory figure is its own: the RSS
growth is the child's peak RSS (getrusage) after the export minus its peak before it
(Django set up, the database opened, the ratings read); the tracemalloc peak comes from a
second, traced run. Throughput is claims per second of wall clock and of CPU time (SQLite
runs in the process, so its reads count as CPU). Targets: JSON Lines and CSV >= 50,000/s,
ClaimReview and W3C >= 20,000/s, memory growth < 100 MB. bench/bench_exports.py measures the
formats alone, without the database.

JSON Lines and CSV keep each claim's rendered line in the database (exports/cache.py), so
they report three runs: the first export (renders every claim and stores its line: the cost
of a cold cache, which `manage.py fill_export_cache` pays ahead of the first download after
a deployment or a restore), a repeat export (reads the lines back), and an export after 1%
of the claims changed (those are rendered again). The traced run starts from an empty cache.

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

THROUGHPUT_TARGETS = {"jsonl": 50_000, "csv": 50_000, "claimreview": 20_000, "w3c": 20_000}
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
    """In the child: one format, untraced then traced; figures as a dict.

    The line formats (JSON Lines, CSV) keep each claim's rendered line (exports/cache.py):
    for them the first export renders every claim and stores the lines, a repeat export
    reads them back, and a third runs after 1% of the claims changed (a review of every
    hundredth claim edited), which re-renders those. The traced run starts from an empty
    cache again, so its memory figure is the first export's."""
    from factcheck.claims.models import Review
    from factcheck.exports import cache
    from factcheck.exports.formats import FORMATS
    from factcheck.exports.query import export_context, public_url_maker, rating_records
    from factcheck.exports.run import prepare

    rating_records()  # opens the database and warms the imports
    public_url_maker(export_context())  # imports the URLconf (and everything views import)
    cached = name in FORMATS and cache.applies(FORMATS[name])
    if cached:
        cache.clear()  # a reused database may hold an earlier run's lines
    gc.collect()
    idle = peak_rss_mb()
    runs = [timed_export(name, "first export" if cached else "")]
    rss_growth = peak_rss_mb() - idle
    if cached:
        runs[0]["stored_mb"] = stored_mb()
        runs.append(timed_export(name, "repeat export"))
        claims = runs[0]["exported"]
        Review.objects.filter(claim_id__in=range(1, claims + 1, 100)).update(
            rationale="Edited after the first export: a second source disagrees."
        )
        runs.append(timed_export(name, "after 1% edited"))
        cache.clear()
    gc.collect()
    tracemalloc.start()
    with open(os.devnull, "wb") as sink:
        for chunk in prepare(name).chunks():
            sink.write(chunk)
    traced_peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return {"name": name, "runs": runs, "rss": rss_growth, "traced": traced_peak}


def timed_export(name: str, label: str) -> dict:
    from factcheck.exports.run import prepare

    with open(os.devnull, "wb") as sink:
        export = prepare(name)
        wall, cpu, written = time.perf_counter(), time.process_time(), 0
        for chunk in export.chunks():
            sink.write(chunk)
            written += len(chunk)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    manifest = export.manifest
    return {"label": label, "wall": wall, "cpu": cpu, "bytes": written,
            "exported": manifest.exported, "skipped": len(manifest.skipped)}  # fmt: skip


def stored_mb() -> float:
    """The stored lines' size: what the cache adds to the database, before page overhead."""
    from django.db.models import Sum
    from django.db.models.functions import Length

    from factcheck.exports.models import RenderedClaim

    return (RenderedClaim.objects.aggregate(size=Sum(Length("body")))["size"] or 0) / 1e6


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
              f"inserted in {time.perf_counter() - began:.0f} s into {db_path}")  # fmt: skip
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
        memory_ok = max(r["traced"], r["rss"]) < MEMORY_TARGET_MB
        for run in r["runs"]:
            rate = count / run["wall"]
            met = "meets" if target and rate >= target else "MISSES"
            verdict = f"[{met} >= {target:,}/s]" if target else ""
            label = f"{name} ({run['label']})" if run["label"] else name
            print(
                f"{label:<30} {rate:8,.0f} claims/s wall {count / run['cpu']:8,.0f} claims/s CPU "
                f"{run['wall']:6.2f} s  {run['bytes'] / 1e6:6.1f} MB out  "
                f"{run['exported']:7,} exported {run['skipped']:6,} skipped {verdict}"
            )
            if "stored_mb" in run:
                print(f"{'':<30} stored lines: {run['stored_mb']:.0f} MB in the database")
        print(
            f"{'':<30} memory: tracemalloc peak {r['traced']:6.2f} MB, RSS growth "
            f"{r['rss']:5.1f} MB [{'meets' if memory_ok else 'MISSES'} < {MEMORY_TARGET_MB} MB]"
        )
    print("native: the whole database (every table) per claim of the run; it has no target.")
    if not options.reuse:
        print(f"scratch database left in {scratch} (delete it when done, or pass it to --reuse)")


if __name__ == "__main__":
    main()
