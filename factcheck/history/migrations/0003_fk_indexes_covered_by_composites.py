"""Drop the single-column indexes of the event's actor, article and claim: the composite
indexes history_event_actor_id (actor, id), history_event_article_id (article, id) and
history_event_claim_id (claim, id) lead with them and serve the same lookups, so every
write's event updated three indexes more than it needed. Dropped by name, not by
AlterField's own SQL, which on SQLite rebuilds the table (core.migration_ops).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from factcheck.core.migration_ops import drop_redundant_indexes

REDUNDANT = [
    ("history_event_actor_id_72f0fa99", "history_event", "actor_id"),
    ("history_event_article_id_5a094244", "history_event", "article_id"),
    ("history_event_claim_id_b35cd300", "history_event", "claim_id"),
]


def nullable_key(to: str) -> models.ForeignKey:
    return models.ForeignKey(
        blank=True,
        db_index=False,
        null=True,
        on_delete=django.db.models.deletion.SET_NULL,
        related_name="events",
        to=to,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_article_blind_review"),
        ("claims", "0005_fk_indexes_covered_by_composites"),
        ("history", "0002_event_claim_event_history_event_claim_id"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField("event", "actor", nullable_key(settings.AUTH_USER_MODEL)),
                migrations.AlterField("event", "article", nullable_key("articles.article")),
                migrations.AlterField("event", "claim", nullable_key("claims.claim")),
            ],
            database_operations=drop_redundant_indexes(REDUNDANT),
        ),
    ]
