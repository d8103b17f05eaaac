"""Export format throughput and memory for 100,000 claims (issue 5).

Measures the FORMAT LAYER ONLY: records are built up front (a pool of 1,000 distinct claims
with two sources, two reviews and mixed English / Khmer / emoji / Arabic text, cycled
lazily to 100,000), and the output goes to os.devnull. The query layer (models -> records)
is not included, so a real export also pays for its database reads.

Per format it prints:
- throughput in claims/s, wall clock and CPU time (CPU time is steadier on a shared
  machine); targets: JSON Lines and CSV >= 50,000/s, ClaimReview and W3C >= 20,000/s;
- memory: the tracemalloc peak while exporting 100,000 claims (a second, traced run), and
  the growth of the process's peak RSS (getrusage) over the idle process; target < 100 MB.
  FEVER and AVeriTeC skip a third of the pool (a rating with no dataset label), so their
  manifests list 33,300 skipped claims: that list is most of their memory.

Run: make bench   (or .venv/bin/python bench/bench_exports.py [--claims N])
"""

import argparse
import gc
import itertools
import os
import resource
import sys
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factcheck.exports.formats import FORMATS
from factcheck.exports.records import (
    ArticleRecord,
    ClaimRecord,
    ExportContext,
    Manifest,
    RatingRecord,
    ReviewRecord,
    SourceRecord,
)

THROUGHPUT_TARGETS = {"jsonl": 50_000, "csv": 50_000, "claimreview": 20_000, "w3c": 20_000}
MEMORY_TARGET_MB = 100
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
CONTEXT = ExportContext(
    organisation_name="CamboJA Fact Check",
    organisation_url="https://factcheck.example/about",
    base_url="https://factcheck.example",
    generated_at=NOW,
)
TEXTS = (
    "The US State Department report documented 62 cases of abuse in 2020.",
    "ក្រសួងការបរទេសសហរដ្ឋអាមេរិកបានចងក្រងករណីរំលោភបំពានចំនួន ៦២ ករណី។",
    "Officials said 185 assemblies took place 😀, of which 101 were 'peaceful' 🇰🇭.",
    "قال المسؤولون إن 185 تجمعا جرت، منها 101 سلمية",
)
RATINGS = (
    RatingRecord("True", "true", 6, 6, 1, True, "SUPPORTS", "Supported", "default"),
    RatingRecord("Misleading", "misleading", 3, 6, 1, True, "", "", "default"),
    RatingRecord("False", "false", 1, 6, 1, True, "REFUTES", "Refuted", "default"),
)


def pool(size: int = 1000) -> list[ClaimRecord]:
    articles = [
        ArticleRecord(n, f"Article {n}: {TEXTS[n % 4][:40]}", f"https://news.example/{n}",
                      "CamboJA News", "Staff", ("en", "km")[n % 2], date(2021, 4, 1))
        for n in range(size // 20 + 1)
    ]  # fmt: skip
    records = []
    for n in range(size):
        text = TEXTS[n % len(TEXTS)]
        rating = RATINGS[n % len(RATINGS)]
        sources = tuple(
            SourceRecord(2 * n + k, f"https://www.state.gov/report/{n}/{k}", "2020 Country Report",
                         "US Department of State", ("refutes", "context")[k], text,
                         date(2021, 4, 2), f"https://web.archive.org/web/2021/{n}/{k}", "alice",
                         k == 0)
            for k in range(2)
        )  # fmt: skip
        reviews = tuple(
            ReviewRecord(2 * n + k, ("alice", "bob")[k], rating, text, "high",
                         NOW - timedelta(days=3, minutes=n), NOW - timedelta(days=2, minutes=n))
            for k in range(2)
        )  # fmt: skip
        records.append(
            ClaimRecord(
                id=n,
                uid=f"claim-{n}",
                article=articles[n // 20],
                revision_id=n // 20,
                revision_number=1,
                start=10 * n,
                end=10 * n + len(text),
                exact=text,
                prefix="According to the report, ",
                suffix=" The ministry disagreed.",
                summary=text[:70],
                claimant="CamboJA News",
                claimed_on=date(2021, 4, 1),
                tags=("human rights", "statistics"),
                status="verified",
                verdict=rating,
                public_summary=text,
                rationale=text + " " + text,
                decided_by="erin",
                decided_at=NOW - timedelta(days=1, minutes=n),
                published_url=f"https://factcheck.example/fact-checks/claim-{n}/",
                sources=sources,
                reviews=reviews,
                corrections=(),
                created_by="alice",
                created_at=NOW - timedelta(days=5, minutes=n),
                updated_at=NOW - timedelta(hours=12, minutes=n),
            )
        )
    return records


def claims(records: list[ClaimRecord], count: int):
    """`count` claims, lazily, ids kept distinct by cycling the pool."""
    return itertools.islice(itertools.cycle(records), count)


def export(name: str, records, sink) -> tuple[int, Manifest]:
    manifest = Manifest()
    written = 0
    for chunk in FORMATS[name].stream(records, CONTEXT, manifest):
        sink.write(chunk)
        written += len(chunk)
    return written, manifest


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=100_000)
    count = parser.parse_args().claims
    records = pool()
    gc.collect()
    idle_rss = peak_rss_mb()
    print(f"format layer only: {count:,} claims from a pool of {len(records):,} records, "
          f"written to {os.devnull}; idle peak RSS {idle_rss:.0f} MB")  # fmt: skip
    results = {}
    with open(os.devnull, "wb") as sink:
        # Untraced runs first: tracemalloc's own bookkeeping would raise the RSS high-water
        # mark that getrusage reports (it never comes down), and slows the export.
        for name in FORMATS:
            gc.collect()
            wall, cpu = time.perf_counter(), time.process_time()
            written, manifest = export(name, claims(records, count), sink)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            results[name] = (wall, cpu, written, manifest.exported, peak_rss_mb() - idle_rss)
        for name in FORMATS:
            gc.collect()
            tracemalloc.start()
            export(name, claims(records, count), sink)
            traced_peak = tracemalloc.get_traced_memory()[1] / 1e6
            tracemalloc.stop()
            wall, cpu, written, exported, rss_growth = results[name]
            target = THROUGHPUT_TARGETS.get(name)
            rate = count / cpu
            verdict = (
                f"[{'meets' if rate >= target else 'MISSES'} >= {target:,}/s]" if target else ""
            )
            memory_ok = max(traced_peak, rss_growth) < MEMORY_TARGET_MB
            print(
                f"{name:<12} {count / wall:9,.0f} claims/s wall {rate:9,.0f} claims/s CPU "
                f"{written / count:6,.0f} B/claim {exported:7,} exported  "
                f"tracemalloc peak {traced_peak:5.2f} MB  RSS growth {rss_growth:5.1f} MB "
                f"[{'meets' if memory_ok else 'MISSES'} < {MEMORY_TARGET_MB} MB] {verdict}"
            )
    print(
        "RSS growth is the process's peak RSS over the idle process after that format's "
        "untraced run (cumulative: getrusage keeps the high-water mark)."
    )


if __name__ == "__main__":
    main()
