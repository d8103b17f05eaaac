"""History a person can read, on a phone too (issue 13): at 375 px the claim timeline, the
article activity and a work page scroll only downwards, with every raw-fields disclosure
open, and no table header breaks a word letter by letter (it once showed "Befor e"). The
dashboard's chart labels are at least 12 px as rendered (they were 7 px, drawn inside an
SVG scaled down to its card)."""

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from factcheck.claims import services
from factcheck.claims.models import Claim
from factcheck.editorial import services as decisions
from factcheck.moderation.services import flag_item
from tests.conftest import PASSWORD, make_user
from tests.factories import make_article, make_claim, make_review, rating

TEXT = (
    "The ministry said 62 cases of violations of freedom of peaceful assembly and "
    "association were recorded in 2020. Officials counted 185 assemblies from April 2019 "
    "to March 2020."
)
PHONE = {"width": 375, "height": 812}

# Each word of each header cell of the raw-fields tables on one line: a Range over a word
# that the layout broke has one client rect per line.
BROKEN_HEADER_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll("table.diff th")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        if (range.getClientRects().length > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"

# The rendered size of every piece of text in the dashboard's charts: the computed font size
# times the scale of the SVG it may sit in (a viewBox drawn smaller than its units).
CHART_TEXT_SIZES = """() => {
  const sizes = [];
  for (const chart of document.querySelectorAll(".chart")) {
    const walker = document.createTreeWalker(chart, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.data.trim()) continue;
      const element = node.parentElement;
      if (element.closest("title")) continue;
      let scale = 1;
      if (element instanceof SVGGraphicsElement) {
        const matrix = element.getScreenCTM();
        scale = Math.hypot(matrix.a, matrix.b);
      }
      sizes.push([node.data.trim(), parseFloat(getComputedStyle(element).fontSize) * scale]);
    }
  }
  return sizes;
}"""


def a_checked_claim() -> Claim:
    alice = make_user("alice", role="reviewer")
    bob = make_user("bob", role="reviewer")
    erin = make_user("erin", role="editor")
    article = make_article(
        TEXT,
        title="Cambodian leaders “committed abuses with impunity”, says US State Department",
        created_by=erin,
    )
    claim = make_claim(
        article,
        "62 cases of violations of freedom of peaceful assembly and association",
        created_by=alice,
        summary="An NGO counted 62 violations of assembly rights by July 2020.",
        claimant="Unnamed NGO cited by the US State Department",
    )
    make_review(claim, alice, "half-true", rationale="The report cites the figure, but for July.")
    make_review(claim, bob, "mostly-true", rationale="Same figure in section 2.b of the report.")
    source = services.add_source(
        claim=claim,
        added_by=alice,
        url="https://www.state.gov/reports/2020-country-reports-on-human-rights-practices/"
        "cambodia/#section-2-b-freedoms-of-peaceful-assembly-and-association",
        title="2020 Country Reports on Human Rights Practices: Cambodia",
        publisher="U.S. Department of State",
        stance="supports",
        excerpt="As of July, an NGO reported 62 cases of violations of freedom of assembly.",
    )
    services.add_comment(claim=claim, author=bob, body="Which month does the count end in?")
    decisions.decide_verdict(
        claim=Claim.objects.get(pk=claim.pk),
        editor=erin,
        rating=rating("half-true"),
        public_summary="Half true: 62 cases by July 2020, not for the whole year.",
        rationale="Both reviewers found the figure; the report counts to July.",
        sources=[source],
    )
    return claim


def test_history_pages_fit_a_phone_and_keep_header_words_whole(
    page: Page,
    live_server: LiveServer,
    login: Callable[..., None],
    page_log: Callable[[Page], Any],
) -> None:
    claim = a_checked_claim()
    page.set_viewport_size(PHONE)
    login(page, live_server, "erin", PASSWORD)
    for path, sentence in (
        (f"/claims/{claim.pk}/timeline/", "alice rated this claim Half true, confidence medium."),
        (f"/articles/{claim.article_id}/activity/", "erin verified this claim as Half true"),
        ("/people/alice/work/", "alice added a source that supports the claim"),
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator(".event-text", has_text=sentence).first).to_be_visible()
        disclosures = page.locator("details.raw-fields")
        assert disclosures.count() >= 3, path
        for index in range(disclosures.count()):
            disclosures.nth(index).locator("summary").click()
        expect(page.locator("table.diff th", has_text="Before").first).to_be_visible()
        assert page.evaluate(OVERFLOW) <= 0, path
        assert page.evaluate(BROKEN_HEADER_WORDS) == [], path
    assert page_log(page).problems == []


@pytest.mark.parametrize("width", [1400, 375])
def test_dashboard_chart_labels_are_at_least_12px_as_rendered(
    width: int,
    page: Page,
    live_server: LiveServer,
    login: Callable[..., None],
    page_log: Callable[[Page], Any],
) -> None:
    claim = a_checked_claim()
    bob = type(claim.created_by).objects.get(username="bob")
    flag_item(item=claim.reviews.get(reviewer=bob), flagged_by=claim.created_by, reason="Rude.")
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, "erin", PASSWORD)
    page.goto(f"{live_server.url}/dashboard/")
    sizes = page.evaluate(CHART_TEXT_SIZES)
    labels = {text for text, _ in sizes}
    assert {"Needs recheck", "Half true", "Reviews", "All articles", "alice"} <= labels
    assert [(text, size) for text, size in sizes if size < 12] == []
    assert page.evaluate(OVERFLOW) <= 0
    # The verdict chart draws each rating in its own colour (a CSS fill once overrode it).
    colour = rating("half-true").colour.lstrip("#")
    expected = "rgb({}, {}, {})".format(*(int(colour[i : i + 2], 16) for i in (0, 2, 4)))
    bar = page.locator("#rating-chart .chart-row", has_text="Half true").locator("rect")
    assert bar.evaluate("rect => getComputedStyle(rect).fill") == expected
    assert page_log(page).problems == []
