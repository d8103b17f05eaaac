"""Build the reading page's HTML for one revision from its stored spans.

The markup keeps one invariant the browser code depends on (static/js/reader.js): the text
content of each paragraph element is exactly `text[start:end]` of that paragraph, so a
selection can be turned into code-point offsets by counting characters from the
paragraph's `data-start`. Sentences are elements inside it; the whitespace between them
is kept as plain text.

HTML is assembled here rather than in a template loop because a 2,000-sentence article
would otherwise spend most of its server time in the template engine.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from .models import Span


@dataclass(frozen=True, slots=True)
class RenderedParagraph:
    index: int
    start: int
    end: int
    html: SafeString


def spans_for_revision(revision_id: int) -> list[tuple[str, int, int, int]]:
    """(kind, index, start, end) for every span of a revision, paragraphs before their
    sentences at the same start. One query, ordered by the index on (revision, kind, index)."""
    rows = Span.objects.filter(revision_id=revision_id).values_list("kind", "index", "start", "end")
    return sorted(rows, key=lambda row: (row[2], row[0] != Span.Kind.PARAGRAPH, row[1]))


def render_paragraphs(text: str, spans: Iterable[tuple[str, int, int, int]]) -> list[RenderedParagraph]:
    paragraphs: list[RenderedParagraph] = []
    current: tuple[int, int, int] | None = None
    sentences: list[tuple[int, int, int]] = []
    for kind, index, start, end in spans:
        if kind == Span.Kind.PARAGRAPH:
            if current is not None:
                paragraphs.append(paragraph_html(text, current, sentences))
            current, sentences = (index, start, end), []
        else:
            sentences.append((index, start, end))
    if current is not None:
        paragraphs.append(paragraph_html(text, current, sentences))
    return paragraphs


def paragraph_html(
    text: str, paragraph: tuple[int, int, int], sentences: list[tuple[int, int, int]]
) -> RenderedParagraph:
    index, start, end = paragraph
    html = "".join(paragraph_pieces(text, start, end, sentences))
    return RenderedParagraph(index=index, start=start, end=end, html=mark_safe(html))  # noqa: S308 - every piece of text is escaped in paragraph_pieces


def paragraph_pieces(
    text: str, start: int, end: int, sentences: list[tuple[int, int, int]]
) -> Iterator[str]:
    cursor = start
    for index, s_start, s_end in sentences:
        if s_start > cursor:
            yield escape(text[cursor:s_start], quote=False)
        yield (
            f'<span class="sentence" id="s{index}" data-index="{index}" '
            f'data-start="{s_start}" data-end="{s_end}">'
            f"{escape(text[s_start:s_end], quote=False)}</span>"
        )
        cursor = s_end
    if end > cursor:
        yield escape(text[cursor:end], quote=False)
