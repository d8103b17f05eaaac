"""Authentication backend that loads the user with their role flags (factcheck/core/roles.py)
in one hand-written query, so a request that checks a role costs no extra query for it.

The user row is read on every request (AuthenticationMiddleware), so deactivation, role
and password changes act at once in every server process. That read is the floor of every
request's cost, which is why it is raw SQL: the ORM spends ~8x longer compiling the same
SELECT with its EXISTS subqueries than SQLite spends running it (bench/bench_claims.py).
A view that needs only one more scalar (the "changes since" poll) can ride along in the
same statement with `riding_along`, making its idle answer a single query. The row becomes
a user with Model.from_db and each field's converters, as the ORM would make it.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db import connections, router

from factcheck.core.prepared import RowConverter

from . import roles


@dataclass
class RiderQuery:
    """A scalar subquery run inside the user query of this request: `value` holds its
    answer once `ran` is true (it does not run when the request has no logged-in user)."""

    sql: str
    params: list[Any] = field(default_factory=list)
    value: Any = None
    ran: bool = False


_rider: ContextVar[RiderQuery | None] = ContextVar("factcheck_user_query_rider", default=None)


@contextmanager
def riding_along(sql: str, params: list[Any]) -> Iterator[RiderQuery]:
    """While this block loads request.user, also answer `sql` (a parenthesised-safe scalar
    subquery) in the same statement."""
    rider = RiderQuery(sql, list(params))
    token = _rider.set(rider)
    try:
        yield rider
    finally:
        _rider.reset(token)


@cache
def user_with_roles_sql(alias: str) -> str:
    """SELECT the user's columns, one EXISTS per role group, and a {rider} slot, for one
    user id. The names come from the models, so a custom user table or column name still
    works."""
    quote = connections[alias].ops.quote_name
    model = get_user_model()
    membership = model.groups.through._meta
    link, group = quote(membership.db_table), quote(Group._meta.db_table)
    link_user = quote(membership.get_field("user").column)
    link_group = quote(membership.get_field("group").column)
    user_table, user_pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    # Only quoted names from the models are put in the text; every value is a parameter.
    flags = ", ".join(
        f"EXISTS (SELECT 1 FROM {link} m JOIN {group} g"  # noqa: S608
        f" ON g.{quote(Group._meta.pk.column)} = m.{link_group}"
        f" WHERE m.{link_user} = u.{user_pk} AND g.{quote('name')} = %s)"
        f" AS {quote(f'has_role_{name}')}"
        for name in roles.ROLE_GROUPS
    )
    columns = ", ".join(f"u.{quote(field.column)}" for field in model._meta.concrete_fields)
    return f"SELECT {columns}, {flags}{{rider}} FROM {user_table} u WHERE u.{user_pk} = %s"  # noqa: S608


@cache
def user_columns() -> tuple[Any, RowConverter, list[str]]:
    """The user model's concrete fields in the query's order, the converter of their
    columns (SQLite's text to dates, 0/1 to booleans) and their attnames."""
    model = get_user_model()
    fields = model._meta.concrete_fields
    columns = tuple(field.get_col(model._meta.db_table) for field in fields)
    return fields, RowConverter(columns), [field.attname for field in fields]


class RoleAwareBackend(ModelBackend):
    """ModelBackend (passwords, is_active, permissions), but `get_user` (called on every
    request by AuthenticationMiddleware) reads the role flags in the same query and leaves
    the answer where roles.role_names looks first."""

    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        try:
            user_id = model._meta.pk.to_python(user_id)
        except Exception:  # a tampered session: no user, as ModelBackend answers
            return None
        alias = router.db_for_read(model)
        rider = _rider.get()
        params: list[Any] = [*roles.ROLE_GROUPS]
        rider_column = ""
        if rider is not None:
            rider_column = f", ({rider.sql}) AS factcheck_rider"
            params += rider.params
        params.append(user_id)
        sql = user_with_roles_sql(alias).format(rider=rider_column)
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        fields, converter, attnames = user_columns()
        (values,) = converter.convert([row[: len(fields)]], connection)
        user = model.from_db(alias, attnames, values)
        flags = row[len(fields) : len(fields) + len(roles.ROLE_GROUPS)]
        if rider is not None:
            rider.value, rider.ran = row[-1], True
        if not self.user_can_authenticate(user):
            return None
        # SQLite answers EXISTS with 0/1, PostgreSQL with a boolean.
        held = {name for name, flag in zip(roles.ROLE_GROUPS, flags, strict=True) if flag}
        roles.remember(user, held)
        return user
