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

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from factcheck.core.migration_ops import drop_redundant_indexes

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
                migrations.AlterField(
                    model_name="rating",
                    name="scale",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="ratings",
                        to="claims.ratingscale",
                    ),
                ),
                migrations.AlterField(
                    model_name="claim",
                    name="article",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="claims",
                        to="articles.article",
                    ),
                ),
                migrations.AlterField(
                    model_name="claim",
                    name="created_by",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="claims_created",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="review",
                    name="claim",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reviews",
                        to="claims.claim",
                    ),
                ),
                migrations.AlterField(
                    model_name="review",
                    name="reviewer",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reviews",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="source",
                    name="added_by",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="sources",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=drop_redundant_indexes(REDUNDANT),
        ),
    ]
