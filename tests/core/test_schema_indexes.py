"""The migrated schema's indexes, on SQLite and PostgreSQL: every foreign key of the project's
models is the leading column of some index (its lookups and ON DELETE checks never scan the
table), and no single-column index repeats the lead of a wider one (each costs a b-tree write
on every insert and serves nothing the wider one does not)."""

import pytest
from django.apps import apps
from django.db import connection, models

PROJECT_APPS = ("articles", "claims", "history", "moderation", "exports", "core")


def project_tables() -> list[str]:
    """The tables of the project's own models. Not the tables Django makes for a
    ManyToManyField: their layout (an index per foreign key beside the unique pair) is
    Django's, and changing it would take a through model of our own."""
    return sorted(
        {
            model._meta.db_table
            for model in apps.get_models()
            if model._meta.app_label in PROJECT_APPS and model._meta.managed
        }
    )


def indexed_column_lists(table: str) -> list[tuple[str, list[str]]]:
    """(name, columns) of every index, unique constraint and primary key of `table`. The
    project's partial indexes (a WHERE clause) lead with no foreign key column, so they need
    no telling apart here (SQLite's introspection does not report the condition)."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [
        (name, info["columns"])
        for name, info in constraints.items()
        if (info["index"] or info["unique"] or info["primary_key"]) and info["columns"]
    ]


@pytest.mark.django_db
def test_every_foreign_key_leads_an_index():
    unindexed = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label not in PROJECT_APPS:
            continue
        leads = {columns[0] for _name, columns in indexed_column_lists(model._meta.db_table)}
        for field in model._meta.local_fields:
            if isinstance(field, models.ForeignKey) and field.column not in leads:
                unindexed.append(f"{model._meta.db_table}.{field.column}")
    assert unindexed == []


@pytest.mark.django_db
def test_no_single_column_index_repeats_the_lead_of_a_wider_one():
    tables = project_tables()
    assert "history_event" in tables and "claims_review" in tables
    redundant = []
    for table in tables:
        indexes = indexed_column_lists(table)
        for name, columns in indexes:
            if len(columns) != 1:
                continue
            wider = [other for other, cols in indexes if len(cols) > 1 and cols[0] == columns[0]]
            if wider and not _is_unique(table, name):
                redundant.append(f"{name} (covered by {', '.join(sorted(wider))})")
    assert redundant == []


def _is_unique(table: str, name: str) -> bool:
    with connection.cursor() as cursor:
        info = connection.introspection.get_constraints(cursor, table)[name]
    return bool(info["unique"] or info["primary_key"])
