"""Operations the project's migrations share."""

from typing import Any

from django.db import migrations, models


def drop_redundant_indexes(redundant: list[tuple[str, str, str]]) -> list[migrations.RunSQL]:
    """DROP INDEX by name for each (index, table, column), CREATE INDEX to reverse it: for the
    single-column index of a foreign key that another index leading with the column already
    serves. By name rather than AlterField(db_index=False)'s own SQL, which on SQLite
    rebuilds the table: when these migrations were written, a rebuild would have dropped the
    export cache's triggers (removed since, exports migration 0002). Index names are quoted
    names from the models, never user input."""
    return [
        migrations.RunSQL(
            f'DROP INDEX "{name}"',  # no IF EXISTS: a name that drifted fails loudly
            reverse_sql=f'CREATE INDEX "{name}" ON "{table}" ("{column}")',
        )
        for name, table, column in redundant
    ]


def unindexed_key(
    model_name: str, name: str, to: str, on_delete: Any, related_name: str, **options: Any
) -> migrations.AlterField:
    """The state of a foreign key whose own index drop_redundant_indexes dropped."""
    field = models.ForeignKey(
        to=to, on_delete=on_delete, related_name=related_name, db_index=False, **options
    )
    return migrations.AlterField(model_name=model_name, name=name, field=field)
