"""Claims that follow the text: re-anchoring onto a corrected revision, and what changed.

A correction makes a new revision. Every claim on the old one (a code point range and its
quote selector) is mapped through one diff of the two texts and gets exactly one outcome
(DESIGN.md "Text, spans and offsets"; the articles app stores it and sends changed and
orphaned claims back to review):

- exact: same offsets, same text;
- moved: same text, new offsets;
- changed: some of its words were corrected; the new range covers the corrected words;
- orphaned: its words are gone; no new position (the caller keeps the claim where it was).

The diff is diff-match-patch's (the library Hypothesis-the-annotator anchors with): a
line-level pass first, then characters inside the changed lines, then semantic cleanup,
which drops the letters two unrelated sentences happen to share. On a 1 MB article with
50 scattered edits it takes about 22 ms; difflib (lines, then characters inside changed
lines) takes about 250 ms and leaves such letters matched, and difflib on the characters
of the whole text is quadratic (bench/bench_reanchor.py --compare). DIFF_TIMEOUT only
bounds a pathological pair (a rewritten 1 MB article); a
timed-out diff is coarser (more claims changed or orphaned) but still a true alignment of
the two texts, and every rule below holds for any true alignment.

The rules, in the order they apply to a claim [start, end):

1. Untouched: all of it lies in one unchanged run of the diff (text inserted right at its
   start or end is outside it). Its text is the same at the mapped offsets: exact when
   they are the old ones, moved otherwise. Unless the insertion at an edge fused with the
   claim's first or last character (a combining mark or a joiner typed right after it):
   that character changed, so the claim is changed, its range widened to whole clusters.
2. Touched, and at least SURVIVAL (half) of its non-whitespace code points sit in
   unchanged runs: changed. A typo fixed, a number corrected, words added. The new range
   runs from where its start maps to where its end maps; an edge inside replaced text
   takes the replacement along (the same offset into it; all of it when the claim's edge
   is the replacement's edge), then widens to grapheme cluster boundaries. Never empty: a
   surviving character lies inside.
3. Otherwise orphaned. But a claim whose text was deleted entirely may be found again in
   text the diff marks as inserted (a paragraph moved elsewhere): each deleted copy of its
   text goes to the inserted copy whose surroundings fit best (find_quote's prefix and
   suffix scoring, on the old revision's context); if two deleted copies would go to the
   same inserted one, both stay orphaned. Text that was already there is never searched:
   that would move a claim onto other words, such as another "62 cases".

Ambiguity. One pair of texts can come from different edits: "of the the 62 cases" ->
"of the 62 cases" deletes either "the". The diff settles it by matching the longest
common beginning first, so such an edit sits as late as it can: a claim on "the 62 cases"
comes out changed ("62 cases"), on the safe side (back to review), never silently moved.
Two identical lines with one removed: the later copy is the removed one, so claims on the
first stay and claims on the second are orphaned; two claims never land on one copy.

Texts are normalise()d, and claims satisfy verify_anchor() on the old text.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from diff_match_patch import diff_match_patch  # type: ignore[import-untyped]

from factcheck.text.anchor import AnchorError, Quote, check_range, find_quote, occurrences, quote_at
from factcheck.text.offsets import grapheme_ceil, grapheme_floor, is_grapheme_boundary
from factcheck.text.segment import paragraph_ranges

# Seconds. A 1 MB article with 50 scattered edits diffs in about 0.03 s and one with 2,000
# in about 3 s, all within it; only a wholesale rewrite runs into it (then: all orphaned).
DIFF_TIMEOUT = 5.0
# Share of a claim's non-whitespace code points that must be unchanged for "changed".
SURVIVAL = 0.5
# Deleted copies x inserted copies of one quote that a search may weigh against each other.
# Past it the copies are too many to tell apart (a short phrase in a rewritten article)
# and scoring them all would take seconds: they stay orphaned.
_MATCH_BUDGET = 10_000


class Outcome(StrEnum):
    EXACT = "exact"
    MOVED = "moved"
    CHANGED = "changed"
    ORPHANED = "orphaned"


@dataclass(frozen=True, slots=True)
class Reanchored:
    """A claim's place on the new revision; start, end and quote are None when orphaned."""

    outcome: Outcome
    start: int | None = None
    end: int | None = None
    quote: Quote | None = None  # quote_at(new text, start, end)


class DiffOp(StrEnum):
    EQUAL = "equal"
    DELETE = "delete"
    INSERT = "insert"


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of a paragraph: kept, deleted (<del>) or inserted (<ins>)."""

    op: DiffOp
    text: str


class ParagraphKind(StrEnum):
    UNCHANGED = "unchanged"
    INSERTED = "inserted"
    DELETED = "deleted"
    CHANGED = "changed"


@dataclass(frozen=True, slots=True)
class ParagraphChange:
    """One paragraph of the "what changed" view; offsets are None on the side it lacks."""

    kind: ParagraphKind
    old_start: int | None
    old_end: int | None
    new_start: int | None
    new_end: int | None
    pieces: tuple[Piece, ...]  # every kind has them: one piece unless changed

    @property
    def old_text(self) -> str:
        return "".join(piece.text for piece in self.pieces if piece.op != DiffOp.INSERT)

    @property
    def new_text(self) -> str:
        return "".join(piece.text for piece in self.pieces if piece.op != DiffOp.DELETE)


@dataclass(frozen=True, slots=True)
class _Segment:
    """A stretch of the diff: unchanged text, or one change (what went, what came instead)."""

    equal: bool
    old_start: int
    old_end: int
    new_start: int
    new_end: int


_ORPHANED = Reanchored(Outcome.ORPHANED)
_OPS = {0: DiffOp.EQUAL, -1: DiffOp.DELETE, 1: DiffOp.INSERT}  # diff-match-patch's codes


def _diff(old: str, new: str, timeout: float) -> list[tuple[int, str]]:
    """diff-match-patch's diff: line pass first (checklines), then semantic cleanup."""
    engine = diff_match_patch()
    engine.Diff_Timeout = timeout
    diffs: list[tuple[int, str]] = engine.diff_main(old, new, True)
    engine.diff_cleanupSemantic(diffs)
    return diffs


def _segments(diffs: list[tuple[int, str]]) -> list[_Segment]:
    """Alternating unchanged runs and changes; a deletion and the insertion beside it are one."""
    segments = []
    old = new = old_mark = new_mark = 0
    for op, text in [*diffs, (0, "")]:  # the sentinel closes a trailing change
        if op != 0:
            old, new = (old + len(text), new) if op < 0 else (old, new + len(text))
            continue
        if (old, new) != (old_mark, new_mark):
            segments.append(_Segment(False, old_mark, old, new_mark, new))
        if text:
            segments.append(_Segment(True, old, old + len(text), new, new + len(text)))
        old, new = old + len(text), new + len(text)
        old_mark, new_mark = old, new
    return segments


def _solid(text: str) -> int:
    """Non-whitespace code points: what counts when judging how much of a text survived."""
    return len("".join(text.split()))


def _whole(text: str, start: int, end: int) -> bool:
    return is_grapheme_boundary(text, start) and is_grapheme_boundary(text, end)


class TextDiff:
    """The diff of two normalised texts, computed once, then used to map many claims."""

    def __init__(self, old: str, new: str, *, timeout: float = DIFF_TIMEOUT) -> None:
        self.old = old
        self.new = new
        self._timeout = timeout
        self._segments = _segments(_diff(old, new, timeout))
        # Segments holding old text, by where they start: a claim's edges are found by
        # bisection, so mapping 2,000 claims costs next to nothing beside the diff.
        self._old_segments = [s for s in self._segments if s.old_end > s.old_start]
        self._old_starts = [s.old_start for s in self._old_segments]
        changes = [s for s in self._segments if not s.equal]
        self._deleted = [(s.old_start, s.old_end) for s in changes if s.old_end > s.old_start]
        self._inserted = [(s.new_start, s.new_end) for s in changes if s.new_end > s.new_start]
        self._moves: dict[str, dict[int, int]] = {}  # by exact text, see _moves_for

    def reanchor(self, start: int, end: int, quote: Quote) -> Reanchored:
        """Map the claim [start, end) with this quote onto the new text (rules: module doc).

        Raises AnchorError when the range is unsound or old[start:end] != quote.exact.
        """
        start, end = check_range(self.old, start, end)
        if self.old[start:end] != quote.exact:
            raise AnchorError("quote_mismatch", found=find_quote(self.old, quote, hint=start))
        first, last = self._segment_at(start), self._segment_at(end - 1)
        if first == last and self._old_segments[first].equal:
            return self._untouched(start, end, self._old_segments[first])
        if self._survives(start, end, first, last):
            return self._changed(start, end, first, last)
        if first == last:  # its text was deleted entirely, by one change
            target = self._moves_for(quote.exact).get(start)
            if target is not None:
                return self._result(Outcome.MOVED, target, target + end - start)
        return _ORPHANED

    def paragraph_changes(self) -> list[ParagraphChange]:
        """The paragraphs of both texts in reading order, paired through this diff.

        An old and a new paragraph pair up when at least SURVIVAL of the smaller one's
        non-whitespace code points are shared through unchanged runs (one partner each, in
        order); a pair is unchanged or changed, the rest deleted or inserted.
        """
        old_paragraphs, new_paragraphs = paragraph_ranges(self.old), paragraph_ranges(self.new)
        changes = []
        i = j = 0
        for pair_i, pair_j in [*self._pairs(old_paragraphs, new_paragraphs), (None, None)]:
            for old_range in old_paragraphs[i:pair_i]:
                changes.append(self._paragraph(old_range, None))
            for new_range in new_paragraphs[j:pair_j]:
                changes.append(self._paragraph(None, new_range))
            if pair_i is None or pair_j is None:
                return changes
            changes.append(self._paragraph(old_paragraphs[pair_i], new_paragraphs[pair_j]))
            i, j = pair_i + 1, pair_j + 1
        return changes

    # Claims

    def _segment_at(self, position: int) -> int:
        """Index into _old_segments of the segment holding the old character at position."""
        return bisect_right(self._old_starts, position) - 1

    def _result(self, outcome: Outcome, start: int, end: int) -> Reanchored:
        return Reanchored(outcome, start, end, quote_at(self.new, start, end))

    def _untouched(self, start: int, end: int, segment: _Segment) -> Reanchored:
        shift = segment.new_start - segment.old_start
        new_start, new_end = start + shift, end + shift
        # An edge that was a cluster boundary and no longer is: something inserted beside
        # the claim fused with its first or last character.
        for old_edge, new_edge in ((start, new_start), (end, new_end)):
            if not is_grapheme_boundary(self.new, new_edge) and is_grapheme_boundary(
                self.old, old_edge
            ):
                return self._widened(new_start, new_end)
        return self._result(Outcome.EXACT if shift == 0 else Outcome.MOVED, new_start, new_end)

    def _survives(self, start: int, end: int, first: int, last: int) -> bool:
        """Whether at least SURVIVAL of the claim's non-whitespace sits in unchanged runs."""
        claim = self.old[start:end]
        measure = _solid if _solid(claim) else len  # a claim of only spaces counts them
        kept = 0
        for segment in self._old_segments[first : last + 1]:
            if segment.equal:
                kept += measure(self.old[max(start, segment.old_start) : min(end, segment.old_end)])
        return kept > 0 and kept >= SURVIVAL * measure(claim)

    def _changed(self, start: int, end: int, first: int, last: int) -> Reanchored:
        new_start = self._map_edge(start, self._old_segments[first], closing=False)
        new_end = self._map_edge(end, self._old_segments[last], closing=True)
        return self._widened(new_start, new_end)

    def _widened(self, start: int, end: int) -> Reanchored:
        """A changed claim, its edges moved outward to grapheme cluster boundaries."""
        start, end = grapheme_floor(self.new, start), grapheme_ceil(self.new, end)
        return self._result(Outcome.CHANGED, start, end)

    @staticmethod
    def _map_edge(position: int, segment: _Segment, *, closing: bool) -> int:
        """Where a claim's start (or, closing, its end) lands, given the segment it is in.

        Inside replaced text, the same offset into the replacement, clipped to it, so the
        corrected words come along; a claim ending where the replaced text ends takes all
        of the replacement.
        """
        offset = position - segment.old_start
        if segment.equal:
            return segment.new_start + offset
        if closing and position == segment.old_end:
            return segment.new_end
        return segment.new_start + min(offset, segment.new_end - segment.new_start)

    def _moves_for(self, exact: str) -> dict[int, int]:
        """Where each deleted copy of exact went: old start -> new start, unambiguous only."""
        if exact not in self._moves:
            self._moves[exact] = self._match_copies(exact)
        return self._moves[exact]

    def _match_copies(self, exact: str) -> dict[int, int]:
        length = len(exact)
        places = occurrences(self.new, exact, self._inserted)
        copies = occurrences(self.old, exact, self._deleted) if places else []
        if len(copies) * len(places) > _MATCH_BUDGET:
            return {}
        targets = [(p, p + length) for p in places if _whole(self.new, p, p + length)]
        choice = {}
        for copy in copies:
            if not targets or not _whole(self.old, copy, copy + length):
                continue  # no claim can start there
            hint = self._old_segments[self._segment_at(copy)].new_start
            context = quote_at(self.old, copy, copy + length)
            found = find_quote(self.new, context, hint, within=targets)
            if found is not None:
                choice[copy] = found[0]
        taken = Counter(choice.values())
        return {copy: target for copy, target in choice.items() if taken[target] == 1}

    # Paragraphs

    def _pairs(
        self, old_paragraphs: list[tuple[int, int]], new_paragraphs: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """(old index, new index) of the paragraphs that pair up, both increasing."""
        best: dict[int, tuple[int, int]] = {}  # old index -> (shared, -new index), the most
        for (i, j), count in self._shared(old_paragraphs, new_paragraphs).items():
            best[i] = max(best.get(i, (0, 0)), (count, -j))
        pairs: list[tuple[int, int]] = []
        for i in sorted(best):
            count, j = best[i][0], -best[i][1]
            smaller = min(
                _solid(self.old[slice(*old_paragraphs[i])]),
                _solid(self.new[slice(*new_paragraphs[j])]),
            )
            if (not pairs or j > pairs[-1][1]) and count >= SURVIVAL * smaller:
                pairs.append((i, j))
        return pairs

    def _shared(
        self, old_paragraphs: list[tuple[int, int]], new_paragraphs: list[tuple[int, int]]
    ) -> Counter[tuple[int, int]]:
        """Non-whitespace code points each (old, new) paragraph pair shares, unchanged."""
        old_starts = [start for start, _ in old_paragraphs]
        new_starts = [start for start, _ in new_paragraphs]
        shared: Counter[tuple[int, int]] = Counter()
        for segment in self._segments:
            if not segment.equal:
                continue
            shift = segment.new_start - segment.old_start
            cuts = {segment.old_start, segment.old_end}
            cuts.update(
                _edges_within(old_paragraphs, old_starts, segment.old_start, segment.old_end)
            )
            new_edges = _edges_within(
                new_paragraphs, new_starts, segment.new_start, segment.new_end
            )
            cuts.update(edge - shift for edge in new_edges)
            for low, high in pairwise(sorted(cuts)):
                i = _containing(old_paragraphs, old_starts, low)
                j = _containing(new_paragraphs, new_starts, low + shift)
                if i is not None and j is not None:
                    shared[i, j] += _solid(self.old[low:high])
        return shared

    def _paragraph(
        self, old_range: tuple[int, int] | None, new_range: tuple[int, int] | None
    ) -> ParagraphChange:
        pieces: tuple[Piece, ...]
        old_text = self.old[slice(*old_range)] if old_range else ""
        new_text = self.new[slice(*new_range)] if new_range else ""
        if old_range is None:
            kind, pieces = ParagraphKind.INSERTED, (Piece(DiffOp.INSERT, new_text),)
        elif new_range is None:
            kind, pieces = ParagraphKind.DELETED, (Piece(DiffOp.DELETE, old_text),)
        elif old_text == new_text:
            kind, pieces = ParagraphKind.UNCHANGED, (Piece(DiffOp.EQUAL, old_text),)
        else:
            diffs = _diff(old_text, new_text, self._timeout)
            kind, pieces = ParagraphKind.CHANGED, tuple(Piece(_OPS[op], text) for op, text in diffs)
        old_start, old_end = old_range or (None, None)
        new_start, new_end = new_range or (None, None)
        return ParagraphChange(kind, old_start, old_end, new_start, new_end, pieces)


def _edges_within(
    ranges: list[tuple[int, int]], starts: list[int], low: int, high: int
) -> list[int]:
    """The starts and ends of the ranges that fall inside [low, high]."""
    edges: list[int] = []
    index = max(0, bisect_right(starts, low) - 1)
    while index < len(ranges) and ranges[index][0] <= high:
        edges.extend(edge for edge in ranges[index] if low <= edge <= high)
        index += 1
    return edges


def _containing(ranges: list[tuple[int, int]], starts: list[int], position: int) -> int | None:
    """Index of the range holding position, None when it falls between ranges."""
    index = bisect_right(starts, position) - 1
    if index >= 0 and position < ranges[index][1]:
        return index
    return None


def reanchor(
    old: str, new: str, claims: Iterable[tuple[int, int, Quote]], *, timeout: float = DIFF_TIMEOUT
) -> list[Reanchored]:
    """Re-anchor each (start, end, quote) claim from old onto new, through one diff."""
    diff = TextDiff(old, new, timeout=timeout)
    return [diff.reanchor(start, end, quote) for start, end, quote in claims]


def paragraph_changes(
    old: str, new: str, *, timeout: float = DIFF_TIMEOUT
) -> list[ParagraphChange]:
    """The "what changed" view of revision N-1 -> N, paragraph by paragraph (plain data).

    A paragraph is a non-blank line, trimmed (segment.paragraph_ranges). Each is unchanged,
    inserted, deleted or changed; a changed one's pieces mark what was kept, deleted and
    inserted, so a template can draw <ins> and <del>. See TextDiff.paragraph_changes.
    """
    return TextDiff(old, new, timeout=timeout).paragraph_changes()
