"""Marking claims on the reading page, as only a browser can: a real selection over text
with emoji, ZWJ sequences and Khmer turned into code-point offsets and a quote
(static/js/reader.js), one-click sentence promotion, and the page staying inside its CSP."""

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from factcheck.claims.models import Claim
from tests.conftest import PASSWORD, make_user
from tests.factories import make_article

# The target comes after a ZWJ family, a flag, a skin tone, an astral letter and Khmer, so
# UTF-16 offsets and code point offsets differ by several units before it.
TEXT = (
    "Family 👨‍👩‍👧 and 🇰🇭 👍🏽 𝐀 flags. ខ្ញុំទៅផ្សារ។ "
    "The report lists 62 cases of violations in 2020. Officials denied it.\n"
    "\n"
    "A second paragraph 😀 ends here."
)

# Selects the first occurrence of `needle` in #article-text's visible text by building a
# DOM Range over the text nodes that hold it; returns what the browser says is selected.
SELECT_JS = """
([needle]) => {
  const root = document.getElementById("article-text");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let text = "";
  while (walker.nextNode()) {
    nodes.push([walker.currentNode, text.length]);
    text += walker.currentNode.data;
  }
  const at = text.indexOf(needle);
  if (at < 0) throw new Error("not on the page: " + needle);
  const locate = (index, isEnd) => {
    for (const [node, base] of nodes) {
      const length = node.data.length;
      if (index > base && index < base + length) return [node, index - base];
      if (!isEnd && index === base && length) return [node, 0];
      if (isEnd && index === base + length) return [node, length];
    }
    throw new Error("no text node at " + index);
  };
  const range = document.createRange();
  range.setStart(...locate(at, false));
  range.setEnd(...locate(at + needle.length, true));
  const selection = document.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  return selection.toString();
}
"""


@pytest.fixture
def reviewer_page(
    page: Page, live_server: LiveServer, login: Callable[..., None]
) -> Callable[[Any], Page]:
    """Logs alice (a reviewer) in and opens an article's reading page."""

    def open_article(article: Any) -> Page:
        make_user("alice", role="reviewer")
        login(page, live_server, "alice", PASSWORD)
        page.goto(f"{live_server.url}{article.get_absolute_url()}")
        expect(page.locator(".reader.is-interactive")).to_have_count(1)
        return page

    return open_article


def problems(log: Any) -> list[str]:
    """CSP violations and console errors, less the browser's own favicon probe (base.html
    declares no icon; not what these tests are about)."""
    return [problem for problem in log.problems if "/favicon.ico" not in problem]


def select(page: Page, needle: str) -> str:
    return page.evaluate(SELECT_JS, [needle])


def test_selection_after_emoji_zwj_and_khmer_becomes_a_claim_with_the_selected_quote(
    reviewer_page: Callable[[Any], Page], page_log: Callable[[Page], Any]
) -> None:
    article = make_article(TEXT)
    page = reviewer_page(article)

    selected = select(page, "62 cases of violations")
    assert selected == "62 cases of violations"
    page.get_by_role("button", name="Mark claim").click()

    expect(page.locator("#claim-panel .claim-panel")).to_be_visible()
    claim = Claim.objects.get()
    assert claim.exact == selected
    assert claim.revision.text[claim.start : claim.end] == claim.exact
    assert claim.start == TEXT.index("62 cases")  # code points, not UTF-16 units
    # The highlight is drawn at once, in the markup the server renders.
    mark = page.locator(f'mark.claim[data-claims="{claim.pk}"]')
    expect(mark).to_have_text("62 cases of violations")
    expect(mark).to_have_attribute("data-status", "open")
    assert problems(page_log(page)) == []


def test_selection_across_sentences_and_emoji_keeps_the_exact_text(
    reviewer_page: Callable[[Any], Page], page_log: Callable[[Page], Any]
) -> None:
    article = make_article(TEXT)
    page = reviewer_page(article)

    # From inside the Khmer sentence, across its end and into the next sentence; the
    # stray spaces around the selection are trimmed.
    needle = "ទៅផ្សារ។ The report "
    assert select(page, needle) == needle
    page.keyboard.press("m")

    expect(page.locator("#claim-panel .claim-panel")).to_be_visible()
    claim = Claim.objects.get()
    assert claim.exact == needle.strip()
    assert claim.revision.text[claim.start : claim.end] == claim.exact
    assert claim.prefix == claim.revision.text[max(0, claim.start - 32) : claim.start]
    # A claim crossing a sentence boundary is drawn as a mark in each sentence and one
    # over the space between them.
    marks = page.locator(f'mark.claim[data-claims="{claim.pk}"]')
    expect(marks).to_have_count(3)
    expect(page.locator(".sentence mark.claim")).to_have_count(2)
    assert problems(page_log(page)) == []


def test_selection_across_paragraphs_is_quoted_with_the_text_between_them(
    reviewer_page: Callable[[Any], Page], page_log: Callable[[Page], Any]
) -> None:
    article = make_article(TEXT)
    page = reviewer_page(article)
    page.evaluate(
        """() => {
          const [first, second] = document.querySelectorAll("#article-text .paragraph");
          const range = document.createRange();
          const last = first.querySelector(".sentence:last-child").firstChild;
          range.setStart(last, last.data.indexOf("denied"));
          const opening = second.querySelector(".sentence").firstChild;
          range.setEnd(opening, "A second".length);
          getSelection().removeAllRanges();
          getSelection().addRange(range);
        }"""
    )
    page.get_by_role("button", name="Mark claim").click()

    expect(page.locator("#claim-panel .claim-panel")).to_be_visible()
    claim = Claim.objects.get()
    assert claim.exact == "denied it.\n\nA second"
    assert claim.revision.text[claim.start : claim.end] == claim.exact
    assert problems(page_log(page)) == []


def test_selection_inside_an_emoji_is_widened_to_the_whole_cluster(
    reviewer_page: Callable[[Any], Page], page_log: Callable[[Page], Any]
) -> None:
    article = make_article(TEXT)
    page = reviewer_page(article)
    # A range that starts between the two UTF-16 halves of the woman in the ZWJ family
    # and ends inside the skin-toned thumb: the claim takes both clusters whole.
    page.evaluate(
        """() => {
          const node = document.querySelector("#article-text .sentence").firstChild;
          const family = node.data.indexOf("\\u{1F469}");
          const thumb = node.data.indexOf("\\u{1F44D}");
          const range = document.createRange();
          range.setStart(node, family + 1);
          range.setEnd(node, thumb + 2);
          getSelection().removeAllRanges();
          getSelection().addRange(range);
        }"""
    )
    page.get_by_role("button", name="Mark claim").click()

    expect(page.locator("#claim-panel .claim-panel")).to_be_visible()
    claim = Claim.objects.get()
    assert claim.exact == "👨‍👩‍👧 and 🇰🇭 👍🏽"
    assert claim.revision.text[claim.start : claim.end] == claim.exact
    assert problems(page_log(page)) == []


def test_a_whole_sentence_is_promoted_with_one_click(
    reviewer_page: Callable[[Any], Page], page_log: Callable[[Page], Any]
) -> None:
    article = make_article(TEXT)
    page = reviewer_page(article)

    sentence = page.locator(".sentence", has_text="62 cases")
    sentence.hover()
    page.get_by_role("button", name="Mark sentence").click()

    expect(page.locator("#claim-panel .claim-panel")).to_be_visible()
    claim = Claim.objects.get()
    assert claim.exact == "The report lists 62 cases of violations in 2020."
    assert claim.revision.text[claim.start : claim.end] == claim.exact
    expect(page.locator(f'mark.claim[data-claims="{claim.pk}"]')).to_have_text(claim.exact)
    assert problems(page_log(page)) == []


def test_a_focused_sentence_is_promoted_from_the_keyboard(
    reviewer_page: Callable[[Any], Page], page_log: Callable[[Page], Any]
) -> None:
    article = make_article(TEXT)
    page = reviewer_page(article)

    page.locator(".sentence").first.focus()
    page.keyboard.press("ArrowDown")  # to the Khmer sentence
    page.keyboard.press("ArrowDown")  # to "The report lists ..."
    expect(page.locator(".sentence:focus")).to_contain_text("62 cases")
    page.keyboard.press("m")

    expect(page.locator("#claim-panel .claim-panel")).to_be_visible()
    assert Claim.objects.get().exact == "The report lists 62 cases of violations in 2020."
    assert problems(page_log(page)) == []


def test_a_quote_the_server_refuses_is_explained_next_to_the_selection(
    reviewer_page: Callable[[Any], Page], page_log: Callable[[Page], Any]
) -> None:
    article = make_article(TEXT)
    page = reviewer_page(article)
    # The page is stale: the article has a newer revision than the one it shows.
    page.evaluate("() => { document.querySelector('.reader').dataset.revision = '999999'; }")

    select(page, "62 cases")
    page.get_by_role("button", name="Mark claim").click()

    expect(page.locator(".claim-tools-message")).to_contain_text("reload")
    assert not Claim.objects.exists()
    # A refused request is a 409 in the console; nothing else went wrong.
    assert page_log(page).csp_violations == []
    assert all("409" in error for error in page_log(page).errors)
