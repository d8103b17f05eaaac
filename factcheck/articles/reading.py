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
static/js/highlights.js builds the same markup when claims change on an open page: keep
the two in step.

HTML is assembled here rather than in a template loop because a 2,000-sentence article
would otherwise spend most of its server time in the template engine.
"""

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from .models import Span

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
    sentences at the same start. One query, ordered by the index on (revision, kind, index)."""
    rows = Span.objects.filter(revision_id=revision_id).values_list("kind", "index", "start", "end")
    return sorted(rows, key=lambda row: (row[2], row[0] != Span.Kind.PARAGRAPH, row[1]))


def render_paragraphs(
    text: str,
    spans: Iterable[tuple[str, int, int, int]],
    claims: Sequence[ClaimRange] = (),
) -> list[RenderedParagraph]:
    """One RenderedParagraph per paragraph span, with the claims drawn in (clipped to each
    paragraph they touch). `spans` come ordered as spans_for_revision returns them."""
    grouped: list[tuple[Piece, list[Piece]]] = []
    for kind, index, start, end in spans:
        if kind == Span.Kind.PARAGRAPH:
            grouped.append(((index, start, end), []))
        elif grouped:
            grouped[-1][1].append((index, start, end))

    # Claims in document order, outer before inner at the same start: data-claims lists
    # them in this order and the last one is the innermost (it gives data-status).
    ordered = sorted((c for c in claims if c[1] < c[2]), key=_claim_order)
    waiting = 0  # ordered[waiting:] start at or after the current paragraph's end
    crossing: list[ClaimRange] = []  # started before the current paragraph's end
    paragraphs = []
    for number, (paragraph, sentences) in enumerate(grouped):
        index, start, end = paragraph
        while waiting < len(ordered) and ordered[waiting][1] < end:
            crossing.append(ordered[waiting])
            waiting += 1
        crossing = [claim for claim in crossing if claim[2] > start]
        if crossing:
            html = "".join(_pieces_with_claims(text, start, end, sentences, crossing))
        else:
            html = "".join(paragraph_pieces(text, start, end, sentences))
        next_start = grouped[number + 1][0][1] if number + 1 < len(grouped) else end
        paragraphs.append(
            RenderedParagraph(
                index=index,
                start=start,
                end=end,
                html=mark_safe(html),  # every piece of text is escaped by the builders
                gap_after=text[end:next_start],
            )
        )
    return paragraphs


def _claim_order(claim: ClaimRange) -> tuple[int, int, int]:
    return (claim[1], -claim[2], claim[0])


def _sentence_open(index: int, start: int, end: int) -> str:
    return (
        f'<span class="sentence" id="s{index}" data-index="{index}" '
        f'data-start="{start}" data-end="{end}">'
    )


def paragraph_pieces(text: str, start: int, end: int, sentences: list[Piece]) -> Iterator[str]:
    """A paragraph without claims: sentences and the plain whitespace between them."""
    cursor = start
    for index, s_start, s_end in sentences:
        if s_start > cursor:
            yield escape(text[cursor:s_start], quote=False)
        yield _sentence_open(index, s_start, s_end)
        yield escape(text[s_start:s_end], quote=False)
        yield "</span>"
        cursor = s_end
    if end > cursor:
        yield escape(text[cursor:end], quote=False)


def _pieces_with_claims(
    text: str, start: int, end: int, sentences: list[Piece], claims: list[ClaimRange]
) -> Iterator[str]:
    """A paragraph cut at every sentence and claim boundary; each run covered by claims
    is one mark. `claims` overlap [start, end) and come in _claim_order."""
    points, tags = _coverage(start, end, claims)
    cursor = start
    for index, s_start, s_end in sentences:
        if s_start > cursor:
            yield from _runs(text, cursor, s_start, points, tags)
        yield _sentence_open(index, s_start, s_end)
        yield from _runs(text, s_start, s_end, points, tags)
        yield "</span>"
        cursor = s_end
    if end > cursor:
        yield from _runs(text, cursor, end, points, tags)


def _coverage(start: int, end: int, claims: list[ClaimRange]) -> tuple[list[int], list[str]]:
    """The positions in [start, end] where the set of covering claims changes, and for
    each the mark's opening tag from there on ("" where no claim covers the text)."""
    opening: dict[int, list[ClaimRange]] = {}
    closing: dict[int, set[int]] = {}
    for claim in claims:
        opening.setdefault(max(claim[1], start), []).append(claim)
        closing.setdefault(min(claim[2], end), set()).add(claim[0])
    points = sorted(opening.keys() | closing.keys())
    tags = []
    active: list[ClaimRange] = []  # stays in _claim_order: claims open in that order
    for position in points:
        if position in closing:
            ended = closing[position]
            active = [claim for claim in active if claim[0] not in ended]
        active.extend(opening.get(position, ()))
        if active:
            ids = " ".join(str(claim[0]) for claim in active)
            status = escape(active[-1][3], quote=True)
            tags.append(
                f'<mark class="claim" data-claims="{ids}" data-depth="{len(active)}" '
                f'data-status="{status}">'
            )
        else:
            tags.append("")
    return points, tags


def _runs(text: str, low: int, high: int, points: list[int], tags: list[str]) -> Iterator[str]:
    """text[low:high] escaped, each run under the same claims wrapped in its mark."""
    at = bisect_right(points, low) - 1
    tag = tags[at] if at >= 0 else ""
    at += 1
    while at < len(points) and points[at] < high:
        cut = points[at]
        if cut > low:
            piece = escape(text[low:cut], quote=False)
            yield f"{tag}{piece}</mark>" if tag else piece
            low = cut
        tag = tags[at]
        at += 1
    piece = escape(text[low:high], quote=False)
    yield f"{tag}{piece}</mark>" if tag else piece
