"""The rendered-claim cache (exports/cache.py): its two tables, and the triggers that raise a
claim's stamp in the same transaction as any change an export shows of it.

Triggers, not signals or the services: they also see bulk writes, QuerySet.update, the
admin, restores, raw SQL and migrations, so no write path can leave a stale line behind.
The trigger SQL is written out here rather than imported, so this migration keeps doing
what it did when the code around it changes.
"""

from django.conf import settings
from django.db import migrations, models

STAMPS = "exports_claimstamp"
RENDERED = "exports_renderedclaim"

# (table, the claims a row touches, as a condition on claims_claim "c" with {row} standing
# for NEW or OLD). Insert, update and delete of each row bump those claims' stamps.
PER_CLAIM = (
    ("claims_claim", "c.id = {row}.id"),
    ("claims_verdict", "c.id = {row}.claim_id"),
    ("claims_review", "c.id = {row}.claim_id"),
    ("claims_source", "c.id = {row}.claim_id"),
    ("claims_claim_tags", "c.id = {row}.claim_id"),
    (
        "claims_verdict_sources",
        "c.id IN (SELECT v.claim_id FROM claims_verdict v WHERE v.id = {row}.verdict_id)",
    ),
)
# (table, columns whose change matters or "", the claims it touches): updates only.
PER_CLAIM_UPDATES = (
    ("articles_article", "", "c.article_id = {row}.id"),
    ("articles_revision", "", "c.revision_id = {row}.id"),
)
# (table, events, columns or ""): a change here can alter any claim's text (a user's name,
# a tag's name, a rating's label or its scale's bounds), so every stamp goes up. Rare.
EVERY_CLAIM = (
    ("auth_user", ("UPDATE",), "username"),
    ("claims_tag", ("UPDATE",), "name"),
    ("claims_rating", ("INSERT", "UPDATE", "DELETE"), ""),
    ("claims_ratingscale", ("UPDATE", "DELETE"), ""),
)


def _bump(condition: str) -> str:
    return (
        f"INSERT INTO {STAMPS} (claim_id, stamp) SELECT c.id, 1 FROM claims_claim c"
        f" WHERE {condition} ON CONFLICT (claim_id) DO UPDATE SET stamp = {STAMPS}.stamp + 1"
    )


BUMP_ALL = f"UPDATE {STAMPS} SET stamp = stamp + 1"


def sqlite_statements(user_table: str) -> tuple[list[str], list[str]]:
    create, drop = [], []

    def trigger(name: str, when: str, body: str) -> None:
        create.append(f"CREATE TRIGGER {name} {when} BEGIN {body}; END")
        drop.append(f"DROP TRIGGER IF EXISTS {name}")

    for table, condition in PER_CLAIM:
        new, old = condition.format(row="NEW"), condition.format(row="OLD")
        trigger(f"{table}_stamp_ins", f"AFTER INSERT ON {table}", _bump(new))
        trigger(f"{table}_stamp_upd", f"AFTER UPDATE ON {table}",
                _bump(f"({new}) OR ({old})"))  # fmt: skip
        if table == "claims_claim":
            body = (
                f"DELETE FROM {STAMPS} WHERE claim_id = OLD.id;"
                f" DELETE FROM {RENDERED} WHERE claim_id = OLD.id"
            )
        else:
            body = _bump(old)
        trigger(f"{table}_stamp_del", f"AFTER DELETE ON {table}", body)
    for table, _columns, condition in PER_CLAIM_UPDATES:
        trigger(f"{table}_stamp_upd", f"AFTER UPDATE ON {table}", _bump(condition.format(row="NEW")))
    for table, events, columns in EVERY_CLAIM:
        table = user_table if table == "auth_user" else table
        for event in events:
            when = f"AFTER {event}" + (f" OF {columns}" if columns else "") + f" ON {table}"
            if columns:
                when += f" WHEN NEW.{columns} IS NOT OLD.{columns}"
            trigger(f"{table}_stamp_all_{event.lower()}", when, BUMP_ALL)
    return create, drop


def postgresql_statements(user_table: str) -> tuple[list[str], list[str]]:
    create, drop = [], []

    def trigger(name: str, when: str, body: str, *, per: str = "ROW", guard: str = "") -> None:
        create.append(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$"
            f" BEGIN {body}; RETURN NULL; END $$"
        )
        create.append(
            f"CREATE TRIGGER {name} {when} FOR EACH {per}"
            + (f" WHEN ({guard})" if guard else "")
            + f" EXECUTE FUNCTION {name}()"
        )
        drop.append(f"DROP FUNCTION IF EXISTS {name}() CASCADE")

    for table, condition in PER_CLAIM:
        when = f"AFTER INSERT OR UPDATE OR DELETE ON {table}"
        if table == "claims_claim":
            # In PostgreSQL (11+) NEW is null on delete and OLD on insert.
            # The stamp goes first: a line being stored holds it FOR SHARE (cache._store),
            # so the delete waits for that store to commit and then removes its line too.
            body = (
                f"IF TG_OP = 'DELETE' THEN DELETE FROM {STAMPS} WHERE claim_id = OLD.id;"
                f" DELETE FROM {RENDERED} WHERE claim_id = OLD.id;"
                f" ELSE {_bump(condition.format(row='NEW'))}; END IF"
            )
        else:
            new, old = condition.format(row="NEW"), condition.format(row="OLD")
            body = _bump(f"({new}) OR ({old})")
        trigger(f"{table}_stamp", when, body)
    for table, _columns, condition in PER_CLAIM_UPDATES:
        trigger(f"{table}_stamp", f"AFTER UPDATE ON {table}", _bump(condition.format(row="NEW")))
    # TRUNCATE fires no row trigger: a statement trigger per table bumps every stamp (or,
    # for the claims themselves, empties the cache's tables).
    for table, _condition in PER_CLAIM:
        body = (
            f"DELETE FROM {STAMPS}; DELETE FROM {RENDERED}" if table == "claims_claim" else BUMP_ALL
        )
        trigger(f"{table}_stamp_truncate", f"AFTER TRUNCATE ON {table}", body, per="STATEMENT")
    for table, events, columns in EVERY_CLAIM:
        table = user_table if table == "auth_user" else table
        event_list = " OR ".join(
            f"{event} OF {columns}" if columns and event == "UPDATE" else event for event in events
        )
        guard = f"NEW.{columns} IS DISTINCT FROM OLD.{columns}" if columns else ""
        trigger(f"{table}_stamp_all", f"AFTER {event_list} ON {table}", BUMP_ALL,
                per="ROW" if guard else "STATEMENT", guard=guard)  # fmt: skip
    return create, drop


def _statements(schema_editor, apps) -> tuple[list[str], list[str]]:
    user_table = apps.get_model(settings.AUTH_USER_MODEL)._meta.db_table
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        return sqlite_statements(user_table)
    if vendor == "postgresql":
        return postgresql_statements(user_table)
    raise RuntimeError(f"the export cache triggers are written for SQLite and PostgreSQL, not {vendor}")


def create_triggers(apps, schema_editor) -> None:
    create, _drop = _statements(schema_editor, apps)
    for statement in create:
        schema_editor.execute(statement, params=None)
    # Every existing claim starts at stamp 1; from now on the triggers keep the stamps.
    schema_editor.execute(
        f"INSERT INTO {STAMPS} (claim_id, stamp) SELECT id, 1 FROM claims_claim", params=None
    )


def drop_triggers(apps, schema_editor) -> None:
    _create, drop = _statements(schema_editor, apps)
    for statement in drop:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0002_article_blind_review"),
        ("claims", "0004_editorial_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ClaimStamp",
            fields=[
                ("claim_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("stamp", models.BigIntegerField(default=1)),
            ],
        ),
        migrations.CreateModel(
            name="RenderedClaim",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),  # fmt: skip
                ("claim_id", models.BigIntegerField()),
                ("format", models.CharField(max_length=20)),
                ("key", models.CharField(max_length=64)),
                ("stamp", models.BigIntegerField()),
                ("body", models.BinaryField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("claim_id", "format"), name="exports_rendered_one"
                    )
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
