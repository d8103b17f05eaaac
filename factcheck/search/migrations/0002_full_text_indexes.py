"""PostgreSQL: GIN indexes over the full-text vectors search/query.py matches (Kind.full_text),
made through Django's GinIndex(SearchVector(...)), whose expression is the query's own, so
the planner uses them. PostgreSQL only, as 0001."""

from django.db import migrations

# (app label, model, index name, fields): query.KINDS' full_text, frozen as of this migration.
INDEXED = [
    ("articles", "Article", "search_article_fts", ("title",)),
    ("claims", "Claim", "search_claim_fts", ("exact", "summary", "claimant")),
    ("claims", "Review", "search_review_fts", ("rationale",)),
    ("claims", "Source", "search_source_fts", ("title", "excerpt")),
    ("claims", "Comment", "search_comment_fts", ("body",)),
]


def full_text_index(name, fields):
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    return GinIndex(SearchVector(*fields, config="english"), name=name)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for app_label, model_name, name, fields in INDEXED:
        schema_editor.add_index(apps.get_model(app_label, model_name), full_text_index(name, fields))


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for app_label, model_name, name, fields in INDEXED:
        schema_editor.remove_index(
            apps.get_model(app_label, model_name), full_text_index(name, fields)
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0001_trigram_indexes")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
