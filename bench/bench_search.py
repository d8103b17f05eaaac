"""Search latency on a desk's worth of material: 1,000 articles (about 3 KB of text each),
10,000 claims (ten per article, with claim summaries and tags), 10,000 review rationales,
2,000 sources and 2,000 comments, on SQLite.

    .venv/bin/python bench/bench_search.py [--quick]

Times GET /search/?q=... through Django's test client as a reviewer (the access rules
included), for words that match many results, few, none, a quoted phrase and a Khmer word;
prints median / p95 and the queries each page makes. Target: p50 <= 30 ms.

Articles and claims are made by the services (import_article, create_claim); reviews,
sources and comments by bulk_create, because what is timed is reading them.
"""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import percentile, setup_django, summary, timed

TARGET_MS = 30.0
# One string split, not a 32-line list literal.
WORDS = (  # noqa: SIM905
    "ministry report cases recorded officials counted assemblies budget schools hospital "
    "election turnout police arrests journalists court ruling fines forest cover exports "
    "rice garment workers wages inflation fuel prices roads bridges villages flooding"
).split()
KHMER_SENTENCE = "រដ្ឋាភិបាលកម្ពុជាបានប្រកាសថា មានករណីចំនួន ៦២ ត្រូវបានកត់ត្រា។"


def article_text(rng: random.Random, number: int) -> str:
    sentences = []
    for index in range(24):
        words = rng.sample(WORDS, 9)
        sentences.append(
            f"In {2000 + index % 25} the {words[0]} said {number * 7 + index} {words[1]} "
            f"and {words[2]} were {words[3]} by {words[4]}, {words[5]} {words[6]} "
            f"{words[7]} {words[8]}."
        )
    if number % 100 == 0:
        sentences.append(KHMER_SENTENCE)
    return " ".join(sentences[:12]) + "\n\n" + " ".join(sentences[12:])


def seed(articles: int, claims_per_article: int) -> object:
    from django.contrib.auth.models import Group, User
    from django.db import transaction
    from tqdm import tqdm

    from factcheck.articles.services import import_article
    from factcheck.claims.models import Comment, Rating, Review, Source
    from factcheck.claims.services import create_claim
    from factcheck.text import quote_at

    rng = random.Random(13)
    alice = User.objects.create_user("alice", password="x")  # noqa: S106
    alice.groups.add(Group.objects.get(name="reviewer"))
    bob = User.objects.create_user("bob", password="x")  # noqa: S106
    bob.groups.add(Group.objects.get(name="reviewer"))
    ratings = list(Rating.objects.of_default_scale())
    reviews, sources, comments = [], [], []
    for number in tqdm(range(articles), desc="seeding articles and claims", unit="article"):
        with transaction.atomic():
            text = article_text(rng, number)
            article = import_article(
                content=text,
                title=f"Article {number}: {' '.join(rng.sample(WORDS, 4))}",
                publisher="Desk wire",
                created_by=alice,
                language="en",
            )
            revision = article.current_revision
            stored = revision.text
            cursor = 0
            for index in range(claims_per_article):
                start = stored.find("In ", cursor)
                end = stored.find(",", start)
                if start < 0 or end < 0:
                    break
                cursor = end
                claim = create_claim(
                    article_id=article.pk,
                    revision_id=revision.pk,
                    start=start,
                    end=end,
                    quote=quote_at(stored, start, end),
                    created_by=alice,
                    summary=f"The {' '.join(rng.sample(WORDS, 3))} figure is {index}.",
                    claimant=rng.choice(["Ministry", "Police", "NGO", "Court"]),
                )
                reviews.append(
                    Review(
                        claim=claim,
                        reviewer=bob,
                        rating=rng.choice(ratings),
                        rationale=f"Checked against the {' '.join(rng.sample(WORDS, 6))} table.",
                    )
                )
                if index % 5 == 0:
                    sources.append(
                        Source(
                            claim=claim,
                            added_by=alice,
                            url=f"https://example.org/{rng.choice(WORDS)}/{claim.pk}",
                            title=f"{rng.choice(WORDS).title()} statistics {claim.pk}",
                        )
                    )
                    comments.append(
                        Comment(
                            claim=claim,
                            author=alice,
                            body=f"Can someone check the {' '.join(rng.sample(WORDS, 4))}?",
                        )
                    )
    Review.objects.bulk_create(reviews, batch_size=2000)
    Source.objects.bulk_create(sources, batch_size=2000)
    Comment.objects.bulk_create(comments, batch_size=2000)
    return alice


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="100 articles, fewer requests")
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from factcheck.claims.models import Claim, Comment, Review, Source

    articles = 100 if args.quick else 1000
    began = time.perf_counter()
    alice = seed(articles, 10)
    print(
        f"seeded {articles} articles, {Claim.objects.count()} claims, "
        f"{Review.objects.count()} reviews, {Source.objects.count()} sources, "
        f"{Comment.objects.count()} comments in {time.perf_counter() - began:.0f} s"
    )
    client = Client()
    client.force_login(alice)
    queries = {
        "many results (one common word)": "ministry",
        "few results (two words)": "Article 17:",
        "nothing found": "zeppelin",
        'a quoted phrase ("the police said")': '"the police said"',
        "a Khmer word": "ករណី",
        "a claim summary phrase": '"figure is 7"',
        # the page of one kind counts what it found (the pager): the common word again
        "claims only, paged and counted": "ministry&kind=claims",
    }
    repeat = 20 if args.quick else 60
    medians = []
    print(f"SQLite, Python {sys.version.split()[0]}, in-process test client, DEBUG off")
    for label, query in queries.items():
        url = f"/search/?q={query}"
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, response.status_code
        # Counted now: the log is read lazily and emptied when the next request starts.
        query_count = len(captured)
        times = timed(lambda url=url: client.get(url), repeat)
        medians.append(percentile(times, 0.5))
        print(f"search: {label:<38} {summary(times)}  queries {query_count}")
    worst = max(medians)
    verdict = "meets" if worst <= TARGET_MS else "MISSES"
    print(f"slowest median {worst:.2f} ms: {verdict} the target p50 <= {TARGET_MS:.0f} ms")


if __name__ == "__main__":
    main()
