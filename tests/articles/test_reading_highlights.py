"""Claims drawn into the reading page (factcheck/articles/reading.py): the paragraph's
text content stays exactly its slice of the revision, and every character is marked with
exactly the claims that cover it, however claims overlap, nest or cross sentences and
paragraphs."""

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.articles.reading import article_html, render_paragraphs, spans_for_revision
from factcheck.text.normalise import normalise
from factcheck.text.segment import segment
from tests.factories import make_article, sentences_text
from tests.text.strategies import EMOJI, FRAGMENT, KHMER, property_settings

ARABIC_WORDS = st.sampled_from(["مرحبا", "بالعالم", "؟", "كيف", "حالك", "\u064b", "١٢"])
PROSE = st.sampled_from(
    ["The cat sat.", " ", "  ", "\n", "\n\n", "\n \t\n", "62 cases", "“Hi,” he said. ", "<b>&amp;"]
)
TEXTS = st.lists(st.one_of(PROSE, PROSE, EMOJI, KHMER, ARABIC_WORDS, FRAGMENT), max_size=40).map(
    lambda parts: normalise("".join(parts))
)


def spans_of(text: str) -> list[tuple[str, int, int, int]]:
    """The (kind, index, start, end) rows import would store, in spans_for_revision order."""
    rows, sentence_index = [], 0
    for p_index, paragraph in enumerate(segment(text)):
        rows.append(("paragraph", p_index, paragraph.start, paragraph.end))
        for sentence in paragraph.sentences:
            rows.append(("sentence", sentence_index, sentence.start, sentence.end))
            sentence_index += 1
    return rows


class Marks(HTMLParser):
    """Text content of a paragraph's HTML, with the claim ids covering each character."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.covering: list[frozenset[int]] = []
        self.sentences: list[tuple[int, int, int]] = []  # (start attr, end attr, text offset)
        self._claims: frozenset[int] = frozenset()
        self._open_sentence: tuple[int, int, int] | None = None
        self.depth_ok = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "mark":
            assert not self._claims, "marks never nest"
            self._claims = frozenset(int(i) for i in (values["data-claims"] or "").split())
            self.depth_ok &= int(values["data-depth"] or 0) == len(self._claims)
            assert values["class"] == "claim" and values["data-status"]
        elif tag == "span":
            assert self._open_sentence is None, "sentences never nest"
            bounds = int(values["data-start"] or 0), int(values["data-end"] or 0)
            self._open_sentence = (*bounds, len(self.text))

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._claims = frozenset()
        elif tag == "span":
            assert self._open_sentence is not None
            assert not self._claims, "a mark never crosses a sentence"
            start, end, offset = self._open_sentence
            self.sentences.append((start, end, len(self.text) - offset))
            self._open_sentence = None

    def handle_data(self, data: str) -> None:
        self.text += data
        self.covering.extend([self._claims] * len(data))


def parse(html: str) -> Marks:
    parser = Marks()
    parser.feed(html)
    parser.close()
    return parser


def check(text: str, claims: list[tuple[int, int, int, str]]) -> None:
    spans = spans_of(text)
    rendered = render_paragraphs(text, spans, claims)
    paragraph_spans = [(s[2], s[3]) for s in spans if s[0] == "paragraph"]
    assert [(p.start, p.end) for p in rendered] == paragraph_spans
    for number, paragraph in enumerate(rendered):
        marks = parse(paragraph.html)
        assert marks.text == text[paragraph.start : paragraph.end]
        assert marks.depth_ok
        for offset, found in enumerate(marks.covering):
            position = paragraph.start + offset
            expected = {claim_id for claim_id, start, end, _ in claims if start <= position < end}
            assert found == expected, (position, found, expected)
        for start, end, length in marks.sentences:
            assert text[start:end] and end - start == length
        following = rendered[number + 1].start if number + 1 < len(rendered) else paragraph.end
        assert paragraph.gap_after == text[paragraph.end : following]


def mark(ids: str, status: str, content: str) -> str:
    depth = len(ids.split())
    return (
        f'<mark class="claim" data-claims="{ids}" data-depth="{depth}" '
        f'data-status="{status}">{content}</mark>'
    )


@st.composite
def text_and_claims(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, int, str]]]:
    text = draw(TEXTS)
    bounds = st.integers(0, len(text))
    claims = []
    for claim_id in range(1, draw(st.integers(0, 8)) + 1):
        a, b = draw(bounds), draw(bounds)
        status = draw(st.sampled_from(["open", "in_review", "contested", "verified"]))
        claims.append((claim_id, min(a, b), max(a, b), status))  # empty ones are skipped
    return text, claims


@property_settings
@given(text_and_claims())
def test_marks_keep_text_content_and_cover_exactly_their_claims(case):
    text, claims = case
    check(text, claims)


def test_nested_and_overlapping_claims():
    text = "Hun Sen said 62 cases were found. The 35-page report agreed.\nA second paragraph."
    said = (3, 0, 33, "open")  # the whole first sentence
    figure = (7, 13, 21, "verified")  # "62 cases", nested in it
    crossing = (9, text.index("found"), text.index("35"), "contested")  # crosses a sentence end
    across = (11, text.index("agreed"), text.index(" paragraph"), "in_review")  # and a paragraph
    check(text, [said, figure, crossing, across])
    first, second = render_paragraphs(text, spans_of(text), [said, figure, crossing, across])
    assert mark("3 7", "verified", "62 cases") in first.html
    assert mark("3 9", "contested", "found.") + "</span>" in first.html
    second_sentence = '<span class="sentence" id="s1" data-index="1" data-start="34" data-end="60">'
    assert second_sentence + mark("9", "contested", "The ") in first.html
    assert mark("11", "in_review", "A second") in second.html


def test_claim_text_is_escaped_and_status_attribute_is_quoted():
    text = 'He said <script>alert("x")</script> & left.'
    (paragraph,) = render_paragraphs(text, spans_of(text), [(1, 8, 35, 'x" onmouseover="y')])
    assert "<script>" not in paragraph.html
    assert "&lt;script&gt;" in paragraph.html
    assert 'data-status="x&quot; onmouseover=&quot;y"' in paragraph.html
    check(text, [(1, 8, 35, "open")])


def test_hostile_text_is_escaped_inside_sentences_and_marks():
    text = "Tom & Jerry said \"<script>alert('x')</script>\".\n \nNext."
    claim_start = text.index('"')
    claims = [(4, claim_start, text.index("."), "open")]
    first, second = render_paragraphs(text, spans_of(text), claims)
    end = text.index("\n")
    assert first.html == (
        f'<span class="sentence" id="s0" data-index="0" data-start="0" data-end="{end}">'
        "Tom &amp; Jerry said "
        + mark("4", "open", "&quot;&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&quot;")
        + ".</span>"
    )
    html = article_html([first, second])
    assert html.startswith(
        f'<p class="paragraph" id="p0" dir="auto" data-start="0" data-end="{end}" '
        f'data-gap-after="\n \n"><span class="sentence"'
    )
    assert html.endswith(">Next.</span></p>") and "\n<p " in html
    check(text, claims)


def test_emoji_zwj_and_khmer_before_a_claim():
    text = "Family 👨‍👩‍👧 and 🇰🇭 ខ្ញុំទៅផ្សារ។ Then 62 cases were counted."
    start = text.index("62 cases")
    claims = [(5, start, start + len("62 cases"), "open")]
    check(text, claims)
    (paragraph,) = render_paragraphs(text, spans_of(text), claims)
    assert mark("5", "open", "62 cases") in paragraph.html


@pytest.mark.django_db
def test_stored_spans_render_with_claims():
    article = make_article("One claim here. Another one.\n\n  \nLast paragraph.")
    revision = article.current_revision
    claims = [(1, 4, 9, "open"), (2, 0, 50, "dismissed")]
    rendered = render_paragraphs(revision.text, spans_for_revision(revision.pk), claims)
    assert [p.gap_after for p in rendered] == ["\n\n  \n", ""]
    assert unescape(re.sub(r"<[^>]+>", "", rendered[0].html)) == "One claim here. Another one."
    assert 'data-claims="2 1" data-depth="2" data-status="open">claim</mark>' in rendered[0].html


def test_two_thousand_sentences_and_five_hundred_claims_all_render():
    text = normalise(sentences_text(2000))
    spans = spans_of(text)
    sentences = [s for s in spans if s[0] == "sentence"]
    claims = []
    for number in range(500):  # a figure in one sentence, some spanning two, some nested
        _, _, start, end = sentences[number * 4]
        if number % 5 == 0:
            end = sentences[number * 4 + 1][3]
        claims.append((number, start + 3, end, "open"))
        if number % 3 == 0:
            claims.append((10_000 + number, start + 16, start + 24, "verified"))
    rendered = render_paragraphs(text, spans, claims)
    # Its speed is reported by bench/bench_claims.py; here, that nothing is lost at scale.
    assert sum(p.html.count('class="sentence"') for p in rendered) == 2000
    marked = {
        int(n)
        for p in rendered
        for ids in re.findall(r'data-claims="([^"]+)"', p.html)
        for n in ids.split()
    }
    assert marked == {claim[0] for claim in claims}
