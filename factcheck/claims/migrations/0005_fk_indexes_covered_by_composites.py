"""Drop the single-column indexes of six foreign keys that an index leading with them
already serves: claim.article (claims_claim_article_start), claim.created_by
(claims_claim_creator), review.claim (claims_review_one_per_reviewer), review.reviewer
(claims_review_reviewer), source.added_by (claims_source_added_by) and rating.scale
(claims_rating_unique_slug). The leading column
serves their lookups and the checks their ON DELETE needs; the extra index only cost a
b-tree write on every insert.

Dropped by name (core.migration_ops): AlterField's own SQL rebuilds the table on SQLite,
which drops its triggers. The names are the ones Django gave the indexes, the same on SQLite
and on PostgreSQL.
"""

from django.conf import settings
from django.db import migrations
from django.db.models import CASCADE, PROTECT

from factcheck.core.migration_ops import drop_redundant_indexes, unindexed_key

USER = settings.AUTH_USER_MODEL

# (index, table, column)
REDUNDANT = [
    ("claims_claim_article_id_6731be49", "claims_claim", "article_id"),
    ("claims_claim_created_by_id_2bb498dd", "claims_claim", "created_by_id"),
    ("claims_review_claim_id_45948026", "claims_review", "claim_id"),
    ("claims_review_reviewer_id_8e458d45", "claims_review", "reviewer_id"),
    ("claims_source_added_by_id_c35000a5", "claims_source", "added_by_id"),
    ("claims_rating_scale_id_4cacec75", "claims_rating", "scale_id"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_article_blind_review"),
        ("claims", "0004_editorial_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                unindexed_key("rating", "scale", "claims.ratingscale", CASCADE, "ratings"),
                unindexed_key("claim", "article", "articles.article", CASCADE, "claims"),
                unindexed_key("claim", "created_by", USER, PROTECT, "claims_created"),
                unindexed_key("review", "claim", "claims.claim", CASCADE, "reviews"),
                unindexed_key("review", "reviewer", USER, PROTECT, "reviews"),
                unindexed_key("source", "added_by", USER, PROTECT, "sources"),
            ],
            database_operations=drop_redundant_indexes(REDUNDANT),
        ),
    ]
