"""What a reader sees of a published fact-check, in a real browser: the quote's highlight is
one marker line (it once drew five stacked lines through the text and read as struck
through), the rating chip has its colour from the page's own stylesheet (the page loaded
none), nothing scrolls sideways at 375 px, and on paper links print their addresses. And
the export form's checkbox sits on its label's line."""

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from factcheck.claims import services
from factcheck.claims.models import Claim
from factcheck.exports.services import publish_claim
from tests.conftest import PASSWORD, make_user
from tests.exports.world import build_world, decide
from tests.factories import make_article, make_claim, make_review

LONG_URL = "https://archive.example.org/" + "averylongpathsegmentwithnobreaks" * 8


@pytest.fixture
def published() -> Claim:
    """The export tests' world (a corrected, published claim with emoji and `</script>` in its
    texts), plus a long claim over two lines and a source with an unbreakable long URL."""
    alice = make_user("alice", role="reviewer")
    bob = make_user("bob", role="reviewer")
    erin = make_user("erin", role="editor")
    build_world(alice, bob, erin)
    article = make_article(
        "According to an unnamed NGO cited in the State Department report, as of July of last "
        "year there had been 62 cases of violations of freedom of peaceful assembly and "
        "association. Another NGO counted 185 assemblies.",
        created_by=erin,
        source_url=LONG_URL,
    )
    claim = make_claim(
        article,
        "62 cases of violations of freedom of peaceful assembly and association",
        created_by=alice,
        summary="An NGO counted 62 violations of assembly rights by July 2020.",
        claimant="An unnamed NGO",
    )
    make_review(claim, alice, "true")
    source = services.add_source(
        claim=claim, added_by=alice, url=LONG_URL, title="", stance="supports",
        archive_url=LONG_URL + "/archived", excerpt="As of July, an NGO reported 62 cases.",
    )  # fmt: skip
    decide(claim, erin, "true", summary="The report cites the NGO's count.",
           rationale="Both reviewers found it in section 2.b.", sources=(source,))  # fmt: skip
    return publish_claim(claim=Claim.objects.get(pk=claim.pk), editor=erin)


def problems(log: Any) -> list[str]:
    return [problem for problem in log.problems if "/favicon.ico" not in problem]


def open_page(page: Page, live_server: LiveServer, claim: Claim, width: int = 1400) -> None:
    page.set_viewport_size({"width": width, "height": 900 if width > 600 else 812})
    page.goto(f"{live_server.url}/fact-checks/{claim.pk}/")


HIGHLIGHT = """(mark) => {
  const style = getComputedStyle(mark);
  return {
    boxShadow: style.boxShadow,
    textDecoration: style.textDecorationLine,
    background: style.backgroundColor,
    borderBottom: style.borderBottomWidth + " " + style.borderBottomStyle,
    lines: mark.getClientRects().length,
  };
}"""


def test_the_quote_is_highlighted_once_not_struck_through(
    page: Page, live_server: LiveServer, published: Claim, page_log: Callable[[Page], Any]
) -> None:
    open_page(page, live_server, published, width=375)
    mark = page.locator("figure.claim-in-context blockquote mark")
    assert mark.count() == 1
    drawn = mark.evaluate(HIGHLIGHT)
    assert drawn["lines"] >= 2  # the claim runs over several lines at 375 px
    # No lines drawn inside the text (box shadows) or through it: one tint, one underline.
    assert drawn["boxShadow"] == "none", drawn
    assert drawn["textDecoration"] == "none", drawn
    assert drawn["background"] not in ("rgba(0, 0, 0, 0)", "transparent"), drawn
    assert drawn["borderBottom"] == "2px solid", drawn
    assert problems(page_log(page)) == []


def test_the_rating_chip_has_its_colour_from_the_stylesheet(
    page: Page, live_server: LiveServer, published: Claim, page_log: Callable[[Page], Any]
) -> None:
    open_page(page, live_server, published)
    chip = page.locator("main .rating-chip").first
    assert chip.inner_text() == "True"  # the label in words, not colour alone
    colours = chip.evaluate(
        "(el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]"
    )
    assert colours == ["rgb(27, 127, 59)", "rgb(255, 255, 255)"]  # .rating-true, white text
    card = page.locator(".verdict-card")
    assert card.evaluate("(el) => getComputedStyle(el).borderInlineStartColor") == colours[0]
    sheets = page.evaluate("[...document.styleSheets].map((s) => s.href)")
    assert [href for href in sheets if href] == [f"{live_server.url}/static/css/public.css"]
    assert problems(page_log(page)) == []


@pytest.mark.parametrize("path", ["fact-checks/{pk}/", "annotations/claim-{pk}"])
def test_nothing_scrolls_sideways_at_375_px(
    page: Page, live_server: LiveServer, published: Claim, path: str
) -> None:
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{live_server.url}/{path.format(pk=published.pk)}")
    if path.startswith("annotations"):
        page.locator(".annotation-json summary").click()  # its JSON scrolls in its own box
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], widths
    # Every box stays within the viewport (a long unbroken URL included).
    wide = page.evaluate(
        """() => [...document.querySelectorAll("main *")]
          .filter((el) => !el.closest("pre"))
          .filter((el) => el.getBoundingClientRect().right > innerWidth + 0.5)
          .map((el) => el.tagName + "." + el.className)"""
    )
    assert wide == []


def test_on_paper_links_print_their_addresses_and_the_rating_keeps_its_colour(
    page: Page, live_server: LiveServer, published: Claim
) -> None:
    open_page(page, live_server, published, width=800)
    page.emulate_media(media="print")
    after = page.locator(".source-link").first.evaluate(
        "(el) => getComputedStyle(el, '::after').content"
    )
    assert LONG_URL in after
    chip = page.locator("main .rating-chip").first
    assert chip.evaluate("(el) => getComputedStyle(el).printColorAdjust") == "exact"
    assert chip.evaluate("(el) => getComputedStyle(el).backgroundColor") == "rgb(27, 127, 59)"
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], widths
    page.emulate_media(media="screen")
    assert (
        page.locator(".source-link").first.evaluate(
            "(el) => getComputedStyle(el, '::after').content"
        )
        == "none"
    )


def test_the_export_forms_checkbox_sits_on_its_labels_line(
    page: Page, live_server: LiveServer, login: Callable[..., None]
) -> None:
    make_user("erin", role="editor")
    login(page, live_server, "erin", PASSWORD)
    page.goto(f"{live_server.url}/exports/")
    box = page.locator("input[name=bom]").bounding_box()
    assert box
    # The box around the label's words (its text node), not around the label element.
    label = page.locator("label:has(input[name=bom])").evaluate(
        """(label) => {
          const text = [...label.childNodes].find((n) => n.nodeType === 3 && n.data.trim());
          const range = document.createRange();
          range.selectNodeContents(text);
          const r = range.getBoundingClientRect();
          return {x: r.x, y: r.y, width: r.width, height: r.height};
        }"""
    )
    assert "UTF-8 byte order mark" in page.locator("label:has(input[name=bom])").inner_text()
    # Side by side: the checkbox's middle lies within the label text's line, to its left.
    middle = box["y"] + box["height"] / 2
    assert label["y"] <= middle <= label["y"] + label["height"], (box, label)
    assert box["x"] + box["width"] <= label["x"] + 1
    # Ticking the label ticks the box.
    page.get_by_text("UTF-8 byte order mark (CSV for Excel)").click()
    assert page.locator("input[name=bom]").is_checked()
    # The article list's hint is visible and is its description.
    hint = page.locator("#id_articles_helptext")
    assert hint.is_visible()
    assert page.locator("select[name=articles]").get_attribute("aria-describedby") == (
        "id_articles_helptext"
    )
