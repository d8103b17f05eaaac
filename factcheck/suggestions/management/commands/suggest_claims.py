"""python manage.py suggest_claims ARTICLE_ID [--format text|json]

Prints the check-worthy suggestions and the consistency findings of the article's current
revision, as kept with it (recomputed first if the rules changed since). Sentences already
claimed exactly are not suggested.
"""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from factcheck.articles.models import Article
from factcheck.suggestions.analysis import Analysis
from factcheck.suggestions.services import open_analysis

PREVIEW = 90  # characters of a suggested sentence in the text form


class Command(BaseCommand):
    help = "Print the current revision's check-worthy suggestions and consistency findings."

    def add_arguments(self, parser):
        parser.add_argument("article_id", type=int, metavar="ARTICLE_ID")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        article = (
            Article.objects.select_related("current_revision")
            .filter(pk=options["article_id"])
            .first()
        )
        if article is None:
            raise CommandError(f"there is no article {options['article_id']}")
        revision = article.current_revision
        if revision is None:
            raise CommandError(f"article {article.pk} has no revision yet")
        analysis = open_analysis(revision, language=article.language)
        if options["format"] == "json":
            self.stdout.write(json.dumps(analysis, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(readable(article, revision.number, analysis))


def readable(article: Article, revision_number: int, analysis: Analysis) -> str:
    suggestions, checks = analysis["suggestions"], analysis["checks"]
    lines = [
        f"Article {article.pk} ({article.title}), revision {revision_number}: "
        f"{len(suggestions)} suggestions, {len(checks)} checks",
        "",
        "Suggestions:",
    ]
    for s in suggestions:
        preview = s["exact"] if len(s["exact"]) <= PREVIEW else s["exact"][:PREVIEW] + "…"
        lines.append(f"  {s['start']}-{s['end']}  score {s['score']:.2f}  {preview}")
        lines.extend(f"      - {reason}" for reason in s["reasons"])
    lines += ["", "Checks:"]
    for c in checks:
        lines.append(f"  {c['kind']} ({c['status']}): {c['explanation']}")
        spans = ", ".join(f'{x["start"]}-{x["end"]} "{x["exact"]}"' for x in c["spans"])
        lines.append(f"      at {spans}")
    return "\n".join(lines)
