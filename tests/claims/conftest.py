import pytest

from tests.factories import make_article

# Emoji, a ZWJ family, a flag, combining marks and Khmer before the claims, so code-point
# offsets differ from UTF-16 and byte offsets.
TEXT = (
    "Intro 😀 with a family 👨‍👩‍👧 and a flag 🇰🇭 and q\u0301 marks. "
    "ខ្ញុំទៅផ្សារ។ "
    "The ministry said 62 cases were recorded in 2020. "
    "Officials counted 185 assemblies from April 2019 to March 2020.\n\n"
    "A second paragraph repeats 62 cases once more."
)


@pytest.fixture
def article(erin):
    return make_article(TEXT, title="Claims test article", created_by=erin)


def offsets(article, exact: str, occurrence: int = 0) -> tuple[int, int]:
    text = article.current_revision.text
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(exact, start + 1)
    return start, start + len(exact)


def claim_post(article, exact: str, *, occurrence: int = 0, **overrides) -> dict:
    start, end = offsets(article, exact, occurrence)
    text = article.current_revision.text
    data = {
        "revision": article.current_revision_id,
        "start": start,
        "end": end,
        "exact": exact,
        "prefix": text[max(0, start - 32) : start],
        "suffix": text[end : end + 32],
    }
    data.update(overrides)
    return data


HX = {"HX-Request": "true"}
JSON = {"Accept": "application/json"}

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "</textarea><script>alert(2)</script>",
    "{{ 7*7 }}",
]


def assert_escaped(html: str, payload: str) -> None:
    """The payload appears as text only: escaped, never as markup or a link target."""
    from html import escape

    assert escape(payload) in html, f"payload not shown as text: {payload}"
    if any(mark in payload for mark in '<>"'):
        assert payload not in html, f"raw payload in page: {payload}"
    assert 'href="javascript:' not in html.lower()
