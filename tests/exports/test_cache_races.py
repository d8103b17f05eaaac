"""The rendered-claim cache against what it cannot see coming: writes committed while an
export renders, and triggers that are missing, disabled or bypassed.

A change committed while a page renders (before or after its data is read, a rating or an
article read once for many pages, a claim deleted before its line is stored) is never
served as current. The migration installs exactly the listed stamp triggers; with one
dropped or disabled the cache turns itself off, and a TRUNCATE (which fires no row trigger)
is not served from the cache. The rest is in test_cache.py and test_cache_invalidation.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test import override_settings

from factcheck.articles.models import Article
from factcheck.claims.models import Claim, Rating, Review
from factcheck.exports import cache
from factcheck.exports.formats import FORMATS
from factcheck.exports.models import RenderedClaim
from factcheck.exports.query import ClaimFilter, RecordSource
from tests.exports.cache_support import (
    LINE_FORMATS,
    TRANSACTIONAL,
    assert_uncached,
    edit_while_rendering,
    export,
    fresh,
    migration_statements,
    own_review,
    paged_texts,
    recreate_trigger,
    stamps,
    uncached,
)
from tests.exports.world import World

# --- 4. the race the stamps guard against -------------------------------------------------


def racing_records_of(world: World, moment: str, fmt: str, raced: list[int]) -> Any:
    """RecordSource.records_of with a colleague's change committed, once, just before or
    just after the page's data is read (its stamps were read before either)."""
    original = RecordSource.records_of

    def records_of(self: RecordSource, claim_ids: list[int]) -> Iterator[Any]:
        if raced:
            return original(self, claim_ids)
        raced.extend(claim_ids)
        if moment == "before the data read":
            edit_while_rendering(world, fmt)
            return original(self, claim_ids)
        records = list(original(self, claim_ids))  # every query of the page has run
        edit_while_rendering(world, fmt)
        return iter(records)

    return records_of


@TRANSACTIONAL
@pytest.mark.parametrize("moment", ["before the data read", "after the data read"])
def test_a_change_committed_while_a_page_renders_is_never_served(world, moment, monkeypatch):
    cases = world.claims["cases"].pk
    for fmt in LINE_FORMATS:
        raced: list[int] = []
        with monkeypatch.context() as patch:
            patch.setattr(RecordSource, "records_of", racing_records_of(world, moment, fmt, raced))
            first = export(fmt)
        assert cases in raced
        # no line of "cases" is stored at its current stamp (one stored with the stamp read
        # before the change is already old)
        assert not RenderedClaim.objects.filter(claim_id=cases, stamp=stamps()[cases]).exists()
        if moment == "after the data read":
            assert first != uncached(fmt)  # the export itself showed the claim as it was
        assert_uncached(export(fmt), fmt)


def first_pages_out() -> list[Iterator[bytes]]:
    """An export of each line format, one claim a page, with its first page out: it has
    read the rating scale and the first page's article, and stored the first line."""
    exports = [paged_texts(fmt) for fmt in LINE_FORMATS]
    for texts in exports:
        next(texts)
    return exports


@TRANSACTIONAL
def test_a_rating_renamed_during_an_export_is_not_stored_as_current(world):
    exports = first_pages_out()
    Rating.objects.filter(scale__is_default=True).update(label=Concat(F("label"), Value(" ✅")))
    for texts in exports:
        list(texts)  # the other pages: their stamps were read after the change
    for fmt in LINE_FORMATS:
        assert_uncached(export(fmt), fmt)


@TRANSACTIONAL
def test_an_article_edited_during_an_export_is_not_stored_as_current(world):
    exports = first_pages_out()  # the first page: "cases", of the English article
    Article.objects.filter(pk=world.articles[0].pk).update(title='Retitled, "again"')
    for texts in exports:
        list(texts)  # "formula" and "open", of the same article, come on later pages
    for fmt in LINE_FORMATS:
        assert_uncached(export(fmt), fmt)


@TRANSACTIONAL
def test_a_claim_deleted_before_its_line_is_stored_leaves_no_line(world):
    khmer = fresh(world, "khmer")
    only_khmer = ClaimFilter(status="all", articles=(khmer.article_id,))
    exports = [paged_texts(fmt, only_khmer) for fmt in LINE_FORMATS]
    for texts in exports:
        next(texts)  # rendered; stored when the export asks for the next page
    stamp = stamps()[khmer.pk]
    Claim.objects.filter(pk=khmer.pk).delete()
    for texts in exports:
        list(texts)
    # A restore (restore_backup) brings a claim back under its old id; its stamp starts
    # again at 1 and climbs with every write. A line left behind matches it sooner or later.
    Claim.objects.bulk_create([
        Claim(pk=khmer.pk, article_id=khmer.article_id, revision_id=khmer.revision_id,
              start=khmer.start, end=khmer.end, exact=khmer.exact, summary="Restored",
              created_by=world.users["bob"]),
    ])  # fmt: skip
    while stamps()[khmer.pk] < stamp:
        Claim.objects.filter(pk=khmer.pk).update(claimant=F("claimant"))
    for fmt in LINE_FORMATS:
        assert_uncached(export(fmt), fmt)
    assert not RenderedClaim.objects.exclude(claim_id__in=Claim.objects.values("pk")).exists()


# --- 6. the triggers ----------------------------------------------------------------------


def trigger_names() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {name for (name,) in cursor.fetchall()}


def expected_triggers() -> frozenset[str]:
    return cache.SQLITE_TRIGGERS if connection.vendor == "sqlite" else cache.POSTGRESQL_TRIGGERS


@pytest.mark.django_db
def test_the_migration_installs_exactly_the_listed_triggers():
    assert connection.vendor in {"sqlite", "postgresql"}
    assert cache.triggers_installed()
    assert trigger_names() == expected_triggers()
    create, _drop = migration_statements()
    created = {line.split()[2] for line in create if line.startswith("CREATE TRIGGER")}
    assert created == expected_triggers()
    for fmt in LINE_FORMATS:
        assert cache.applies(FORMATS[fmt])
    with override_settings(FACTCHECK_EXPORT_CACHE=False):
        assert not cache.applies(FORMATS["jsonl"])
    assert not cache.applies(FORMATS["claimreview"])  # not a line format


def rename_bob(world: World) -> None:
    User.objects.filter(pk=world.users["bob"].pk).update(username="bob-renamed")


def edit_review(world: World) -> None:
    Review.objects.filter(pk=own_review(world, "cases", "alice").pk).update(rationale="unstamped")


DROPPED = [
    # (table, SQLite trigger, PostgreSQL trigger, a write only that trigger would stamp)
    ("claims_review", "claims_review_stamp_upd", "claims_review_stamp", edit_review),
    ("auth_user", "auth_user_stamp_all_update", "auth_user_stamp_all", rename_bob),
]


@TRANSACTIONAL
@pytest.mark.parametrize(("table", "sqlite_name", "postgresql_name", "write"), DROPPED,
                         ids=[row[0] for row in DROPPED])  # fmt: skip
def test_a_dropped_trigger_turns_the_cache_off(world, table, sqlite_name, postgresql_name, write):
    for fmt in LINE_FORMATS:
        export(fmt)
    name = sqlite_name if connection.vendor == "sqlite" else postgresql_name
    drop = f"DROP TRIGGER {name}" + ("" if connection.vendor == "sqlite" else f" ON {table}")
    with connection.cursor() as cursor:
        cursor.execute(drop)
    try:
        assert not cache.triggers_installed()
        write(world)  # unstamped: the stored lines of "cases" are stale now
        for fmt in LINE_FORMATS:
            assert not cache.applies(FORMATS[fmt])
            assert_uncached(export(fmt), fmt)
    finally:
        recreate_trigger(name)
        # What went unstamped meanwhile would be served once the triggers are back: whoever
        # reinstalls them must empty the cache too.
        cache.clear()
    assert cache.triggers_installed() and trigger_names() == expected_triggers()
    for fmt in LINE_FORMATS:
        assert_uncached(export(fmt), fmt)


@TRANSACTIONAL
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite triggers cannot be disabled")
def test_a_disabled_trigger_turns_the_cache_off(world):
    """PostgreSQL keeps a disabled trigger in pg_trigger (tgenabled = 'D'): it exists and
    stamps nothing (ALTER TABLE ... DISABLE TRIGGER [ALL], as bulk loads do)."""
    for fmt in LINE_FORMATS:
        export(fmt)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE claims_review DISABLE TRIGGER claims_review_stamp")
    try:
        edit_review(world)
        for fmt in LINE_FORMATS:
            assert_uncached(export(fmt), fmt)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE claims_review ENABLE TRIGGER claims_review_stamp")
        cache.clear()


@TRANSACTIONAL
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
def test_a_truncated_table_is_not_served_from_the_cache(world):
    """TRUNCATE fires no row trigger (SQLite's DELETE without WHERE does, when the table
    has triggers)."""
    for fmt in LINE_FORMATS:
        export(fmt)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE claims_review CASCADE")
    for fmt in LINE_FORMATS:
        assert_uncached(export(fmt), fmt)
