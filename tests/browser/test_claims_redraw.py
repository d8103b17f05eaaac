"""Highlights redrawn in the browser (static/js/reader.js, after a claim is created or
changes arrive) are the very markup the server renders (factcheck/articles/reading.py),
for overlapping, nested and paragraph-crossing claims over text with emoji and Khmer."""

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from factcheck.articles.reading import render_paragraphs, spans_for_revision
from factcheck.text.offsets import grapheme_boundaries, utf16_length, utf16_to_codepoint
from tests.articles.test_reading_highlights import TEXTS
from tests.browser.test_claims_marking import (
    TEXT,
    problems,
)
from tests.conftest import PASSWORD, make_user
from tests.factories import make_article
from tests.text.strategies import property_settings

OFFSETS_FILE = Path(__file__).parents[2] / "static" / "js" / "offsets.js"
STATUSES = ["open", "in_review", "contested", "verified", "dismissed", "needs_recheck"]

# Replaces the page's claims with the given ones and redraws every paragraph; returns each
# paragraph's HTML next to the server's HTML for the same claims, both serialised by the
# browser (so attribute quoting and entity choices cannot differ).
REDRAW_JS = """
([claims, expected]) => {
  const reader = window.FactcheckReader;
  reader.claims.clear();
  for (const [id, start, end, status] of claims) reader.claims.set(id, {id, start, end, status});
  reader.redraw([{start: 0, end: Number.MAX_SAFE_INTEGER}]);
  const scratch = document.createElement("p");
  return Array.from(document.querySelectorAll("#article-text .paragraph"), (p, i) => {
    scratch.innerHTML = expected[i];
    const drawn = p.cloneNode(true);
    for (const el of drawn.querySelectorAll("[tabindex]")) el.removeAttribute("tabindex");
    for (const el of drawn.querySelectorAll(".is-current")) el.classList.remove("is-current");
    return [drawn.innerHTML, scratch.innerHTML];
  });
}
"""


def test_redrawn_highlights_match_the_server_rendering(
    page: Page, live_server: LiveServer, login: Callable[..., None], page_log: Callable[[Page], Any]
) -> None:
    make_user("alice", role="reviewer")
    article = make_article(TEXT)
    revision = article.current_revision
    spans = spans_for_revision(revision.pk)
    login(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    expect(page.locator(".reader.is-interactive")).to_have_count(1)

    chooser = random.Random(20260101)
    length = len(revision.text)
    cases = [[], [(1, 0, length, "open")]]
    for _ in range(30):
        claims = []
        for claim_id in range(1, chooser.randint(1, 7) + 1):
            a, b = sorted(chooser.sample(range(length + 1), 2))
            claims.append((claim_id, a, b, chooser.choice(STATUSES)))
        cases.append(claims)
    for claims in cases:
        expected = [p.html for p in render_paragraphs(revision.text, spans, claims)]
        for drawn, server in page.evaluate(REDRAW_JS, [claims, expected]):
            assert drawn == server, claims
    assert problems(page_log(page)) == []


@pytest.fixture(scope="module")
def browser_page(browser: Browser) -> Any:
    """A bare page with offsets.js, shared by the Hypothesis examples below."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<!doctype html><title>offsets</title>")
    page.add_script_tag(path=str(OFFSETS_FILE))
    yield page
    context.close()


# The code point helpers against Python's own str indices, in the browser that runs them.
OFFSETS_JS = """
([text, units]) => {
  const O = window.FactcheckOffsets;
  return {
    length: O.cpLength(text),
    starts: units.map((u) => O.unitToCp(text, u, "start")),
    ends: units.map((u) => O.unitToCp(text, u, "end")),
    graphemes: O.graphemeBoundaries(text),
  };
}
"""


@given(text=TEXTS, data=st.data())
@property_settings
def test_code_point_helpers_agree_with_python(browser_page: Page, text: str, data: Any) -> None:
    utf16 = utf16_length(text)
    units = data.draw(st.lists(st.integers(0, utf16), max_size=8))
    found = browser_page.evaluate(OFFSETS_JS, [text, units])
    assert found["length"] == len(text)
    for unit, start, end in zip(units, found["starts"], found["ends"], strict=True):
        try:
            exact = utf16_to_codepoint(text, unit)
        except ValueError:  # between the halves of a surrogate pair: snapped outwards
            exact = None
        if exact is not None:
            assert start == end == exact
        else:
            assert start == utf16_to_codepoint(text, unit - 1)
            assert end == utf16_to_codepoint(text, unit + 1)
    # Chromium's ICU and the server's agree on grapheme clusters for these texts, so a
    # selection the browser widens is one the server accepts.
    assert found["graphemes"] == grapheme_boundaries(text)
