"""Import, segmentation and reading-page figures (issue: foundation).

Prints, on this machine with SQLite:
- import plus segmentation throughput (MB/s) for a generated 1 MB article, including the
  database writes (target >= 2 MB/s), also for a 1 MB article heavy in emoji and Khmer;
- the 2,000-sentence reading page: server time (median and p95 over repeated requests
  through the full middleware stack; target <= 40 ms median) and its query count (<= 8).

Run: make bench   (or .venv/bin/python bench/bench_articles.py)
"""

import random
import time

from common import setup_django, summary, timed, verdict

setup_django()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.signals import request_started  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from factcheck.articles.services import import_article  # noqa: E402
from factcheck.text import segment  # noqa: E402

WORDS = (
    "report",
    "government",
    "rights",
    "cases",
    "officials",
    "assembly",
    "Cambodia",
    "the",
    "of",
    "and",
    "said",
    "according",
    "to",
    "62",
    "2020",
    "workers",
    "land",
)
MIXED = ("😀", "👨‍👩‍👧", "🇰🇭", "ខ្ញុំទៅផ្សារ", "សាលា", "مرحبا", "café", "e\u0301")


def generate_text(target_bytes: int, *, exotic: bool, seed: int = 7) -> str:
    rng = random.Random(seed)
    paragraphs, size = [], 0
    while size < target_bytes:
        sentences = []
        for _ in range(rng.randint(2, 6)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(6, 20))]
            if exotic:
                words[rng.randrange(len(words))] = rng.choice(MIXED)
            end = "។" if exotic and rng.random() < 0.2 else rng.choice(".!?")
            sentences.append(" ".join(words).capitalize() + end)
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        size += len(paragraph.encode()) + 2
    return "\n\n".join(paragraphs)


def sentences_text(count: int) -> str:
    lines = []
    for start in range(0, count, 10):
        lines.append(
            " ".join(
                f"Sentence {n} says that {n * 3} cases were counted in 2020."
                for n in range(start, min(count, start + 10))
            )
        )
    return "\n\n".join(lines)


def bench_import(label: str, text: str, user: User) -> None:
    megabytes = len(text.encode()) / 1_000_000
    runs = []
    for run in range(3):
        began = time.perf_counter()
        article = import_article(content=text.encode(), title=f"{label} {run}", created_by=user)
        runs.append(time.perf_counter() - began)
    began = time.perf_counter()
    paragraphs = segment(text, "en")
    segment_only = time.perf_counter() - began
    sentences = sum(len(p.sentences) for p in paragraphs)
    best = min(runs)
    print(
        f"import {label:<28} {megabytes:5.2f} MB  {len(paragraphs):6} paragraphs "
        f"{sentences:6} sentences  best {best * 1000:7.1f} ms = {megabytes / best:5.2f} MB/s "
        f"(segmentation alone {segment_only * 1000:6.1f} ms)  "
        f"[{verdict(megabytes / best, 2.0, lower_is_better=False)} >= 2 MB/s]"
    )
    assert article.current_revision.spans.count() == len(paragraphs) + sentences


def bench_reading(user: User) -> None:
    # Django clears the query log at each request start; keep it so the count is visible.
    request_started.disconnect(reset_queries)
    client = Client()
    client.force_login(user)
    for count in (20, 2000):
        article = import_article(
            content=sentences_text(count), title=f"{count} sentences", created_by=user
        )
        url = article.get_absolute_url()
        client.get(url)  # warm caches and the session
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response.text.count('class="sentence"') == count
        times = timed(lambda url=url: client.get(url), repeat=60)
        target = (
            " [target <= 40 ms median, <= 8 queries: "
            + verdict(sorted(times)[len(times) // 2], 40)
            + "]"
            if count == 2000
            else ""
        )
        print(f"reading page {count:5} sentences: {summary(times)}  queries {len(queries)}{target}")


def main() -> None:
    editor = User.objects.create_user("bench-editor")
    editor.groups.add(Group.objects.get(name="editor"))
    database = connection.settings_dict["NAME"]
    print(f"SQLite {connection.Database.sqlite_version}, database file {database}")
    bench_import("1 MB English", generate_text(1_000_000, exotic=False), editor)
    bench_import("1 MB emoji/Khmer/Arabic", generate_text(1_000_000, exotic=True), editor)
    bench_reading(editor)


if __name__ == "__main__":
    main()
