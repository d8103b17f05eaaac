"""Plain test factories (STYLE.md): build through the real services."""

from typing import Any

from factcheck.articles.models import Article
from factcheck.articles.services import import_article


def make_article(text: str = "First sentence. Second sentence.\nA second paragraph.", *,
                 title: str = "Test article", created_by: Any = None, language: str = "en",
                 **metadata: Any) -> Article:
    return import_article(content=text, title=title, created_by=created_by, language=language, **metadata)


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
