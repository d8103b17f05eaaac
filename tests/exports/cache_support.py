"""What the rendered-claim cache tests (test_cache*.py) share: the exports they compare
(cached and uncached, at a fixed time), hostile data for every free-text field, and the
readers of stamps and stored lines. The fixtures (`world`, `renders`) are in conftest.py.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import override_settings

from factcheck.articles.models import Article
from factcheck.claims import services
from factcheck.claims.models import Claim, Review, Source, Tag, Verdict
from factcheck.editorial.services import correct_verdict
from factcheck.exports import cache
from factcheck.exports.formats import FORMATS
from factcheck.exports.models import ClaimStamp, RenderedClaim
from factcheck.exports.query import ClaimFilter
from factcheck.exports.run import prepare
from factcheck.exports.services import publish_claim
from tests.conftest import make_user
from tests.exports.world import World, decide, rating
from tests.factories import make_article, make_claim, make_review

# Stores lines: needs commits. serialized_rollback brings the seeded rating scale back for
# the tests that follow (the flush empties it).
TRANSACTIONAL = pytest.mark.django_db(transaction=True, serialized_rollback=True)
MIGRATION = importlib.import_module("factcheck.exports.migrations.0001_rendered_claim_cache")

FIXED = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
LINE_FORMATS = ("jsonl", "csv")
EVERY_CLAIM = ClaimFilter(status="all")
STATE_URL = "https://www.state.gov/report#62"  # the "cases" claim's sources (world.py)
NGO_URL = "https://ngo.example/data"

# Texts that break naive exporters and naive caches, for every free-text field: HTML end
# tags, quotes, separators, CRLF and lone CR, emoji (ZWJ, flags, skin tones), combining
# marks, Khmer, Arabic, U+2028/U+2029/U+0085, escape and delete, and the cells a
# spreadsheet reads as formulas. No NUL: PostgreSQL's text cannot hold it.
HOSTILE = (
    '</script><script>alert("x")</script>',
    "He said \"62 cases\", then '185', then 101; 68, 16.",
    "Line one\r\nline two\nline three\ttabbed\rlone CR",
    "Emoji 😀 family 👨‍👩‍👧 flag 🇰🇭 thumbs 👍🏽 e\u0301 n\u0303",
    "ក្រសួងបាននិយាយថា មាន ៦២ ករណី។ ស្ត្រី",
    "مرحبا بالعالم، 62 حالة",
    "Separators \u2028 and \u2029 and \x85, escape \x1b[31m, delete \x7f",
    "=SUM(A1:A9)",
    "+61 cases",
    "-1 case",
    "@SUM(A1)",
    '=HYPERLINK("http://evil.example","x"),',
    "\t=tab first",
    "'=already neutralised",
)


def hostile(index: int) -> str:
    return HOSTILE[index % len(HOSTILE)]


# --- exporting ----------------------------------------------------------------------------


def export(fmt: str, claim_filter: ClaimFilter = EVERY_CLAIM, **options: Any) -> bytes:
    return b"".join(prepare(fmt, claim_filter, generated_at=FIXED, **options).chunks())


def uncached(fmt: str, claim_filter: ClaimFilter = EVERY_CLAIM, **options: Any) -> bytes:
    with override_settings(FACTCHECK_EXPORT_CACHE=False):
        return export(fmt, claim_filter, **options)


def paged_texts(fmt: str, claim_filter: ClaimFilter = EVERY_CLAIM) -> Iterator[bytes]:
    """The cache's claim texts one claim a page: the test runs between the pages, as a
    writer beside a long download does between its pages of 2,000."""
    context = prepare(fmt, claim_filter, generated_at=FIXED).context
    return cache.claim_texts(FORMATS[fmt], claim_filter, context, chunk_size=1)


def stamps() -> dict[int, int]:
    return dict(ClaimStamp.objects.values_list("claim_id", "stamp"))


def visible_ids() -> list[int]:
    return list(Claim.objects.visible().order_by("pk").values_list("pk", flat=True))


def first_difference(served: bytes, reference: bytes) -> str:
    """Where a cached export departs from the uncached one (a failure message)."""
    pairs = zip(served.splitlines(True), reference.splitlines(True), strict=False)
    for number, (left, right) in enumerate(pairs, 1):
        if left != right:
            same = zip(left, right, strict=False)
            at = next((i for i, (x, y) in enumerate(same) if x != y), min(len(left), len(right)))
            window = slice(max(0, at - 40), at + 60)
            return (f"line {number}, byte {at}:\n  cached:   {left[window]!r}\n"
                    f"  uncached: {right[window]!r}")  # fmt: skip
    return f"{len(served)} bytes cached, {len(reference)} uncached"


def assert_uncached(served: bytes, fmt: str, claim_filter: ClaimFilter = EVERY_CLAIM,
                    **options: Any) -> None:  # fmt: skip
    reference = uncached(fmt, claim_filter, **options)
    assert served == reference, f"{fmt}, {claim_filter}: {first_difference(served, reference)}"


def stored_ids(fmt: str) -> set[int]:
    return set(RenderedClaim.objects.filter(format=fmt).values_list("claim_id", flat=True))


# --- data ---------------------------------------------------------------------------------


def build_hostile(alice: User, bob: User, erin: User) -> list[int]:
    """A dozen claims with hostile text in every field an export shows: written through the
    services first, then raw (QuerySet.update), which keeps what the services would clean."""
    mallory = make_user('=mallory,"@x" 😀', role="reviewer")
    article = make_article("\n".join(HOSTILE), title="Hostile", created_by=erin, language="km")
    lines = [line for line in article.current_revision.text.split("\n") if line.strip()]
    slugs = ["true", "false", "half-true", "misleading", "unverifiable", "mostly-true"]
    ids = []
    for index, line in enumerate(lines):
        claim = make_claim(article, line, created_by=(alice, mallory)[index % 2],
                           summary=f"Claim {index}", tags=[f"tag {index}"])  # fmt: skip
        make_review(claim, alice, slugs[index % len(slugs)], rationale=hostile(index))
        make_review(claim, mallory, slugs[(index + 1) % len(slugs)], rationale="x")
        source = services.add_source(claim=claim, added_by=mallory, stance="refutes",
                                     url=f"https://src.example/{index}?q=a,b&c=%22d%22",
                                     accessed_on=dt.date(2021, 4, 2))  # fmt: skip
        if index % 4 != 3:
            decide(claim, erin, slugs[index % len(slugs)], summary=f"Verdict {index}",
                   rationale="Checked.", sources=(source,))  # fmt: skip
        if index % 4 == 1:
            correct_verdict(claim=Claim.objects.get(pk=claim.pk), editor=erin,
                            rating=rating("false"), public_summary=f"Corrected {index}",
                            rationale="Checked again.", sources=(source,),
                            note="Recounted.")  # fmt: skip
        if index % 4 == 0:
            publish_claim(claim=Claim.objects.get(pk=claim.pk), editor=erin)
        ids.append(claim.pk)
    for index, pk in enumerate(ids):
        Claim.objects.filter(pk=pk).update(summary=hostile(index + 1) + " " + hostile(index + 7),
                                           claimant=hostile(index + 2))  # fmt: skip
        Review.objects.filter(claim_id=pk).update(rationale=hostile(index + 3))
        Source.objects.filter(claim_id=pk).update(
            title=hostile(index + 4), publisher=hostile(index + 5), excerpt=hostile(index + 6),
            archive_url=hostile(index + 7),
        )  # fmt: skip
        Verdict.objects.filter(claim_id=pk).update(
            public_summary=hostile(index + 8), rationale=hostile(index + 9),
            correction_note=hostile(index + 10),
        )  # fmt: skip
        tag = Tag.objects.create(name=hostile(index + 11)[:60] + f" {index}")
        Claim.tags.through.objects.create(claim_id=pk, tag_id=tag.pk)
    Article.objects.filter(pk=article.pk).update(
        title=HOSTILE[0], publisher=HOSTILE[7], author=HOSTILE[3],
        source_url='https://news.example/a?q="x",y\u2028', published_on=dt.date(2021, 4, 1),
    )  # fmt: skip
    return ids


def fresh(world: World, name: str) -> Claim:
    return Claim.objects.get(pk=world.claims[name].pk)


def erin(world: World) -> User:
    return User.objects.get(pk=world.users["erin"].pk)


def own_review(world: World, name: str, user: str) -> Review:
    return Review.objects.get(claim_id=world.claims[name].pk, reviewer=world.users[user])


def edit_while_rendering(world: World, mark: str) -> None:
    """What a colleague commits while an export renders a page: shown by both formats."""
    Review.objects.filter(pk=own_review(world, "cases", "alice").pk).update(
        rationale=f"Edited while {mark} rendered 😀"
    )
    Source.objects.filter(claim_id=world.claims["cases"].pk, url__startswith=NGO_URL).update(
        url=f"{NGO_URL}/raced-{mark}")  # fmt: skip


# --- the triggers -------------------------------------------------------------------------


def migration_statements() -> tuple[list[str], list[str]]:
    statements = (
        MIGRATION.sqlite_statements
        if connection.vendor == "sqlite"
        else MIGRATION.postgresql_statements
    )
    return statements(User._meta.db_table)


def recreate_trigger(name: str) -> None:
    create, _drop = migration_statements()
    wanted = [statement for statement in create
              if f"TRIGGER {name} " in statement or f"FUNCTION {name}(" in statement]  # fmt: skip
    assert wanted
    with connection.cursor() as cursor:
        for statement in wanted:
            cursor.execute(statement)
