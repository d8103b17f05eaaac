"""Writes for articles: import (text, file or JSON document) with segmentation.

Every function here is keyword-only and atomic, and records its history event in the
same transaction, so a failed or interrupted import leaves nothing behind.
"""

import datetime as dt
import hashlib
import re
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils.text import slugify

from factcheck.history.services import record
from factcheck.suggestions.stored import keep_analysis
from factcheck.text import TextDecodeError, normalise, segment
from factcheck.text.markup import find_markup

from .models import Article, Revision, Span

# BCP 47 as used for article languages: a primary language subtag with optional script,
# region and variant subtags ("en", "km", "ar", "en-GB", "zh-Hant-TW"). Anything fancier
# (extensions, private use) is not needed for segmentation and is refused.
LANGUAGE_TAG = re.compile(
    r"^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-(?:[a-zA-Z]{2}|[0-9]{3}))?(-(?:[a-zA-Z0-9]{5,8}|[0-9][a-zA-Z0-9]{3}))*$"
)
TITLE_MAX = Article._meta.get_field("title").max_length


class ImportRejected(ValueError):
    """An import that cannot go ahead; the message is shown to the user as it is. `code`
    is what the API answers as its machine-readable `error` (factcheck/api/routes/articles.py)."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        self.code = code
        super().__init__(message)


def max_import_bytes() -> int:
    return int(settings.FACTCHECK_MAX_IMPORT_BYTES)


def too_large(size: int) -> ImportRejected:
    return ImportRejected(
        f"The file is too large: {size:,} bytes, and the limit is {max_import_bytes():,} bytes.",
        code="too_large",
    )


def undecodable(error: TextDecodeError) -> ImportRejected:
    return ImportRejected(
        f"The file is not valid UTF-8 or UTF-16 text (byte {error.byte_offset:,}: "
        f"{error.reason}). Save it as UTF-8 and try again.",
        code="not_utf8",
    )


def content_size(content: bytes | str) -> int:
    return len(content) if isinstance(content, bytes) else len(content.encode("utf-8", "replace"))


def prepare_text(content: bytes | str) -> str:
    """Check size and encoding and normalise; raises ImportRejected with a clear message."""
    size = content_size(content)
    if size > max_import_bytes():
        raise too_large(size)
    try:
        text = normalise(content)
    except TextDecodeError as error:
        raise undecodable(error) from error
    if not text.strip():
        raise ImportRejected("The article is empty: there is no text to import.", code="empty")
    refuse_markup_in_text(text)
    return text


def refuse_markup_in_text(text: str) -> None:
    """An article is imported as the plain text a reader sees; HTML in it is a page's
    source pasted by mistake, and would show as tags on every page."""
    markup = find_markup(text)
    if markup is not None:
        line = text.count("\n", 0, markup.start) + 1
        raise ImportRejected(
            f"The article text contains HTML markup (“{markup.shown}” on line {line}). "
            "Import the plain text as it reads, not the page's source.",
            code="markup",
        )


def refuse_markup_in_metadata(**fields: str) -> None:
    for name, value in fields.items():
        markup = find_markup(value)
        if markup is not None:
            raise ImportRejected(
                f"The {name} contains HTML markup ({markup.describe()}): write plain text.",
                code="markup",
            )


def clean_metadata(
    *, title: str, source_url: str, publisher: str, author: str, language: str
) -> dict[str, str]:
    title = " ".join(normalise(title).split())
    if not title:
        raise ImportRejected("A title is required.")
    if len(title) > TITLE_MAX:
        raise ImportRejected(
            f"The title is too long: {len(title)} characters, at most {TITLE_MAX}."
        )
    refuse_markup_in_metadata(title=title, publisher=publisher, author=author)
    source_url = source_url.strip()
    if source_url and not re.match(r"^https?://[^\s/@]+(/\S*)?$", source_url, re.IGNORECASE):
        raise ImportRejected("The source URL must be an http or https address.")
    language = (language or "en").strip()
    if not LANGUAGE_TAG.match(language):
        raise ImportRejected(
            f"The language {language!r} is not a BCP 47 tag such as en, km, ar or en-GB."
        )
    return {
        "title": title,
        "source_url": source_url,
        "publisher": " ".join(normalise(publisher).split())[:200],
        "author": " ".join(normalise(author).split())[:200],
        "language": language,
    }


def unique_slug(title: str, wanted: str = "") -> str:
    base = slugify(wanted or title, allow_unicode=True)[:100].strip("-") or "article"
    slug, counter = base, 1
    while Article.objects.filter(slug=slug).exists():
        counter += 1
        slug = f"{base}-{counter}"
    return slug


@transaction.atomic
def import_article(
    *,
    content: bytes | str,
    title: str,
    created_by: Any,
    source_url: str = "",
    publisher: str = "",
    author: str = "",
    published_on: dt.date | None = None,
    language: str = "en",
    slug: str = "",
    note: str = "Imported",
) -> Article:
    """Import one article: normalise, segment, store revision 1 and its spans."""
    text = prepare_text(content)
    meta = clean_metadata(
        title=title, source_url=source_url, publisher=publisher, author=author, language=language
    )
    article = Article.objects.create(
        slug=unique_slug(meta["title"], slug),
        published_on=published_on,
        created_by=created_by,
        **meta,
    )
    revision = create_revision(article=article, text=text, created_by=created_by, note=note)
    record(
        actor=created_by,
        action="article.imported",
        article=article,
        target=revision,
        after={
            **meta,
            "published_on": published_on.isoformat() if published_on else None,
            "revision": revision.number,
            "sha256": revision.sha256,
            "characters": len(text),
        },
    )
    return article


def create_revision(*, article: Article, text: str, created_by: Any, note: str) -> Revision:
    """Store a new revision with its spans and make it current. Callers own the transaction
    and the history event."""
    number = (article.current_revision.number + 1) if article.current_revision else 1
    revision = Revision.objects.create(
        article=article,
        number=number,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        note=note,
        created_by=created_by,
    )
    store_spans(revision=revision, text=text, language=article.language)
    # Suggestions are kept with the revision, so the reading page never waits for them.
    keep_analysis(revision=revision, language=article.language)
    article.current_revision = revision
    article.save(update_fields=["current_revision"])
    return revision


def store_spans(*, revision: Revision, text: str, language: str) -> None:
    """Segment the text and store its spans.

    A 1 MB article has ~15,000 spans; building a model instance for each made the ORM's
    bulk_create take three quarters of the import time, so rows go in with executemany:
    paragraphs first, then their ids are read back in one query for the sentences' FK.
    """
    paragraphs = segment(text, language)
    table = connection.ops.quote_name(Span._meta.db_table)
    # Only identifiers from the model's own metadata are interpolated; values are parameters.
    index = connection.ops.quote_name("index")
    insert = f'INSERT INTO {table} (revision_id, kind, {index}, start, "end", paragraph_id) '
    insert += "VALUES (%s, %s, %s, %s, %s, %s)"
    with connection.cursor() as cursor:
        cursor.executemany(
            insert,
            [
                (revision.pk, Span.Kind.PARAGRAPH, i, p.start, p.end, None)
                for i, p in enumerate(paragraphs)
            ],
        )
        paragraph_ids = dict(
            Span.objects.filter(revision=revision, kind=Span.Kind.PARAGRAPH).values_list(
                "index", "pk"
            )
        )
        rows = []
        for i, paragraph in enumerate(paragraphs):
            for sentence in paragraph.sentences:
                rows.append(
                    (
                        revision.pk,
                        Span.Kind.SENTENCE,
                        len(rows),
                        sentence.start,
                        sentence.end,
                        paragraph_ids[i],
                    )
                )
        if rows:
            cursor.executemany(insert, rows)


def parse_published(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as error:
        raise ImportRejected(f"The published date {value!r} is not a date (YYYY-MM-DD).") from error


def read_json_document(data: bytes) -> dict[str, Any]:
    """A JSON article document: {"title", "text", "url", "publisher", "author",
    "published", "language"}; only "text" is required (the title may come from elsewhere)."""
    import json

    if len(data) > max_import_bytes():
        raise too_large(len(data))
    try:
        document = json.loads(normalise(data))
    except TextDecodeError as error:
        raise undecodable(error) from error
    except json.JSONDecodeError as error:
        raise ImportRejected(
            f"The JSON document is invalid: {error.msg} at line {error.lineno}, "
            f"column {error.colno}.",
            code="bad_document",
        ) from error
    if not isinstance(document, dict) or not isinstance(document.get("text"), str):
        raise ImportRejected(
            'The JSON document must be an object with a "text" string.', code="bad_document"
        )
    for key in ("title", "url", "publisher", "author", "language"):
        if document.get(key) is not None and not isinstance(document[key], str):
            raise ImportRejected(f'The JSON field "{key}" must be a string.', code="bad_document")
    return document


def import_json_document(*, data: bytes, created_by: Any, **overrides: Any) -> Article:
    """Import a JSON document; non-empty `overrides` (from the command line or the form)
    win over the document's own metadata."""
    document = read_json_document(data)
    given = {key: value for key, value in overrides.items() if value not in (None, "")}
    return import_article(
        content=document["text"],
        title=given.get("title", document.get("title") or ""),
        source_url=given.get("source_url", document.get("url") or ""),
        publisher=given.get("publisher", document.get("publisher") or ""),
        author=given.get("author", document.get("author") or ""),
        published_on=given.get("published_on") or parse_published(document.get("published")),
        language=given.get("language", document.get("language") or "en"),
        created_by=created_by,
    )
