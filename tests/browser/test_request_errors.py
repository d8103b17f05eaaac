"""An htmx request the server cannot answer says so: a claim deleted in another tab, then
opened from a list that still shows it, answers 404, and the page's alert region tells the
reader instead of nothing happening (static/js/alerts.js)."""

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from factcheck.claims import services
from tests.browser.test_claims_keyboard_and_live import mark, open_as
from tests.browser.test_claims_marking import (
    TEXT,
    problems,
)
from tests.browser.test_workspace import without_polling
from tests.conftest import make_user
from tests.factories import make_article


def test_opening_a_claim_deleted_meanwhile_says_so_in_the_alert_region(
    page: Page,
    live_server: LiveServer,
    login: Callable[..., None],
    page_log: Callable[[Page], Any],
) -> None:
    alice = make_user("alice", role="reviewer")
    article = make_article(TEXT)
    claim = mark(article, "62 cases of violations", alice)
    open_as(page, live_server, login, "alice", article)
    without_polling(page)  # the list keeps the row, as between two polls
    services.delete_claim(claim=claim, deleted_by=alice)

    page.locator(f"#claim-row-{claim.pk} a").first.click()
    alert = page.locator("#page-alerts .request-failed")
    expect(alert).to_contain_text("no longer there")
    expect(page.locator(".reader")).to_have_count(1)  # the page itself is untouched
    alert.get_by_role("button", name="Dismiss").click()
    expect(alert).to_have_count(0)
    # The browser reports the 404 itself; nothing else went wrong.
    assert [p for p in problems(page_log(page)) if "404" not in p] == []
