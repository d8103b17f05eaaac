"""The rendered-claim cache's commands: fill_export_cache renders every missing line ahead
of the first export (after a release, a restore or a clear), clear_export_cache empties it.
"""

from __future__ import annotations

import io
import sys

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from factcheck.claims.models import Claim
from factcheck.exports import cache
from factcheck.exports.formats import FORMATS
from factcheck.exports.models import RenderedClaim
from factcheck.exports.run import prepare
from tests.exports.cache_support import (
    EVERY_CLAIM,
    LINE_FORMATS,
    TRANSACTIONAL,
    assert_uncached,
    export,
    recreate_trigger,
    stored_ids,
    visible_ids,
)


def fill(*arguments: str) -> str:
    out = io.StringIO()
    call_command("fill_export_cache", *arguments, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def current(fmt: str) -> int:
    return cache.current_lines(FORMATS[fmt], prepare(fmt, EVERY_CLAIM).context)


@TRANSACTIONAL
def test_fill_stores_every_claims_line_and_the_next_export_renders_none(world, renders):
    ids = visible_ids()
    assert len(ids) > 3
    report = fill()
    assert renders == [ids, ids]  # each format rendered every claim, once
    for fmt in LINE_FORMATS:
        assert stored_ids(fmt) == set(ids)
        assert f"{fmt}: {len(ids)} lines rendered; {len(ids)} of {len(ids)} claims now" in report
    renders.clear()
    for fmt in LINE_FORMATS:
        assert_uncached(export(fmt), fmt)
    assert renders == []  # every line was there


@TRANSACTIONAL
def test_fill_renders_only_the_claims_changed_since(world, renders):
    ids = visible_ids()
    fill()
    changed = ids[1]
    Claim.objects.filter(pk=changed).update(summary="Changed after the fill 😀")
    renders.clear()
    report = fill("--format", "jsonl")
    assert renders == [[changed]]
    assert f"jsonl: 1 lines rendered; {len(ids)} of {len(ids)} claims now" in report
    assert "csv" not in report
    assert current("jsonl") == len(ids) and current("csv") == len(ids) - 1
    assert_uncached(export("jsonl"), "jsonl")


@TRANSACTIONAL
def test_fill_refuses_when_the_cache_is_off_and_stores_nothing(world):
    with override_settings(FACTCHECK_EXPORT_CACHE=False), pytest.raises(CommandError, match="off"):
        fill()
    assert not RenderedClaim.objects.exists()


@TRANSACTIONAL
def test_fill_refuses_while_a_trigger_is_missing(world):
    if connection.vendor == "sqlite":
        name, drop = "claims_review_stamp_upd", "DROP TRIGGER claims_review_stamp_upd"
    else:
        name, drop = "claims_review_stamp", "DROP TRIGGER claims_review_stamp ON claims_review"
    with connection.cursor() as cursor:
        cursor.execute(drop)
    try:
        with pytest.raises(CommandError, match="migrate exports zero"):
            fill()
        assert not RenderedClaim.objects.exists()
    finally:
        recreate_trigger(name)
    assert cache.triggers_installed()


@TRANSACTIONAL
def test_clear_empties_the_cache_and_the_next_export_renders_again(world, renders):
    ids = visible_ids()
    fill()
    out = io.StringIO()
    call_command("clear_export_cache", stdout=out)
    assert out.getvalue().strip() == f"removed {2 * len(ids)} rendered claim lines"
    assert not RenderedClaim.objects.exists()
    renders.clear()
    assert_uncached(export("csv"), "csv")
    assert renders == [ids]


@TRANSACTIONAL
def test_a_fill_of_a_full_cache_reads_no_stored_line(world, renders):
    ids = visible_ids()
    fill()
    context = prepare("jsonl", EVERY_CLAIM).context
    texts = list(cache.claim_texts(FORMATS["jsonl"], EVERY_CLAIM, context, stored_texts=False))
    assert texts == [b""] * len(ids)  # what fill walks over: no line's bytes
    stored = b"".join(cache.claim_texts(FORMATS["jsonl"], EVERY_CLAIM, context))
    assert len(stored.splitlines()) == len(ids)
    assert renders == [ids, ids]  # the first fill rendered; neither read since did


@TRANSACTIONAL
def test_fill_stops_at_a_failed_store_and_says_so(world, monkeypatch, renders):
    ids = visible_ids()
    monkeypatch.setattr(cache, "_store", lambda *arguments: False)  # the database refuses
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"no current line: csv \(\d+\)"):
        call_command("fill_export_cache", "--format", "csv", stdout=out, stderr=io.StringIO())
    assert f"0 of {len(ids)} claims now have a current line" in out.getvalue()
    assert not RenderedClaim.objects.exists()
    # A page at a time: nothing is rendered after the first page that could not be stored.
    renders.clear()
    context = prepare("csv", EVERY_CLAIM).context
    texts = cache.claim_texts(FORMATS["csv"], EVERY_CLAIM, context, chunk_size=2,
                              stored_texts=False, until_a_store_fails=True)  # fmt: skip
    assert len(list(texts)) == 2
    assert renders == [ids[:2]]


@TRANSACTIONAL
def test_the_advice_for_missing_triggers_brings_the_cache_back(world):
    name = "claims_review_stamp_upd" if connection.vendor == "sqlite" else "claims_review_stamp"
    table = "" if connection.vendor == "sqlite" else " ON claims_review"
    fill("--format", "jsonl")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {name}{table}")
    with pytest.raises(CommandError, match="migrate exports zero") as refused:
        fill()
    assert "`manage.py migrate exports`" in str(refused.value)
    quiet = {"verbosity": 0, "stdout": io.StringIO()}
    call_command("migrate", "exports", "zero", **quiet)
    call_command("migrate", "exports", **quiet)
    assert cache.triggers_installed()
    ids = visible_ids()
    assert f"jsonl: {len(ids)} lines rendered; {len(ids)} of {len(ids)} claims now" in fill()
    assert_uncached(export("jsonl"), "jsonl")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@TRANSACTIONAL
def test_fill_shows_a_progress_bar_on_a_terminal_only(world, monkeypatch):
    ids = visible_ids()
    monkeypatch.setattr("sys.stderr", Terminal())
    fill("--format", "csv")
    assert "csv: rendering: 100%" in sys.stderr.getvalue()
    assert f"{len(ids)}/{len(ids)}" in sys.stderr.getvalue()
    monkeypatch.setattr("sys.stderr", io.StringIO())  # a pipe or a log
    call_command("clear_export_cache", stdout=io.StringIO())
    fill("--format", "csv")
    assert sys.stderr.getvalue() == ""
