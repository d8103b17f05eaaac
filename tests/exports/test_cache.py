"""The rendered-claim cache (factcheck/exports/cache.py) never serves a stale line.

The reference is the same export with the cache off (FACTCHECK_EXPORT_CACHE=False): a
cached JSON Lines or CSV export must equal it byte for byte, cold (rendering and storing),
warm (served from RenderedClaim) and after any change an export shows, whichever way the
change was written (services, the ORM, QuerySet.update, bulk_create), on SQLite and on
PostgreSQL (DATABASE_URL=postgres://... pytest tests/exports/test_cache*.py).

This module: cold, warm and changed exports equal the uncached one (hostile text too),
every claim has a stamp, the key (public URL, release, page path), a failed store, the
command, and random sequences of changes. Every write path is in
test_cache_invalidation.py; races and the triggers are in test_cache_races.py.

Tests that store lines need real commits: inside a test's transaction an export reads the
cache and stores nothing, so those tests are transactional.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.db.backends.utils import CursorWrapper
from django.test import override_settings
from django.urls import get_script_prefix, set_script_prefix
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.articles.models import Article
from factcheck.claims import services
from factcheck.claims.models import Claim, Rating, RatingScale, Review, Source, Tag, Verdict
from factcheck.exports import cache
from factcheck.exports.formats import FORMATS
from factcheck.exports.models import RenderedClaim
from factcheck.exports.query import ClaimFilter
from factcheck.exports.records import Manifest
from factcheck.exports.run import prepare
from tests.exports.cache_support import (
    EVERY_CLAIM,
    FIXED,
    HOSTILE,
    LINE_FORMATS,
    TRANSACTIONAL,
    assert_uncached,
    build_hostile,
    edit_while_rendering,
    erin,
    export,
    fresh,
    stamps,
    stored_ids,
    uncached,
    visible_ids,
)
from tests.factories import make_article, make_claim


@pytest.fixture
def hostile_world(alice, bob, erin) -> list[int]:
    return build_hostile(alice, bob, erin)


# --- 1. cached equals uncached ------------------------------------------------------------


@TRANSACTIONAL
@pytest.mark.parametrize("data", ["world", "hostile_world"])
def test_cold_warm_and_changed_exports_equal_the_uncached_export(request, data, renders):
    request.getfixturevalue(data)
    ids = visible_ids()
    cold = {}
    for fmt in LINE_FORMATS:
        renders.clear()
        cold[fmt] = export(fmt)
        assert_uncached(cold[fmt], fmt)
        assert renders == [ids]  # every claim rendered, once
        assert stored_ids(fmt) == set(ids)
        renders.clear()
        assert export(fmt) == cold[fmt]
        assert renders == []  # every line served from RenderedClaim

    first, last = ids[0], ids[-1]
    Claim.objects.filter(pk=first).update(summary=HOSTILE[2] + HOSTILE[6])
    Review.objects.filter(claim_id=last).update(hidden_at=timezone.now())
    for fmt in LINE_FORMATS:
        renders.clear()
        changed = export(fmt)
        assert_uncached(changed, fmt)
        assert changed != cold[fmt]
        assert renders == [[first, last]]  # only the changed claims
        renders.clear()
        assert export(fmt) == changed
        assert renders == []


@TRANSACTIONAL
def test_filters_and_the_bom_are_served_from_the_same_lines(world, renders):
    for fmt in LINE_FORMATS:
        export(fmt)
    renders.clear()
    english, khmer = (article.pk for article in world.articles)
    for claim_filter in (ClaimFilter(), ClaimFilter(tag="statistics"),
                         ClaimFilter(status="all", articles=(khmer,)),
                         ClaimFilter(rating="true"), ClaimFilter(reviewer="alice")):  # fmt: skip
        for fmt in LINE_FORMATS:
            assert_uncached(export(fmt, claim_filter), fmt, claim_filter)
    with_bom = export("csv", ClaimFilter(articles=(english,)), bom=True)
    assert with_bom.startswith("\ufeff".encode())
    assert_uncached(with_bom, "csv", ClaimFilter(articles=(english,)), bom=True)
    assert renders == []


@pytest.mark.django_db
def test_an_export_inside_a_transaction_reads_the_cache_and_stores_nothing(world):
    assert connection.in_atomic_block
    for fmt in LINE_FORMATS:
        assert cache.applies(FORMATS[fmt])
        assert_uncached(export(fmt), fmt)
    assert not RenderedClaim.objects.exists()


# --- 3. stamps ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_claim_has_a_stamp_from_its_creation_bulk_created_too(alice):
    article = make_article("The ministry said 62 cases were recorded.", created_by=alice)
    made = make_claim(article, "62 cases", created_by=alice)
    bulk = Claim.objects.bulk_create([
        Claim(article=article, revision_id=article.current_revision_id, start=start,
              end=start + 3, exact=article.current_revision.text[start:start + 3],
              created_by=alice)
        for start in (0, 4, 13)
    ])  # fmt: skip
    assert set(stamps()) == {made.pk, *(claim.pk for claim in bulk)}
    assert all(stamp >= 1 for stamp in stamps().values())


@TRANSACTIONAL
def test_deleting_claims_removes_their_stamps_and_lines(world):
    for fmt in LINE_FORMATS:
        export(fmt)
    gone = world.claims["open"].pk
    assert RenderedClaim.objects.filter(claim_id=gone).count() == 2
    Claim.objects.filter(pk=gone).delete()
    assert gone not in stamps()
    assert not RenderedClaim.objects.filter(claim_id=gone).exists()
    khmer = world.claims["khmer"].pk
    services.delete_claim(claim=fresh(world, "khmer"), deleted_by=erin(world))  # soft: stays
    assert khmer in stamps()
    assert set(stamps()) == set(Claim.objects.values_list("pk", flat=True))
    for fmt in LINE_FORMATS:
        assert_uncached(export(fmt), fmt)


@TRANSACTIONAL
def test_logins_comments_and_unchanged_names_leave_the_stamps_alone(world, renders):
    for fmt in LINE_FORMATS:
        export(fmt)
    old = stamps()
    bob = User.objects.get(pk=world.users["bob"].pk)
    User.objects.filter(pk=bob.pk).update(last_login=timezone.now())
    bob.last_login = timezone.now()
    bob.save()  # every column written again, the username unchanged
    bob.save(update_fields=["last_login"])
    Tag.objects.get(name="emoji").save()
    services.add_comment(claim=fresh(world, "cases"), author=bob, body='=comment, "x"')
    assert stamps() == old
    renders.clear()
    for fmt in LINE_FORMATS:
        assert_uncached(export(fmt), fmt)
    assert renders == []


# --- 5. the key ---------------------------------------------------------------------------


@TRANSACTIONAL
def test_another_public_base_url_is_a_miss_and_shows_its_url(world, renders):
    ids = visible_ids()
    first = {fmt: export(fmt) for fmt in LINE_FORMATS}
    assert b'"published_url":"http://127.0.0.1:8000/fact-checks/' in first["jsonl"]
    moved = {}
    with override_settings(FACTCHECK_PUBLIC_BASE_URL="https://checks.example.org/"):
        for fmt in LINE_FORMATS:
            renders.clear()
            moved[fmt] = export(fmt)
            assert_uncached(moved[fmt], fmt)
            assert renders == [ids]
            assert export(fmt) == moved[fmt]
    assert b'"published_url":"https://checks.example.org/fact-checks/' in moved["jsonl"]
    assert moved["jsonl"] != first["jsonl"]
    for fmt in LINE_FORMATS:
        renders.clear()
        assert export(fmt) == first[fmt]
        assert renders == [ids]  # the other URL's lines replaced these


@TRANSACTIONAL
def test_another_release_or_page_path_is_a_miss(world, renders, monkeypatch):
    """The key holds the writers' code and the public page's path: reverse() gives it the
    script prefix of a site served under /desk/, and the URLconf."""
    ids = visible_ids()
    for fmt in LINE_FORMATS:
        export(fmt)
    with monkeypatch.context() as patch:
        patch.setattr(cache, "_code_fingerprint", lambda module_file: "the next release")
        for fmt in LINE_FORMATS:
            renders.clear()
            assert_uncached(export(fmt), fmt)
            assert renders == [ids]
    prefix = get_script_prefix()
    set_script_prefix("/desk/")
    try:
        served = export("jsonl")
        assert b'"published_url":"http://127.0.0.1:8000/desk/fact-checks/' in served
        assert_uncached(served, "jsonl")
    finally:
        set_script_prefix(prefix)


# --- 7. a failed store --------------------------------------------------------------------


@TRANSACTIONAL
@pytest.mark.parametrize("failure", ["the cursor raises", "the database refuses"])
def test_a_failed_store_costs_the_cache_not_the_export(world, failure, monkeypatch):
    ids = visible_ids()
    real_store, real_executemany = cache._store, CursorWrapper.executemany
    attempts: list[list[int]] = []

    def counted(connection: Any, name: str, key: str, bodies: dict[int, bytes],
                page_stamps: dict[int, int | None]) -> bool:  # fmt: skip
        attempts.append(sorted(bodies))
        return real_store(connection, name, key, bodies, page_stamps)

    def refuse(self: CursorWrapper, sql: str, param_list: Any) -> Any:
        if RenderedClaim._meta.db_table in sql:
            raise DatabaseError("attempt to write a readonly database")
        return real_executemany(self, sql, param_list)

    for fmt in LINE_FORMATS:
        attempts.clear()
        with monkeypatch.context() as patch:
            patch.setattr(cache, "_store", counted)
            if failure == "the cursor raises":
                patch.setattr(CursorWrapper, "executemany", refuse)
            else:  # a real error from the database, inside the store's transaction
                broken = cache._STORE.replace("stamp, body)", "stamp, no_such_column)")
                assert broken != cache._STORE
                patch.setattr(cache, "_STORE", broken)
            context = prepare(fmt, EVERY_CLAIM, generated_at=FIXED).context
            manifest = Manifest()
            body = b"".join(cache.stream(FORMATS[fmt], EVERY_CLAIM, context, manifest,
                                         chunk_size=1))  # fmt: skip
        assert_uncached(body, fmt)
        assert manifest.exported == len(ids)
        assert attempts == [[ids[0]]]  # the first page tried; the later ones did not
        assert not RenderedClaim.objects.filter(format=fmt).exists()
        assert export(fmt) == body  # the connection is fine, and the next export stores
        assert stored_ids(fmt) == set(ids)


# --- 8. the command -----------------------------------------------------------------------


@TRANSACTIONAL
def test_the_command_writes_the_uncached_export(world, tmp_path):
    for fmt in LINE_FORMATS:
        out = tmp_path / f"claims.{fmt}"

        def command(*extra: str, fmt: str = fmt, out: Any = out) -> bytes:
            call_command("export_claims", "--format", fmt, "--status", "all", *extra,
                         "-o", str(out), stderr=io.StringIO())  # fmt: skip
            return out.read_bytes()

        assert_uncached(command(), fmt)
        assert_uncached(command(), fmt)  # from the cache
        edit_while_rendering(world, fmt)
        Claim.objects.filter(pk=world.claims["khmer"].pk).update(summary=f'={fmt}, "after"')
        assert_uncached(command(), fmt)
    assert_uncached(command("--bom"), "csv", bom=True)


# --- random sequences of changes ----------------------------------------------------------


def nth(queryset: Any, index: int) -> Any:
    rows = list(queryset.order_by("pk"))
    return rows[index % len(rows)] if rows else None


def toggle_time(model: Any, column: str) -> Callable[[int, str], None]:
    def change(index: int, text: str) -> None:
        row = nth(model.objects.all(), index)
        value = None if getattr(row, column) is not None else timezone.now()
        model.objects.filter(pk=row.pk).update(**{column: value})

    return change


def set_text(model: Any, column: str, limit: int) -> Callable[[int, str], None]:
    def change(index: int, text: str) -> None:
        row = nth(model.objects.all(), index)
        model.objects.filter(pk=row.pk).update(**{column: text[:limit]})

    return change


def set_unique(model: Any, column: str) -> Callable[[int, str], None]:
    def change(index: int, text: str) -> None:
        row = nth(model.objects.all(), index)
        model.objects.filter(pk=row.pk).update(**{column: f"{text[:40]}#{row.pk}"})

    return change


def set_status(index: int, text: str) -> None:
    statuses = Claim.Status.values
    row = nth(Claim.objects.all(), index)
    Claim.objects.filter(pk=row.pk).update(status=statuses[index % len(statuses)])


def toggle_tag(index: int, text: str) -> None:
    claim, tag = nth(Claim.objects.all(), index), nth(Tag.objects.all(), index // 3)
    if claim.tags.filter(pk=tag.pk).exists():
        claim.tags.remove(tag)
    else:
        claim.tags.add(tag)


def toggle_counted_source(index: int, text: str) -> None:
    source = nth(Source.objects.filter(claim__verdict__isnull=False), index)
    if source is None:
        return
    verdict = Verdict.objects.get(pk=source.claim.verdict_id)
    if verdict.sources.filter(pk=source.pk).exists():
        verdict.sources.remove(source)
    else:
        verdict.sources.add(source)


def rating_value(index: int, text: str) -> None:
    row = nth(Rating.objects.filter(scale__is_default=True), index)
    Rating.objects.filter(pk=row.pk).update(value=index % 9 - 2)


def toggle_ordinal(index: int, text: str) -> None:
    RatingScale.objects.filter(is_default=True).update(is_ordinal=index % 2 == 0)


MUTATIONS: dict[str, Callable[[int, str], None]] = {
    "claim summary": set_text(Claim, "summary", 300),
    "claim status": set_status,
    "claim published": toggle_time(Claim, "published_at"),
    "claim deleted": toggle_time(Claim, "deleted_at"),
    "review rationale": set_text(Review, "rationale", 1000),
    "review hidden": toggle_time(Review, "hidden_at"),
    "source title": set_text(Source, "title", 500),
    "source hidden": toggle_time(Source, "hidden_at"),
    "source deleted": toggle_time(Source, "deleted_at"),
    "verdict summary": set_text(Verdict, "public_summary", 500),
    "verdict source counted": toggle_counted_source,
    "tag name": set_unique(Tag, "name"),
    "tag of a claim": toggle_tag,
    "article title": set_text(Article, "title", 500),
    "username": set_unique(User, "username"),
    "rating label": set_text(Rating, "label", 60),
    "rating value": rating_value,
    "scale ordinal": toggle_ordinal,
}
TEXTS = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=16),
)
STEPS = st.lists(st.tuples(st.sampled_from(sorted(MUTATIONS)), st.integers(0, 20), TEXTS),
                 min_size=1, max_size=5)  # fmt: skip


@TRANSACTIONAL
@settings(max_examples=15, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])  # fmt: skip
@given(steps=STEPS)
def test_random_changes_never_leave_a_stale_line(world, steps):
    # One world for all examples: each example's changes land on the previous ones'.
    for name, index, text in steps:
        MUTATIONS[name](index, text)
        for fmt in LINE_FORMATS:
            reference = uncached(fmt)
            assert export(fmt) == reference, (name, fmt)
            context = prepare(fmt, EVERY_CLAIM, generated_at=FIXED).context
            paged = cache.stream(FORMATS[fmt], EVERY_CLAIM, context, Manifest(), chunk_size=2)
            assert b"".join(paged) == reference, (name, fmt)
