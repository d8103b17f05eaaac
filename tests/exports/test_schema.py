"""The migrated schema keeps nothing of the rendered-claim cache (exports migration 0001,
removed by 0002): no trigger on any table, so a write pays for no export, no trigger
function left behind on PostgreSQL, and neither of its two tables."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def triggers() -> list[tuple[str, str]]:
    """(table, trigger) for every trigger the database holds."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t"
                " INNER JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal"
            )
        else:
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        return sorted(cursor.fetchall())


def test_no_table_has_a_trigger():
    tables = set(connection.introspection.table_names())
    assert "claims_claim" in tables
    assert [(table, name) for table, name in triggers() if table in tables] == []


def test_the_cache_tables_are_gone():
    tables = set(connection.introspection.table_names())
    assert not {"exports_claimstamp", "exports_renderedclaim"} & tables


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite triggers have no function")
def test_no_trigger_function_is_left_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.proname FROM pg_proc p INNER JOIN pg_namespace n ON n.oid = p.pronamespace"
            " WHERE n.nspname = current_schema() AND p.prorettype = 'trigger'::regtype"
        )
        assert cursor.fetchall() == []
