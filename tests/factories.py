"""Plain test factories (STYLE.md): build through the real services."""

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any
from unittest.mock import patch

from factcheck.articles.models import Article
from factcheck.articles.services import import_article


def make_article(
    text: str = "First sentence. Second sentence.\nA second paragraph.",
    *,
    title: str = "Test article",
    created_by: Any = None,
    language: str = "en",
    **metadata: Any,
) -> Article:
    return import_article(
        content=text, title=title, created_by=created_by, language=language, **metadata
    )


def sentences_text(count: int, *, per_paragraph: int = 10) -> str:
    """An article of `count` sentences, `per_paragraph` to a paragraph."""
    lines, line = [], []
    for number in range(count):
        line.append(f"Sentence number {number} says that {number * 3} cases were counted.")
        if len(line) == per_paragraph:
            lines.append(" ".join(line))
            line = []
    if line:
        lines.append(" ".join(line))
    return "\n\n".join(lines)


def make_claim(
    article: Article, exact: str, *, created_by: Any, occurrence: int = 0, **fields: Any
) -> Any:
    """A claim on the `occurrence`-th appearance of `exact` in the article's current text."""
    from factcheck.claims.services import create_claim
    from factcheck.text import quote_at

    revision = article.current_revision
    start = -1
    for _ in range(occurrence + 1):
        start = revision.text.index(exact, start + 1)
    return create_claim(
        article_id=article.pk,
        revision_id=revision.pk,
        start=start,
        end=start + len(exact),
        quote=quote_at(revision.text, start, start + len(exact)),
        created_by=created_by,
        **fields,
    )


def rating(slug: str) -> Any:
    from factcheck.claims.models import Rating

    return Rating.objects.of_default_scale().get(slug=slug)


def make_review(
    claim: Any,
    reviewer: Any,
    rating_slug: str = "true",
    *,
    rationale: str = "",
    confidence: str = "medium",
) -> Any:
    from factcheck.claims.services import record_review

    return record_review(
        claim=claim,
        reviewer=reviewer,
        rating=rating(rating_slug),
        rationale=rationale,
        confidence=confidence,
    )


@contextmanager
def stored_before_the_markup_rule() -> Iterator[None]:
    """Lets the services store HTML markup in text fields, as rows stored before markup was
    refused (factcheck/text/markup.py) or restored from such a backup hold it: the pages
    must still show them escaped."""
    modules = ("factcheck.articles.services", "factcheck.core.forms", "factcheck.api.services")
    with ExitStack() as stack:
        for module in modules:
            stack.enter_context(patch(f"{module}.find_markup", lambda text: None))
        yield
