"""Drop the single-column indexes of revision.article and span.revision: the unique
constraints articles_revision_unique_number (article, number) and articles_span_unique_index
(revision, ...) lead with them and serve the same lookups, so importing an article's 2,000
spans wrote one index more per span than it needed. Dropped by name
(core.migration_ops): AlterField's own SQL rebuilds the table on SQLite, which drops its
triggers.
"""

from django.db import migrations
from django.db.models import CASCADE

from factcheck.core.migration_ops import drop_redundant_indexes, unindexed_key

REDUNDANT = [
    ("articles_revision_article_id_2d2af917", "articles_revision", "article_id"),
    ("articles_span_revision_id_4dcb9c0f", "articles_span", "revision_id"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_article_blind_review"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                unindexed_key("revision", "article", "articles.article", CASCADE, "revisions"),
                unindexed_key("span", "revision", "articles.revision", CASCADE, "spans"),
            ],
            database_operations=drop_redundant_indexes(REDUNDANT),
        ),
    ]
