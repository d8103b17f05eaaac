"""Suggestions on the reading page (issue 17): a reviewer turns them on, turns one into a
claim with the keyboard, and sees its reasons on the claim (static/js/suggestions.js)."""

import os
from collections.abc import Callable
from pathlib import Path
from tempfile import gettempdir
from typing import Any

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from factcheck.claims.models import Claim
from factcheck.suggestions.models import SuggestionDecision
from tests.browser.test_claims_marking import problems
from tests.conftest import PASSWORD, make_user
from tests.factories import make_article

TEXT = (
    "The group recorded a total of 185 assemblies. Of those, 101 were about land and "
    "68 about wages, with the remaining 20 held for other reasons.\n\n"
    "The ministry said 62 cases were recorded in 2020, up 40% from 2019. "
    "Officials denied it.\n\n"
    "According to the report, the Phnom Penh court heard 14 cases in March 2021."
)
# Where the screenshots go for a person to look at (not compared by the test).
SHOTS = Path(os.environ.get("FACTCHECK_SUGGEST_SHOTS", Path(gettempdir()) / "suggest-shots"))


def test_a_reviewer_turns_suggestions_on_and_makes_a_claim_with_the_keyboard(
    page: Page, live_server: LiveServer, login: Callable[..., None], page_log: Callable[[Page], Any]
) -> None:
    make_user("alice", role="reviewer")
    article = make_article(TEXT)
    login(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    expect(page.locator(".reader.is-interactive")).to_have_count(1)

    toggle = page.locator("#suggestions-toggle")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(page.locator("#suggestions-toggle")).to_have_attribute("aria-pressed", "true")
    rows = page.locator("#suggestion-panel ol.suggestion-list > li.suggestion")
    expect(rows.first).to_be_visible()
    count = rows.count()
    # The keys are shown where they act, and the text carries the dotted underlines.
    expect(page.locator("#suggestion-keys")).to_be_visible()
    underlined = page.evaluate("CSS.highlights.get('fc-suggestion').size")
    assert underlined == count
    assert page.evaluate("CSS.highlights.get('fc-finding').size") >= 1

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.screenshot(path=str(SHOTS / "suggestions-1400.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 812})
    page.screenshot(path=str(SHOTS / "suggestions-375.png"), full_page=True)
    page.set_viewport_size({"width": 1400, "height": 900})

    first = rows.first
    start, end = int(first.get_attribute("data-start")), int(first.get_attribute("data-end"))
    first.focus()
    page.keyboard.press("c")

    panel = page.locator("#claim-panel .claim-panel")
    expect(panel).to_have_attribute("data-start", str(start))
    expect(panel.locator(".suggested-because")).to_contain_text("Made from a suggestion: ")
    claim = Claim.objects.get(article=article)
    reasons = claim.suggestions.get().reasons
    expect(panel.locator(".suggested-because")).to_contain_text(reasons[0])
    assert (claim.start, claim.end) == (start, end)
    # It left the list, focus moved to the next one, and the text shows the new claim.
    expect(rows).to_have_count(count - 1)
    expect(
        page.locator(f'#article-text mark.claim[data-claims~="{claim.pk}"]').first
    ).to_be_attached()
    expect(rows.first).to_be_focused()

    # x dismisses the focused one, for this reviewer.
    page.keyboard.press("x")
    expect(rows).to_have_count(count - 2)
    assert SuggestionDecision.objects.filter(decision="dismissed").count() == 1
    assert problems(page_log(page)) == []
