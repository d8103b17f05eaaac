"""Build the reading page's HTML for one revision from its stored spans and claims.

The markup keeps one invariant the browser code depends on (static/js/reader.js): the text
content of each paragraph element is exactly `text[start:end]` of that paragraph, so a
selection can be turned into code-point offsets by counting characters from the
paragraph's `data-start`. Sentences are elements inside it; the whitespace between them
is kept as plain text.

Claims are drawn as `<mark class="claim" data-claims="3 7" data-depth="2"
data-status="open">` around every run of text with the same set of covering claims. The
text is cut at every claim and sentence boundary, so marks never nest, never cross a
sentence element, and overlapping or nested claims stay readable (CSS draws the depth).
static/js/reader.js builds the same markup when claims change on an open page: keep the
two in step (tests/browser/test_claims_redraw.py compares them).

HTML is assembled here rather than in a template: a template loop over just the paragraph
elements costs 4 ms for 200 paragraphs and 42 ms for 2,000 (0.2 and 1.2 ms here). Text
goes through django.utils.html's escape (see _escaped), and the claim marks, which carry
a status, through format_html (3.8 ms for 500 claims, 1.4 as f-strings with escape()). The
sentence and paragraph tags hold only numbers (and the escaped gap_after) and stay
f-strings: format_html sends each number through escape(), 7.8 us a sentence tag against
0.5, which made a 2,000-sentence article cost 25 ms instead of 9, and format_html_join
makes the paragraph elements cost 1.8 ms for 200 paragraphs and 17 ms for 2,000
(CPU time on the two-core machine of bench/bench_reading_html.py).
"""

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .models import Span

# The characters escape() replaces: text without any is its own escape.
_ESCAPABLE = re.compile("[&<>\"']")

# (claim_id, start, end, status): code points into the revision's text, end exclusive.
ClaimRange = tuple[int, int, int, str]
# (index, start, end) of a paragraph or a sentence.
Piece = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class RenderedParagraph:
    index: int
    start: int
    end: int
    html: SafeString
    # The text between this paragraph and the next (newlines, and the spaces or tabs of
    # blank lines): reader.js needs it to quote a selection that crosses paragraphs.
    gap_after: str = ""


def spans_for_revision(revision_id: int) -> list[tuple[str, int, int, int]]:
    """(kind, index, start, end) for every span of a revision, paragraphs before their
    sentences at the same start ("paragraph" sorts before "sentence"). One query."""
    spans = Span.objects.filter(revision_id=revision_id).order_by("start", "kind", "index")
    return list(spans.values_list("kind", "index", "start", "end"))


def render_paragraphs(
    text: str,
    spans: Iterable[tuple[str, int, int, int]],
    claims: Sequence[ClaimRange] = (),
) -> list[RenderedParagraph]:
    """One RenderedParagraph per paragraph span, with the claims drawn in (clipped to each
    paragraph they touch). `spans` come ordered as spans_for_revision returns them."""
    grouped: list[tuple[Piece, list[Piece]]] = []
    sentences: list[Piece] | None = None  # the current paragraph's
    paragraph = Span.Kind.PARAGRAPH  # looked up once: the loop runs for every span
    for kind, index, start, end in spans:
        if kind == paragraph:
            sentences = []
            grouped.append(((index, start, end), sentences))
        elif sentences is not None:
            sentences.append((index, start, end))
    coverage = _coverage(claims)  # once for the document, not per paragraph
    paragraphs = []
    for number, ((index, start, end), sentences) in enumerate(grouped):
        next_start = grouped[number + 1][0][1] if number + 1 < len(grouped) else end
        paragraphs.append(
            RenderedParagraph(
                index=index,
                start=start,
                end=end,
                # every piece of text is escaped by _paragraph_html
                html=mark_safe(_paragraph_html(text, start, end, sentences, coverage)),
                gap_after=text[end:next_start],
            )
        )
    return paragraphs


def article_html(paragraphs: Iterable[RenderedParagraph]) -> SafeString:
    """The paragraph elements of the article text (templates/articles/read.html), built here
    rather than in a template loop (see the module's docstring for the figures)."""
    return mark_safe(  # numbers, the escaped gap_after and paragraphs' escaped html
        "\n".join(
            f'<p class="paragraph" id="p{p.index}" dir="auto" data-start="{p.start}" '
            f'data-end="{p.end}" data-gap-after="{_escaped(p.gap_after)}">{p.html}</p>'
            for p in paragraphs
        )
    )


MARK = '<mark class="claim" data-claims="{}" data-depth="{}" data-status="{}">'
# Depths and statuses, a handful of each, escaped once rather than at every mark.
_escaped_once = lru_cache(maxsize=64)(conditional_escape)

# The positions where the set of covering claims changes, in order, and for each the mark's
# opening tag from there on ("" where no claim covers the text).
Coverage = tuple[list[int], list[SafeString | str]]


def _coverage(claims: Sequence[ClaimRange]) -> Coverage:
    """Claims go in document order, outer before inner at the same start: data-claims lists
    them in this order and the last one is the innermost (it gives data-status). A mark
    clipped to a paragraph gets the same tag as the whole claim would, so one pass over
    the document serves every paragraph."""
    opening: dict[int, list[ClaimRange]] = {}
    closing: dict[int, set[int]] = {}
    for claim in sorted((c for c in claims if c[1] < c[2]), key=_claim_order):
        opening.setdefault(claim[1], []).append(claim)
        closing.setdefault(claim[2], set()).add(claim[0])
    points = sorted(opening.keys() | closing.keys())
    tags = []
    active: list[ClaimRange] = []  # stays in _claim_order: claims open in that order
    for position in points:
        if position in closing:
            ended = closing[position]
            active = [claim for claim in active if claim[0] not in ended]
        active.extend(opening.get(position, ()))
        if active:
            ids = " ".join([str(claim[0]) for claim in active])
            depth, status = _escaped_once(len(active)), _escaped_once(active[-1][3])
            tags.append(format_html(MARK, ids, depth, status))
        else:
            tags.append("")
    return points, tags


def _claim_order(claim: ClaimRange) -> tuple[int, int, int]:
    return (claim[1], -claim[2], claim[0])


def _paragraph_html(
    text: str, start: int, end: int, sentences: list[Piece], coverage: Coverage
) -> str:
    """A paragraph cut at every sentence and claim boundary: sentences and the plain
    whitespace between them, each run covered by claims one mark. This runs for every
    sentence of the article, so it is one pass over the cuts, and escapes only the pieces
    with something to escape. Spans are never empty (articles_span_start_before_end), so
    a sentence closes before the next one opens at the same cut."""
    points, tags = coverage
    first, last = bisect_right(points, start), bisect_left(points, end)
    tag = tags[first - 1] if first else ""  # the claims that cover the paragraph's start
    marks = dict(zip(points[first:last], tags[first:last], strict=True))
    opens = {
        s_start: f'<span class="sentence" id="s{index}" data-index="{index}" '
        f'data-start="{s_start}" data-end="{s_end}">'
        for index, s_start, s_end in sentences
    }
    closes = {s_end for _, _, s_end in sentences}
    escapable = _ESCAPABLE.search(text, start, end) is not None  # most paragraphs: not
    html: list[str] = []
    for low, high in pairwise(sorted({start, end, *marks, *opens, *closes})):
        tag = marks.get(low, tag)
        if low in opens:
            html.append(opens[low])
        piece = _escaped(text[low:high]) if escapable else text[low:high]
        if tag:
            html.extend((tag, piece, "</mark>"))
        else:
            html.append(piece)
        if high in closes:
            html.append("</span>")
    return "".join(html)  # render_paragraphs marks it safe: every piece is escaped or a tag


def _escaped(text: str) -> str:
    """escape(text), skipping the call where it would change nothing: it costs about 1 us
    (its lazy-string check), 4 ms over the 3,800 pieces of a 2,000-sentence article, and
    most pieces (the whitespace between sentences, sentences without quotes or "&") and
    every gap_after have nothing to escape."""
    return escape(text) if _ESCAPABLE.search(text) else text
