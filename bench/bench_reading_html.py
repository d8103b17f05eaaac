"""The reading page's article HTML alone (factcheck/articles/reading.py), issue 11.

For the article of bench_claims.py (2,000 sentences, 500 claims on every fourth sentence,
reviews on about 400), for the same article with quotes, apostrophes and "&" in every
sentence (the text that needs escaping), and with one sentence a paragraph (2,000
paragraphs, the most the page expects): render_paragraphs + article_html, in process,
CPU time of this thread (steadier than wall time when other processes share the cores),
then the whole reading page (plain and quoted) through the test Client for context.

Prints the median of the `--rounds` rounds' CPU medians with their range, the same for
wall time, and each round's CPU median with its 10th and 90th percentiles.

Run: .venv/bin/python bench/bench_reading_html.py [--rounds 5] [--repeat 100]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_claims  # sets Django up on a scratch database, so it comes first
from common import percentile, sentences_text
from django.contrib.auth.models import Group, User

from factcheck.articles.reading import (
    article_html,
    render_paragraphs,
    spans_for_revision,
)
from factcheck.articles.services import import_article
from factcheck.claims.models import Claim


def quoted_text(count: int) -> str:
    """Like sentences_text, with quotes, an apostrophe and an ampersand in each sentence."""
    return (
        sentences_text(count)
        .replace(" says that ", ' says "that" ')
        .replace(" were counted", " weren't counted & more")
    )


def claim_tuples(article) -> list[tuple[int, int, int, str]]:
    claims = Claim.objects.filter(revision=article.current_revision).order_by("start", "pk")
    return list(claims.values_list("pk", "start", "end", "status"))


def every_fourth_sentence(article) -> list[tuple[int, int, int, str]]:
    """The claims of seed_reading_article without creating them: 500 whole sentences."""
    sentences = article.current_revision.spans.filter(kind="sentence").order_by("index")
    ranges = list(sentences.values_list("start", "end"))[::4][:500]
    return [(number, start, end, "open") for number, (start, end) in enumerate(ranges, 1)]


def timings(function, repeat: int) -> tuple[list[float], list[float]]:
    """CPU and wall milliseconds of `repeat` calls."""
    cpu, wall = [], []
    for _ in range(repeat):
        began, began_cpu = time.perf_counter(), time.thread_time()
        function()
        cpu.append((time.thread_time() - began_cpu) * 1000)
        wall.append((time.perf_counter() - began) * 1000)
    return cpu, wall


def report(label: str, function, rounds: int, repeat: int) -> None:
    cpu, wall = zip(*(timings(function, repeat) for _ in range(rounds)), strict=True)
    medians = [statistics.median(r) for r in cpu]
    walls = [statistics.median(r) for r in wall]
    parts = "  ".join(
        f"{statistics.median(r):.2f} [{percentile(r, 0.1):.2f}-{percentile(r, 0.9):.2f}]"
        for r in cpu
    )
    print(
        f"{label:<34} CPU median of medians {statistics.median(medians):6.2f} ms "
        f"(rounds {min(medians):.2f}-{max(medians):.2f}), wall {statistics.median(walls):6.2f}"
        f" ms (rounds {min(walls):.2f}-{max(walls):.2f}); CPU each: median [p10-p90] {parts}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--no-page", action="store_true", help="skip the whole-page timing")
    args = parser.parse_args()

    reviewer = Group.objects.get(name="reviewer")
    alice = User.objects.create_user("alice")
    bob = User.objects.create_user("bob")
    for user in (alice, bob):
        user.groups.add(reviewer)
    plain = bench_claims.seed_reading_article(alice, bob)
    # The same seeding (claims, reviews) over the quoted text.
    bench_claims.sentences_text = quoted_text
    quoted = bench_claims.seed_reading_article(alice, bob)
    short = import_article(
        content=sentences_text(2000, per_paragraph=1), title="Short", created_by=alice
    )
    cases = {
        "plain text": (plain, claim_tuples(plain)),
        "quotes, apostrophes and &": (quoted, claim_tuples(quoted)),
        "2,000 one-sentence paragraphs": (short, every_fourth_sentence(short)),
    }
    for label, (article, claims) in cases.items():
        text = article.current_revision.text
        spans = spans_for_revision(article.current_revision_id)
        html = article_html(render_paragraphs(text, spans, claims))
        assert html.count('class="sentence"') == 2000, label
        assert html.count('<mark class="claim"') == 500, label
        report(
            f"article html, {label}",
            lambda t=text, s=spans, c=claims: article_html(render_paragraphs(t, s, c)),
            args.rounds,
            args.repeat,
        )

    if args.no_page:
        return
    for label, article in (("plain", plain), ("quoted", quoted)):
        client, _ = bench_claims.browser_client(alice, article)
        url = article.get_absolute_url()
        client.get(url)
        report(
            f"whole reading page ({label})",
            lambda c=client, u=url: c.get(u),
            args.rounds,
            max(10, args.repeat // 4),
        )


if __name__ == "__main__":
    main()
