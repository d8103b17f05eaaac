"""Remove the rendered-claim cache that 0001 added: first its triggers (on PostgreSQL with
their functions), which wrote to its tables on every change of a claim, then its two tables.
The exports read the database directly again. Reversible: going back to 0001 recreates the
tables, the triggers and every claim's stamp with 0001's own statements.
"""

import importlib

from django.db import migrations

rendered_claim_cache = importlib.import_module(
    "factcheck.exports.migrations.0001_rendered_claim_cache"
)


class Migration(migrations.Migration):
    dependencies = [
        ("exports", "0001_rendered_claim_cache"),
    ]

    operations = [
        migrations.RunPython(
            rendered_claim_cache.drop_triggers, rendered_claim_cache.create_triggers
        ),
        migrations.DeleteModel(name="RenderedClaim"),
        migrations.DeleteModel(name="ClaimStamp"),
    ]
