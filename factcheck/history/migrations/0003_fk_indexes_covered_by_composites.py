"""Drop the single-column indexes of the event's actor, article and claim: the composite
indexes history_event_actor_id (actor, id), history_event_article_id (article, id) and
history_event_claim_id (claim, id) lead with them and serve the same lookups, so every
write's event updated three indexes more than it needed. Dropped by name, not by
AlterField's own SQL, which on SQLite rebuilds the table (core.migration_ops).
"""

from django.conf import settings
from django.db import migrations
from django.db.models import SET_NULL

from factcheck.core.migration_ops import drop_redundant_indexes, unindexed_key

REDUNDANT = [
    ("history_event_actor_id_72f0fa99", "history_event", "actor_id"),
    ("history_event_article_id_5a094244", "history_event", "article_id"),
    ("history_event_claim_id_b35cd300", "history_event", "claim_id"),
]


def nullable_key(name: str, to: str) -> migrations.AlterField:
    return unindexed_key("event", name, to, SET_NULL, "events", null=True, blank=True)


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
                nullable_key("actor", settings.AUTH_USER_MODEL),
                nullable_key("article", "articles.article"),
                nullable_key("claim", "claims.claim"),
            ],
            database_operations=drop_redundant_indexes(REDUNDANT),
        ),
    ]
