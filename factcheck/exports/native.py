"""The native backup: everything in the workbench, as JSON Lines, and its restore (issue 5).

Layout, one JSON object a line, keys sorted, "\\n" line ends:

    {"format": "factcheck-native", "version": 1, "organisation": ...}
    {"model": "auth.group", "pk": null, "fields": {"name": "editor"}}
    {"model": "auth.user", "pk": 3, "fields": {"username": ..., "groups": [...], ...}}
    {"model": "claims.claim", "pk": 12, "fields": {"article_id": 1, ...}}   (one per row)
    ...
    {"end": true, "counts": {"auth.user": 4, "claims.claim": 12, ...}}

No clock in the file (the manifest says when it was made): the same data gives the same
bytes, which is how the restore is tested (export -> restore -> export). Tables come in
MODELS order, rows by primary key, fields by their column names (`attname`),
datetimes in UTC with "Z", so the same data always gives the same bytes and the ids are the
original primary keys. Everything means everything: deleted claims, hidden reviews, sources
and comments (with their hidden_* fields), every verdict of the correction chain, flags,
notifications (with mentions and email opt-ins) and the whole history. Users travel as
names and roles, never with their password hashes: a restored user has an unusable password
until an admin sets one. Role groups are matched by name (the migration creates them), so
their ids are not part of the backup.

JSON Lines rather than one JSON document so both directions stream: the export never holds
a table, the restore reads a line at a time. The closing "end" line lets the restore refuse
a truncated file.
"""

from __future__ import annotations

import base64
import contextlib
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.core.management.color import no_style
from django.db import connection, models, transaction

from factcheck.articles.models import Article, Revision, Span
from factcheck.assignments.models import Assignment
from factcheck.claims.models import (
    Claim,
    Comment,
    Rating,
    RatingScale,
    Review,
    Source,
    Tag,
    Verdict,
)
from factcheck.exports.formats._common import chunked, dumps
from factcheck.exports.records import ExportContext, Manifest, utc_iso
from factcheck.fetching.models import PageSnapshot
from factcheck.history.models import Event
from factcheck.moderation.models import Flag
from factcheck.notifications.models import EmailPreference, Mention, Notification
from factcheck.suggestions.models import SuggestionDecision

FORMAT = "factcheck-native"
VERSION = 1
NAME = "native"
MEDIA_TYPE = "application/x-ndjson"
EXTENSION = "jsonl"

USER_FIELDS = (
    "username", "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser",
    "date_joined",
)  # fmt: skip

# API tokens are left out: credentials do not travel (users come back without passwords).
# Dependency order (restore inserts in it; foreign keys are also deferred to the commit on
# both databases, so the circular ones -- Article.current_revision, Claim.verdict -- load).
MODELS: tuple[type[models.Model], ...] = (
    RatingScale,
    Rating,
    Tag,
    Article,
    Revision,
    Span,
    Claim,
    Claim.tags.through,
    Review,
    Source,
    Comment,
    # pages kept as evidence for articles and sources; their bytes travel as base64
    PageSnapshot,
    Verdict,
    Verdict.sources.through,
    Flag,
    # the users' inboxes, the mentions the claim panel marks, and email opt-ins
    Notification,
    Mention,
    EmailPreference,
    Assignment,
    # accepted and dismissed suggestions; the suggestions themselves are recomputed from
    # the revision's text (suggestions.stored.analysis_for), so they are left out
    SuggestionDecision,
    Event,
)
# Reference rows a fresh database already holds (migrations seed them); the restore replaces
# them with the backup's own, as long as nothing uses them yet.
REFERENCE_MODELS = (Rating, RatingScale)
DATA_MODELS = (User, *(model for model in MODELS if model not in REFERENCE_MODELS))


class RestoreError(Exception):
    """The file or the database is not fit for a restore; nothing was written."""


# --- export ------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):  # BinaryField: a kept page's bytes
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, datetime):
        return utc_iso(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _line(model: str, pk: Any, fields: dict[str, Any]) -> str:
    return dumps({"model": model, "pk": pk, "fields": fields}) + "\n"


def _rows(model: type[models.Model]) -> Iterator[tuple[int, dict[str, Any]]]:
    names = [field.attname for field in model._meta.concrete_fields if not field.primary_key]
    rows = model._base_manager.order_by("pk").values_list("pk", *names).iterator(chunk_size=2000)
    for row in rows:
        yield row[0], {name: _plain(value) for name, value in zip(names, row[1:], strict=True)}


def _users() -> Iterator[tuple[int, dict[str, Any]]]:
    groups: dict[int, list[str]] = {}
    for user_id, name in User.groups.through.objects.order_by("group__name").values_list(
        "user_id", "group__name"
    ):
        groups.setdefault(user_id, []).append(name)
    for row in User.objects.order_by("pk").values_list("pk", *USER_FIELDS).iterator(2000):
        fields = {name: _plain(value) for name, value in zip(USER_FIELDS, row[1:], strict=True)}
        fields["groups"] = groups.get(row[0], [])
        yield row[0], fields


def backup_lines(context: ExportContext, manifest: Manifest) -> Iterator[str]:
    manifest.begin(NAME, context)
    yield (
        dumps(
            {
                "format": FORMAT,
                "version": VERSION,
                "organisation": {
                    "name": context.organisation_name,
                    "url": context.organisation_url,
                },
            }
        )
        + "\n"
    )
    counts: dict[str, int] = {}
    for name in Group.objects.order_by("name").values_list("name", flat=True):
        yield _line("auth.group", None, {"name": name})
        counts["auth.group"] = counts.get("auth.group", 0) + 1
    for label, rows in [("auth.user", _users())] + [
        (model._meta.label_lower, _rows(model)) for model in MODELS
    ]:
        counts[label] = 0
        for pk, fields in rows:
            yield _line(label, pk, fields)
            counts[label] += 1
    manifest.exported = counts.get("claims.claim", 0)
    yield dumps({"end": True, "counts": counts}) + "\n"


def stream_backup(context: ExportContext, manifest: Manifest) -> Iterator[bytes]:
    return chunked(backup_lines(context, manifest))


@contextlib.contextmanager
def snapshot() -> Iterator[None]:
    """One consistent read of the whole database for a backup (or a long export), without
    blocking writers: a REPEATABLE READ transaction on PostgreSQL; on SQLite a DEFERRED one
    (the settings' IMMEDIATE would take the write lock for the whole read) -- in WAL mode its
    first read pins a snapshot and writers carry on."""
    if connection.in_atomic_block:
        yield  # already inside a transaction (tests, or a caller's own): use it
        return
    if connection.vendor == "sqlite":
        saved = getattr(connection, "transaction_mode", None)
        connection.transaction_mode = "DEFERRED"
        try:
            with transaction.atomic():
                yield
        finally:
            connection.transaction_mode = saved
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


# --- restore -----------------------------------------------------------------------------


def occupied_tables() -> list[str]:
    """The data tables that already hold rows (a restore needs none)."""
    return [model._meta.label_lower for model in DATA_MODELS if model._base_manager.exists()]


def restore(lines: Iterable[str | bytes]) -> dict[str, int]:
    """Load a native backup into an empty database, all or nothing. Returns rows per table."""
    source = iter(lines)
    header = _json(next(source, b""), 1)
    if header.get("format") != FORMAT:
        raise RestoreError("This is not a factcheck native backup (no format header).")
    if header.get("version") != VERSION:
        raise RestoreError(
            f"Backup format version {header.get('version')!r} is not supported "
            f"(this version reads {VERSION})."
        )
    with transaction.atomic():
        occupied = occupied_tables()
        if occupied:
            raise RestoreError(
                "The database is not empty: "
                + ", ".join(occupied)
                + " already hold rows. Restore into a freshly migrated database."
            )
        for model in REFERENCE_MODELS:  # unreferenced: no claim, review or verdict exists
            model._base_manager.all().delete()
        loader = _Loader()
        counts = loader.load(source)
        _reset_sequences()
    return counts


def _json(line: str | bytes, number: int) -> dict[str, Any]:
    try:
        value = json.loads(line)
    except ValueError as error:
        raise RestoreError(f"line {number} is not JSON: {error}") from error
    if not isinstance(value, dict):
        raise RestoreError(f"line {number} is not a JSON object")
    return value


class _Loader:
    BATCH = 1000

    def __init__(self) -> None:
        self.models = {model._meta.label_lower: model for model in MODELS}
        self.groups: dict[str, int] = {}
        self.counts: dict[str, int] = {}
        self.batch: list[models.Model] = []
        self.batch_model: type[models.Model] | None = None
        self.memberships: list[Any] = []

    def load(self, source: Iterator[str | bytes]) -> dict[str, int]:
        for number, raw in enumerate(source, start=2):
            row = _json(raw, number)
            if row.get("end") is True:
                self.flush()
                self._check_end(row, source)
                return self.counts
            label = row.get("model")
            self.counts[label] = self.counts.get(label, 0) + 1
            if label == "auth.group":
                self._group(row["fields"]["name"])
            elif label == "auth.user":
                self._add(User, self._user(row))
            elif label in self.models:
                model = self.models[label]
                self._add(model, _instance(model, row["pk"], row["fields"], number))
            else:
                raise RestoreError(f"line {number}: unknown table {label!r}")
        raise RestoreError("The backup is truncated: its closing line is missing.")

    def _check_end(self, row: dict[str, Any], source: Iterator[str | bytes]) -> None:
        expected = {label: n for label, n in row.get("counts", {}).items() if n}
        if expected != self.counts:
            raise RestoreError(
                f"Row counts differ from the backup's own: {expected} vs {self.counts}"
            )
        if any(line.strip() for line in source):
            raise RestoreError("There is data after the backup's closing line.")

    def _group(self, name: str) -> None:
        self.groups[name] = Group.objects.get_or_create(name=name)[0].pk

    def _user(self, row: dict[str, Any]) -> User:
        fields = dict(row["fields"])
        for name in fields.pop("groups", []):
            if name not in self.groups:
                self._group(name)
            self.memberships.append(
                User.groups.through(user_id=row["pk"], group_id=self.groups[name])
            )
        user = User(pk=row["pk"], password=make_password(None))  # unusable until reset
        for name in USER_FIELDS:
            if name in fields:
                setattr(user, name, fields[name])
        user.date_joined = datetime.fromisoformat(fields["date_joined"])
        return user

    def _add(self, model: type[models.Model], instance: models.Model) -> None:
        if model is not self.batch_model or len(self.batch) >= self.BATCH:
            self.flush()
            self.batch_model = model
        self.batch.append(instance)

    def flush(self) -> None:
        if self.batch and self.batch_model is not None:
            _insert(self.batch_model, self.batch)
            if self.batch_model is User and self.memberships:
                User.groups.through.objects.bulk_create(self.memberships)
                self.memberships = []
        self.batch = []


def _instance(model: type[models.Model], pk: Any, fields: dict[str, Any], number: int) -> Any:
    known = {field.attname: field for field in model._meta.concrete_fields}
    unknown = set(fields) - set(known)
    if unknown:
        raise RestoreError(f"line {number}: {model._meta.label_lower} has no {sorted(unknown)}")
    values = {}
    for name, value in fields.items():
        field = known[name]
        if value is not None and isinstance(field, models.DateTimeField):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(field, models.DateField):
            value = date.fromisoformat(value)
        elif value is not None and isinstance(field, models.BinaryField):
            value = base64.b64decode(value, validate=True)
        values[name] = value
    return model(pk=pk, **values)


def _insert(model: type[models.Model], objects: list[models.Model]) -> None:
    """INSERT the rows as they are. This is bulk_create's own insert with raw=True (as
    loaddata saves raw): bulk_create would run each field's pre_save, and auto_now fields
    (updated_at) would take today's date instead of the backup's. It is also the only way
    events are written outside history.services.record: a plain INSERT, which the
    append-only Event model allows (it refuses updates and deletes)."""
    fields = list(model._meta.concrete_fields)
    size = connection.ops.bulk_batch_size(fields, objects) or len(objects)
    for start in range(0, len(objects), max(1, size)):
        model._base_manager._insert(objects[start : start + size], fields=fields, raw=True)


def _reset_sequences() -> None:
    """PostgreSQL's id sequences still start at 1 after explicit ids: move them past the
    restored rows (SQLite takes max(id) + 1 by itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), [User, Group, *MODELS])
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
