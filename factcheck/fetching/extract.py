"""An article's text and metadata from a fetched page, ready for the import service.

trafilatura finds the main text (dropping navigation, related links, comments and footers)
and the metadata (title, author, site name; htmldate for the publication date). We decode
the bytes ourselves first, so an undecodable page is refused clearly instead of turning into
mojibake, and the text goes through the import's own checks and normalisation
(articles.services.prepare_text), so offsets count the same text as a file import would.
"""

import codecs
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

import trafilatura
from lxml.html import HtmlElement

from factcheck.articles.services import LANGUAGE_TAG, ImportRejected, prepare_text
from factcheck.fetching.client import Fetched

# Where a page may name its character set when the Content-Type header does not: the
# HTML standard has browsers look for it in the first 1,024 bytes; we allow some slack.
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# Fewer characters than this is a news brief at best, and often a page whose article is
# drawn by JavaScript, leaving only menus to extract: the import form asks for a look.
SHORT_TEXT = 200


@dataclass(frozen=True)
class Extracted:
    text: str  # normalised by prepare_text: what a revision of the article would store
    title: str
    author: str  # several authors are joined by "; "
    site_name: str
    published: dt.date | None
    language: str  # a BCP 47 tag, or "" when the page does not declare a usable one
    warnings: tuple[str, ...]  # what is missing or doubtful, for the import form to show


def extract_article(fetched: Fetched) -> Extracted:
    """Raises ImportRejected (message for the user) when there is no usable text."""
    page = decode_page(fetched)
    if fetched.content_type == "text/plain":
        return Extracted(
            text=prepare_text(page),
            title="",
            author="",
            site_name="",
            published=None,
            language="",
            warnings=("The page is plain text: it names no title, author, date or language.",),
        )
    tree = trafilatura.load_html(page)
    if tree is None:
        raise ImportRejected(f"{fetched.final_url} could not be read as an HTML page.")
    declared_language = page_language(tree)  # read first: extraction prunes the tree
    document = trafilatura.bare_extraction(
        tree,
        url=fetched.final_url,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        include_tables=True,
    )
    if isinstance(document, dict) or document is None or not (document.text or "").strip():
        raise ImportRejected(
            f"No article text was found at {fetched.final_url}. If the page shows one, copy "
            "its text and import it as text instead."
        )
    title = one_line(document.title)
    text = prepare_text(without_leading_title(document.text or "", title))
    author = "; ".join(restore_trailing_marks(name, page) for name in split_authors(document))
    language, warnings = checked_language(declared_language)
    published = dt.date.fromisoformat(document.date) if document.date else None
    site_name = one_line(document.sitename)
    for missing, sentence in [
        (title, "The page has no title."),
        (author, "The page names no author."),
        (published, "The page gives no publication date."),
    ]:
        if not missing:
            warnings.append(sentence)
    if not site_name or site_name == document.hostname:
        # trafilatura falls back to the host name, a fair stand-in worth a second look.
        warnings.append("The page names no publisher; its host name stands in for it.")
    if len(text) < SHORT_TEXT:
        warnings.append(
            f"Only {len(text)} characters of text were found; check that this is the article "
            "and not the page's menus."
        )
    return Extracted(
        text=text,
        title=title,
        author=author,
        site_name=site_name,
        published=published,
        language=language,
        warnings=tuple(warnings),
    )


def page_charset(fetched: Fetched) -> str:
    """A byte order mark wins, then the Content-Type header, then the page's <meta>, then
    UTF-8 (the HTML standard's order, with UTF-8 instead of a locale-dependent guess)."""
    for mark, charset in BYTE_ORDER_MARKS:
        if fetched.body.startswith(mark):
            return charset
    if fetched.charset:
        return fetched.charset
    declared = META_CHARSET.search(fetched.body[:4096])
    if declared and fetched.content_type != "text/plain":
        return declared.group(1).decode("ascii")
    return "utf-8"


def decode_page(fetched: Fetched) -> str:
    charset = page_charset(fetched)
    try:
        codec = codecs.lookup(charset)
    except LookupError:
        raise ImportRejected(
            f"The page says it is written in the character set {charset!r}, which is unknown."
        ) from None
    try:
        return fetched.body.decode(codec.name)
    except UnicodeDecodeError as error:
        raise ImportRejected(
            f"The page is not valid {charset} text (byte {error.start:,}: {error.reason}); "
            "importing it would garble the text."
        ) from None


def page_language(tree: HtmlElement) -> str:
    """<html lang>, else xml:lang, else og:locale ("km_KH")."""
    root = tree.getroottree().getroot()
    for value in (
        root.get("lang"),
        root.get("xml:lang"),  # XHTML; the HTML parser keeps the prefix in the name
        *root.xpath("//meta[@property='og:locale']/@content"),
    ):
        if value and value.strip():
            return str(value).strip().replace("_", "-")
    return ""


def checked_language(declared: str) -> tuple[str, list[str]]:
    if not declared:
        return "", ["The page does not declare its language; choose it before importing."]
    if not LANGUAGE_TAG.match(declared):
        return "", [f"The page declares the language {declared!r}, which is not a BCP 47 tag."]
    return declared, []


def one_line(value: str | None) -> str:
    return " ".join((value or "").split())


def without_leading_title(text: str, title: str) -> str:
    """The headline is the article's title; trafilatura repeats it as the first line of the
    text on some layouts and not on others, so it is dropped from the text everywhere."""
    first, _, rest = text.lstrip().partition("\n")
    return rest if title and one_line(first) == title else text


def split_authors(document: trafilatura.settings.Document) -> list[str]:
    return [name.strip() for name in (document.author or "").split(";") if name.strip()]


def restore_trailing_marks(name: str, page: str) -> str:
    """trafilatura (2.3) strips trailing non-word characters from author names, and Python's
    regular expressions do not count combining marks as word characters, so the Khmer name
    "ហេង សុខា" comes out as "ហេង សុខ" (its vowel sign U+17B6 dropped; Devanagari and Thai
    names suffer alike). Where the page holds the name followed by marks, they are put back."""
    start = page.find(name)
    while start >= 0:
        end = start + len(name)
        while end < len(page) and unicodedata.category(page[end]).startswith("M"):
            end += 1
        # The name must end there: "សុខ" inside "សុខុម" is another word, not this name.
        if end == len(page) or not page[end].isalnum():
            return page[start:end]
        start = page.find(name, start + 1)
    return name
