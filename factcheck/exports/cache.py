"""The rendered-claim cache: each claim's JSON line and CSV row, kept between exports.

Why: an export of the line formats spends nearly all its time reading a claim's fifty-odd
values out of the database and escaping them, about 60 µs per claim on a small server,
while a newsroom exports the same claims again and again, changing a few between runs.
A line rendered once is read back as one value.

How it stays correct:

- `ClaimStamp` holds a counter per claim that database triggers raise in the transaction of
  any change an export shows of the claim (migration 0001 lists the tables). Triggers see
  every write path: services, the admin, bulk writes, restores, raw SQL.
- A `RenderedClaim` row is used only while its stamp equals the claim's stamp and its key
  (`cache_key`: the writer's code and the export context) equals the export's. Anything
  else is a miss: the claim is rendered from the database as before (query.RecordSource).
- A miss is stored with the stamp read *before* the claim's data (its ratings and article
  included) was read, and only if that stamp is still the claim's when the line is written:
  a change that lands in between leaves an old stamp or none, so the line is rendered again
  next time, never served stale; a claim deleted meanwhile leaves no line behind.
- Lines are stored only outside a transaction (a download streaming in autocommit), in a
  short transaction of their own per page; an export inside a snapshot (the command's) or
  a test's transaction reads the cache and stores nothing. A failed store (the database is
  busy, read-only) costs the cache, never the export.
- The cache is used only while all its triggers exist (`triggers_installed`): SQLite drops
  a table's triggers when a migration rebuilds the table, and a cache nobody invalidates
  would serve stale claims.

The cache holds nothing of its own; `clear()` empties it and the next export refills it.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models import OuterRef, Subquery

from factcheck.claims.models import Claim
from factcheck.exports.formats._common import CHUNK_CHARS
from factcheck.exports.models import ClaimStamp, RenderedClaim
from factcheck.exports.query import CHUNK_SIZE, ClaimFilter, RecordSource, public_url
from factcheck.exports.records import ClaimRecord, ExportContext, Manifest

logger = logging.getLogger(__name__)

# The triggers migration 0001 creates, by database. A test holds these to the migration.
SQLITE_TRIGGERS = frozenset(
    [f"{table}_stamp_{event}" for table in ("claims_claim", "claims_verdict", "claims_review",
                                            "claims_source", "claims_claim_tags",
                                            "claims_verdict_sources")
     for event in ("ins", "upd", "del")]
    + ["articles_article_stamp_upd", "articles_revision_stamp_upd", "auth_user_stamp_all_update",
       "claims_tag_stamp_all_update", "claims_rating_stamp_all_insert",
       "claims_rating_stamp_all_update", "claims_rating_stamp_all_delete",
       "claims_ratingscale_stamp_all_update", "claims_ratingscale_stamp_all_delete"]
)  # fmt: skip
POSTGRESQL_TRIGGERS = frozenset(
    [f"{table}_stamp" for table in ("claims_claim", "claims_verdict", "claims_review",
                                    "claims_source", "claims_claim_tags",
                                    "claims_verdict_sources", "articles_article",
                                    "articles_revision")]
    + [f"{table}_stamp_all" for table in ("auth_user", "claims_tag", "claims_rating",
                                          "claims_ratingscale")]
    + [f"{table}_stamp_truncate" for table in ("claims_claim", "claims_verdict", "claims_review",
                                               "claims_source", "claims_claim_tags",
                                               "claims_verdict_sources")]
)  # fmt: skip


class CachedFormat(Protocol):
    """A format whose export is a head and then one text per claim, each a function of
    the claim's record and the export context alone (JSON Lines, CSV)."""

    name: str
    needs: frozenset[str]

    def head(self, context: ExportContext) -> str: ...

    def renderer(self, context: ExportContext) -> Callable[[ClaimRecord], str]: ...


def applies(fmt: object, database: str = "default") -> bool:
    return (
        settings.FACTCHECK_EXPORT_CACHE
        and hasattr(fmt, "renderer")
        and triggers_installed(database)
    )


def triggers_installed(database: str = "default") -> bool:
    connection = connections[database]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            expected = SQLITE_TRIGGERS
        elif connection.vendor == "postgresql":
            # A disabled trigger ('D', or 'R': replica only) is there and stamps nothing.
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled IN ('O', 'A')"
            )
            expected = POSTGRESQL_TRIGGERS
        else:
            return False
        present = {name for (name,) in cursor.fetchall()}
    missing = expected - present
    if missing:
        logger.warning("export cache off: triggers missing: %s", ", ".join(sorted(missing)))
    return not missing


@cache
def _code_fingerprint(module_file: str) -> str:
    """The source of the writer's module and of everything its text depends on: a release
    that changes any of them makes every stored line a miss, with no version to bump."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in (Path(module_file), here / "formats" / "_common.py", here / "records.py",
                 here / "query.py", Path(__file__)):  # fmt: skip
        digest.update(path.resolve().read_bytes())
    return digest.hexdigest()


def cache_key(fmt: CachedFormat, context: ExportContext) -> str:
    """What a stored line depends on besides the claim: the writer's code, the Python that
    ran it, and the export context (organisation, public base URL, the public page's path)."""
    code = _code_fingerprint(inspect.getfile(type(fmt)))
    parts = (fmt.name, code, sys.version, context.organisation_name, context.organisation_url,
             context.base_url, public_url(context, 1))  # fmt: skip
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def stream(
    fmt: CachedFormat,
    claim_filter: ClaimFilter,
    context: ExportContext,
    manifest: Manifest,
    *,
    progress: Callable[[Iterator[bytes]], Iterator[bytes]] | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[bytes]:
    """The export's bytes: the format's head, then each claim's stored or fresh text."""
    manifest.begin(fmt.name, context)
    texts = claim_texts(fmt, claim_filter, context, chunk_size=chunk_size)
    if progress is not None:
        texts = progress(texts)
    return _chunks(fmt.head(context).encode(), texts, manifest)


def _chunks(head: bytes, texts: Iterable[bytes], manifest: Manifest) -> Iterator[bytes]:
    buffer, length, count = [head], len(head), 0
    for text in texts:
        buffer.append(text)
        length += len(text)
        count += 1
        if length >= CHUNK_CHARS:
            manifest.exported += count
            count = 0
            yield b"".join(buffer)
            buffer.clear()
            length = 0
    manifest.exported += count
    if buffer:
        yield b"".join(buffer)


def claim_texts(
    fmt: CachedFormat,
    claim_filter: ClaimFilter,
    context: ExportContext,
    *,
    chunk_size: int = CHUNK_SIZE,
    stored_texts: bool = True,
    until_a_store_fails: bool = False,
) -> Iterator[bytes]:
    """Each claim's text as UTF-8, in the filter's (primary key) order. Without
    `stored_texts`, a claim whose line is stored gives b"" instead of it (`fill` only
    renders what is missing, and need not read 300 MB of lines to learn which). With
    `until_a_store_fails`, the texts end after the first page whose lines could not be
    stored (`fill` renders only to store)."""
    source = RecordSource(claim_filter, context, fmt.needs)
    render = fmt.renderer(context)
    key = cache_key(fmt, context)
    store = not source.connection.in_atomic_block
    lookup = _lookup_sql(source.connection, fmt.name, key, stored_texts=stored_texts)
    for rows, _page in source.pages(lookup, chunk_size):
        missing = [claim_id for claim_id, _stamp, body in rows if body is None]
        if not missing:
            for row in rows:
                yield row[2]
            continue
        fresh = {record.id: render(record).encode() for record in source.records_of(missing)}
        for claim_id, _stamp, body in rows:
            if body is None:
                body = fresh.get(claim_id)
                if body is None:
                    continue  # deleted since the page was read
            yield body
        if store:
            stamps = {claim_id: stamp for claim_id, stamp, body in rows if body is None}
            store = _store(source.connection, fmt.name, key, fresh, stamps)
            if not store and until_a_store_fails:
                return


def fill(
    fmt: CachedFormat,
    claim_filter: ClaimFilter,
    context: ExportContext,
    *,
    progress: Callable[[Iterator[bytes]], Iterator[bytes]] | None = None,
) -> int:
    """Renders and stores the lines an export of the filter lacks, writing nothing else;
    returns how many it rendered (0 inside a transaction, where it does nothing). It stops
    at the first page it cannot store (the database busy or read-only): count the current
    lines (`current_lines`) to learn what it stored.

    For an export that then runs inside one snapshot transaction (the command's), where it
    may read the cache but store nothing: run this first, outside any transaction, for a
    format the cache `applies` to."""
    if connections["default"].in_atomic_block:
        return 0
    texts = claim_texts(fmt, claim_filter, context, stored_texts=False, until_a_store_fails=True)
    # A stored line comes as b"", a rendered one never empty (it ends with its line break).
    return sum(1 for text in (progress(texts) if progress is not None else texts) if text)


def current_lines(fmt: CachedFormat, context: ExportContext, database: str = "default") -> int:
    """How many claims have a stored line of `fmt` that an export in `context` would serve."""
    stamps = ClaimStamp.objects.using(database).filter(claim_id=OuterRef("claim_id"))
    return (
        RenderedClaim.objects.using(database)
        .filter(format=fmt.name, key=cache_key(fmt, context))
        .filter(stamp=Subquery(stamps.values("stamp")[:1]))
        .count()
    )


def _lookup_sql(connection: Any, format_name: str, key: str, *, stored_texts: bool = True) -> str:
    """Each claim of a page with its stamp and, when current, its stored text (or, without
    `stored_texts`, an empty one)."""
    qn = connection.ops.quote_name
    claims = qn(Claim._meta.db_table)
    stamps, rendered = qn(ClaimStamp._meta.db_table), qn(RenderedClaim._meta.db_table)
    # Literals, not parameters: the page's condition brings its own parameters, and these
    # two are a format name and a hex digest, nothing that could need quoting.
    if not (format_name.isidentifier() and key.isalnum()):
        raise ValueError(f"unexpected format name or key: {format_name!r}, {key!r}")
    names = {
        "claims": claims, "stamps": stamps, "rendered": rendered, "format": qn("format"),
        "key": qn("key"), "format_name": format_name, "key_value": key, "page": "{page}",
        "body": "r.body" if stored_texts else "substr(r.body, 1, 0)",  # NULL when missing
    }  # fmt: skip
    return _LOOKUP.format_map(names)


_LOOKUP = (
    "SELECT c.id, s.stamp, {body} FROM {claims} c"
    " LEFT OUTER JOIN {stamps} s ON s.claim_id = c.id"
    " LEFT OUTER JOIN {rendered} r ON r.claim_id = c.id AND r.{format} = '{format_name}'"
    " AND r.{key} = '{key_value}' AND r.stamp = s.stamp"
    " WHERE c.id {page} ORDER BY c.id"
)
_STORE = (
    "INSERT INTO {table} (claim_id, {format}, {key}, stamp, body)"
    " SELECT %s, %s, %s, %s, %s WHERE EXISTS (SELECT 1 FROM {stamps}"
    " WHERE claim_id = %s AND stamp = %s{lock})"
    " ON CONFLICT (claim_id, {format}) DO UPDATE SET"
    " {key} = EXCLUDED.{key}, stamp = EXCLUDED.stamp, body = EXCLUDED.body"
)


def _store(
    connection: Any,
    format_name: str,
    key: str,
    bodies: dict[int, bytes],
    stamps: dict[int, int | None],
) -> bool:
    """Stores the page's fresh texts; False (store no more this export) when it cannot."""
    rows = [
        (claim_id, format_name, key, stamps[claim_id], body, claim_id, stamps[claim_id])
        for claim_id, body in bodies.items()
        if stamps.get(claim_id) is not None  # no stamp row: the triggers are behind; skip
    ]
    if not rows:
        return True
    qn = connection.ops.quote_name
    names = {"table": qn(RenderedClaim._meta.db_table), "format": qn("format"), "key": qn("key"),
             "stamps": qn(ClaimStamp._meta.db_table),
             "lock": " FOR SHARE" if connection.vendor == "postgresql" else ""}  # fmt: skip
    sql = _STORE.format_map(names)
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.executemany(sql, rows)
    except DatabaseError as error:
        logger.warning("export cache: could not store %d lines: %s", len(rows), error)
        return False
    return True


def clear(database: str = "default") -> int:
    """Empties the cache (the stamps stay: they are the triggers'). Returns the rows gone."""
    deleted, _ = RenderedClaim.objects.using(database).all().delete()
    return deleted
