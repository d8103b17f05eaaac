"""Prepared reads: a QuerySet's SQL built once per process, then run with new values.

Building and compiling a QuerySet costs this machine 0.5-1.5 ms; running the SQL it makes
costs SQLite 0.05-0.1 ms (bench/bench_claims.py). On the paths a reviewer waits for on
every keystroke-sized action (saving a review, marking a claim) that overhead was most of
the request. A PreparedRead asks Django for the SQL of a `values_list` QuerySet once per
database connection kind, keeps it, and runs it again with other parameter values; the
rows come back as tuples converted exactly as the QuerySet converts them (dates, booleans,
JSON). The SQL is Django's own for the backend, so SQLite and PostgreSQL both work, and
queries still show in connection.queries and query-count tests.

How the values find their places: the QuerySet is built once with sentinel integers in
place of the arguments, and the positions where those sentinels land in the compiled
parameters are remembered. So arguments are integers (ids, versions) compared in SQL, each
used as a query parameter: a build that folds an argument into the SQL text, converts it,
or does not use it, is refused when it is first compiled.
"""

from collections.abc import Callable
from dataclasses import dataclass
from threading import Lock
from typing import Any
from weakref import WeakKeyDictionary

from django.db import connections
from django.db.models.query import FlatValuesListIterable, QuerySet, ValuesListIterable

# Integers no id, count or version takes; each stands for one argument while compiling.
_SENTINELS = tuple(-(2**62) - index for index in range(8))


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    slots: tuple[tuple[int, int], ...]  # (position in params, argument index)
    converter: "RowConverter"  # the selected expressions' converters
    flat: bool


class PreparedRead:
    """`build(*sentinels)` returns a values_list QuerySet; calling the PreparedRead with as
    many arguments returns its rows (a list of tuples, or of values when flat=True)."""

    def __init__(self, build: Callable[..., QuerySet[Any]], *, arguments: int = 1) -> None:
        if not 0 <= arguments <= len(_SENTINELS):
            raise ValueError(f"a PreparedRead takes 0 to {len(_SENTINELS)} arguments")
        self._build = build
        self._arguments = arguments
        self._compiled: dict[tuple[str, str], _Compiled] = {}
        self._lock = Lock()

    def __call__(self, *arguments: Any, using: str = "default") -> list[Any]:
        if len(arguments) != self._arguments:
            raise TypeError(f"expected {self._arguments} arguments, got {len(arguments)}")
        connection = connections[using]
        compiled = self._compiled.get((using, connection.vendor))
        if compiled is None:
            compiled = self._compile(using)
        params = list(compiled.params)
        for position, index in compiled.slots:
            params[position] = arguments[index]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        rows = compiled.converter.convert(rows, connection)
        if compiled.flat:
            return [row[0] for row in rows]
        return rows

    def _compile(self, using: str) -> _Compiled:
        with self._lock:
            sentinels = _SENTINELS[: self._arguments]
            queryset = self._build(*sentinels)
            if queryset._iterable_class not in (ValuesListIterable, FlatValuesListIterable):
                raise TypeError("a PreparedRead is built from a values_list() QuerySet")
            compiler = queryset.query.get_compiler(using=using)
            sql, params = compiler.as_sql()
            slots = tuple(
                (position, sentinels.index(value))
                for position, value in enumerate(params)
                if isinstance(value, int) and value in sentinels
            )
            used = {index for _, index in slots}
            if used != set(range(self._arguments)):
                missing = sorted(set(range(self._arguments)) - used)
                raise ValueError(f"arguments {missing} are not query parameters in: {sql}")
            compiled = _Compiled(
                sql=sql,
                params=tuple(params),
                slots=slots,
                converter=RowConverter(
                    tuple(selected[0] for selected in compiler.select[: compiler.col_count])
                ),
                flat=queryset._iterable_class is FlatValuesListIterable,
            )
            self._compiled[(using, connections[using].vendor)] = compiled
            return compiled


class RowConverter:
    """What SQLCompiler.results_iter does to rows of some column expressions (Col): the
    backend's and each field's converters (SQLite's text to dates, 0/1 to booleans, JSON),
    looked up once per connection (connections are per thread; an entry goes with its
    connection, so threads that come and go, as under runserver, leave nothing behind)."""

    def __init__(self, columns: tuple[Any, ...]) -> None:
        self.columns = columns
        self._by_connection: WeakKeyDictionary[Any, list[Any]] = WeakKeyDictionary()

    def convert(self, rows: list[Any], connection: Any) -> list[Any]:
        converters = self._by_connection.get(connection)
        if converters is None:
            converters = self._by_connection[connection] = self._find(connection)
        if not converters:
            return rows
        converted = []
        for row in rows:
            values = list(row)
            for position, found, column in converters:
                for converter in found:
                    values[position] = converter(values[position], column, connection)
            converted.append(tuple(values))
        return converted

    def _find(self, connection: Any) -> list[Any]:
        found = []
        for position, column in enumerate(self.columns):
            backend = connection.ops.get_db_converters(column)
            field = column.get_db_converters(connection)
            if backend or field:
                found.append((position, backend + field, column))
        return found


class PreparedModels:
    """Model instances through a PreparedRead: `build(*arguments)` returns a QuerySet of
    the model (filters, ordering, select_for_update; no values(), no select_related). Its
    concrete fields are read, plus for each `related` foreign key the named fields of the
    object it points to, which is set on the instance as if select_related had loaded it
    (other fields of that object load on first use, as deferred fields do)."""

    def __init__(
        self,
        build: Callable[..., QuerySet[Any]],
        *,
        arguments: int = 1,
        related: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        self._build = build
        self._arguments = arguments
        self._related = dict(related or {})
        self._shape: tuple[Any, list[str], list[tuple[Any, list[str], list[str]]]] | None = None
        self._read: PreparedRead | None = None

    def __call__(self, *arguments: Any, using: str = "default") -> list[Any]:
        if self._read is None:
            self._prepare()
        assert self._read is not None and self._shape is not None
        model, own, related = self._shape
        width = len(own)
        objects = []
        for row in self._read(*arguments, using=using):
            instance = model.from_db(using, own, row[:width])
            start = width
            for foreign_key, names, ordered in related:
                values = dict(zip(names, row[start : start + len(names)], strict=True))
                start += len(names)
                target_id = getattr(instance, foreign_key.attname)
                if target_id is None:
                    continue
                target = foreign_key.related_model
                values[target._meta.pk.attname] = target_id
                # from_db takes a subset of fields in the model's field order
                loaded = target.from_db(using, ordered, [values[name] for name in ordered])
                setattr(instance, foreign_key.name, loaded)
            objects.append(instance)
        return objects

    def _prepare(self) -> None:
        model = self._build(*_SENTINELS[: self._arguments]).model
        own = [field.attname for field in model._meta.concrete_fields]
        related = []
        lookups = []
        for name, names in self._related.items():
            foreign_key = model._meta.get_field(name)
            if foreign_key.target_field != foreign_key.related_model._meta.pk:
                raise ValueError(f"{name}: only foreign keys to a primary key")
            target = foreign_key.related_model._meta
            attnames = [target.get_field(field).attname for field in names]
            pk_name = target.pk.attname
            ordered = [
                field.attname
                for field in target.concrete_fields
                if field.attname == pk_name or field.attname in attnames
            ]
            related.append((foreign_key, attnames, ordered))
            lookups += [f"{name}__{field}" for field in attnames]

        def build_values(*arguments: Any) -> QuerySet[Any]:
            return self._build(*arguments).values_list(*own, *lookups)

        self._shape = (model, own, related)
        self._read = PreparedRead(build_values, arguments=self._arguments)


class PreparedInsert:
    """INSERT of one instance of a model, the statement built once per process: what
    Model.save does for a new row (each field's pre_save, so auto_now and auto_now_add
    are filled, and its get_db_prep_save), without save's per-call query building and
    without the pre_save/post_save signals (no receiver in this project listens on the
    models it is used for; tests/core/test_prepared.py checks that). The new id comes back
    through RETURNING (where a backend has none, from the cursor) and is set on the
    instance, which is then saved as far as Django is concerned."""

    def __init__(self, model: Any) -> None:
        self._model = model
        self._statements: dict[tuple[str, str], tuple[str, list[Any]]] = {}

    def __call__(self, instance: Any, *, using: str = "default") -> Any:
        if type(instance) is not self._model:
            raise TypeError(f"expected a {self._model.__name__}, got {type(instance).__name__}")
        if not instance._state.adding:
            raise ValueError("only a new instance can be inserted")
        connection = connections[using]
        key = (using, connection.vendor)
        statement = self._statements.get(key) or self._build(key, connection)
        sql, fields = statement
        values = [
            field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields
        ]
        opts = self._model._meta
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            if connection.features.can_return_columns_from_insert:
                (new_id,) = cursor.fetchone()
            else:  # a backend without RETURNING: the id the cursor reports
                new_id = connection.ops.last_insert_id(cursor, opts.db_table, opts.pk.column)
        setattr(instance, opts.pk.attname, opts.pk.to_python(new_id))
        instance._state.adding = False
        instance._state.db = using
        return instance

    def _build(self, key: tuple[str, str], connection: Any) -> tuple[str, list[Any]]:
        opts = self._model._meta
        fields = [
            field
            for field in opts.concrete_fields
            if field is not opts.auto_field and not getattr(field, "generated", False)
        ]
        if opts.auto_field is None or any(field.has_db_default() for field in fields):
            raise ValueError(f"{opts.label}: only models with an auto id and no db_default")
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in fields)
        placeholders = ", ".join(["%s"] * len(fields))
        returning = ""
        if connection.features.can_return_columns_from_insert:
            returning = " " + connection.ops.returning_columns([opts.pk])[0]
        # Only quoted names from the model go into the text; every value is a parameter.
        table = quote(opts.db_table)
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders}){returning}"  # noqa: S608
        self._statements[key] = (sql, fields)
        return sql, fields


class PreparedUpdate:
    """UPDATE of some fields of one row, by id, the statement built once per process:
    `UPDATE t SET f1 = %s, ... WHERE id = %s [AND m1 = %s ...] [AND g NOT IN (...)]`.
    `matching` names fields whose stored value must equal the one given with the call
    (an optimistic lock: version); `unless` keeps rows whose field holds one of the given
    values (a guard the statement enforces, so it holds even against a writer this process
    did not see). Values are prepared by each field's get_db_prep_save, as QuerySet.update
    does; returns the number of rows changed. No signals are sent, as with
    QuerySet.update."""

    def __init__(
        self,
        model: Any,
        fields: tuple[str, ...],
        *,
        matching: tuple[str, ...] = (),
        unless: tuple[str, tuple[Any, ...]] | None = None,
    ) -> None:
        self._model = model
        self._field_names = fields
        self._matching = matching
        self._unless = unless
        self._statements: dict[tuple[str, str], tuple[str, list[Any], list[Any], list[Any]]] = {}

    def __call__(
        self, pk: Any, *, where: dict[str, Any] | None = None, using: str = "default", **values: Any
    ) -> int:
        where = where or {}
        if set(values) != set(self._field_names) or set(where) != set(self._matching):
            raise TypeError(
                f"expected values for {', '.join(self._field_names)}"
                f" and where= values for {', '.join(self._matching) or 'nothing'}"
            )
        connection = connections[using]
        key = (using, connection.vendor)
        sql, fields, matched, guard = self._statements.get(key) or self._build(key, connection)
        params = [
            field.get_db_prep_save(_saved(values[field.name], field), connection)
            for field in fields
        ]
        params.append(self._model._meta.pk.get_db_prep_value(pk, connection))
        params += [field.get_db_prep_value(where[field.name], connection) for field in matched]
        params += guard
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return int(cursor.rowcount)

    def _build(
        self, key: tuple[str, str], connection: Any
    ) -> tuple[str, list[Any], list[Any], list[Any]]:
        opts = self._model._meta
        quote = connection.ops.quote_name
        fields = [opts.get_field(name) for name in self._field_names]
        matched = [opts.get_field(name) for name in self._matching]
        assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
        conditions = [f"{quote(field.column)} = %s" for field in [opts.pk, *matched]]
        guard: list[Any] = []
        if self._unless is not None:
            name, kept = self._unless
            field = opts.get_field(name)
            guard = [field.get_db_prep_value(value, connection) for value in kept]
            conditions.append(f"{quote(field.column)} NOT IN ({', '.join(['%s'] * len(kept))})")
        # Only quoted names from the model go into the text; every value is a parameter.
        table = quote(opts.db_table)
        sql = f"UPDATE {table} SET {assignments} WHERE {' AND '.join(conditions)}"  # noqa: S608
        self._statements[key] = (sql, fields, matched, guard)
        return sql, fields, matched, guard


def _saved(value: Any, field: Any) -> Any:
    """A model instance given for a foreign key stands for its id (QuerySet.update does
    the same)."""
    if hasattr(value, "prepare_database_save"):
        return value.prepare_database_save(field)
    return value
