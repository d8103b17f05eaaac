"""PostgreSQL: trigram indexes for the search box's substring matching (search/query.py).

Django compiles `field__icontains` on PostgreSQL to `UPPER("field"::text) LIKE UPPER(...)`;
a GIN index with pg_trgm's `gin_trgm_ops` over that same expression serves it, for every
script (Khmer and Thai included: trigrams need no word breaks). pg_trgm is a trusted
extension (PostgreSQL 13+), so the database's owner may create it.

SQLite has neither; there the search scans (bench/bench_search.py measures it). The
indexes are created here, only when the database is PostgreSQL, rather than declared on the
models, whose migrations SQLite also runs. The SQL is written out because GinIndex with
OpClass over Upper(Cast(...)) renders the operator class inside the expression's
parentheses in this Django version, which PostgreSQL rejects.
"""

from django.db import migrations

# (app label, model, index name, field)
INDEXED = [
    ("articles", "Article", "search_article_title_trgm", "title"),
    ("articles", "Revision", "search_revision_text_trgm", "text"),
    ("claims", "Claim", "search_claim_exact_trgm", "exact"),
    ("claims", "Claim", "search_claim_summary_trgm", "summary"),
    ("claims", "Claim", "search_claim_claimant_trgm", "claimant"),
    ("claims", "Tag", "search_tag_name_trgm", "name"),
    ("claims", "Review", "search_review_rationale_trgm", "rationale"),
    ("claims", "Source", "search_source_title_trgm", "title"),
    ("claims", "Source", "search_source_url_trgm", "url"),
    ("claims", "Source", "search_source_excerpt_trgm", "excerpt"),
    ("claims", "Comment", "search_comment_body_trgm", "body"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for app_label, model_name, name, field in INDEXED:
        model = apps.get_model(app_label, model_name)
        column = model._meta.get_field(field).column
        # The same expression as the lookup's SQL, so the planner can match it; names come
        # from the models above, never from input.
        schema_editor.execute(
            f"CREATE INDEX {quote(name)} ON {quote(model._meta.db_table)} "
            f"USING gin ((UPPER({quote(column)}::text)) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _app_label, _model_name, name, _field in INDEXED:
        schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_fk_indexes_covered_by_composites"),
        ("claims", "0006_anchors_and_verdict_revisions"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
