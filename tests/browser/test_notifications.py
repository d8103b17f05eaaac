"""Mentions and the bell in a browser: alice mentions @bob in a comment; bob, reading the
article, sees his bell count 1 through the page's live poll (static/js/reader.js), opens
his notifications, follows the mention to the claim, and the count drops to 0."""

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.test_claims_keyboard_and_live import LIVE_TIMEOUT_MS, mark, open_as
from tests.browser.test_claims_marking import (
    TEXT,
    problems,
)
from tests.conftest import make_user
from tests.factories import make_article


def test_a_mention_reaches_bobs_bell_and_leads_him_to_the_claim(
    make_page: Callable[[], Page],
    live_server: LiveServer,
    login: Callable[..., None],
    page_log: Callable[[Page], Any],
) -> None:
    alice = make_user("alice", role="reviewer")
    make_user("bob", role="reviewer")
    article = make_article(TEXT)
    claim = mark(article, "62 cases of violations", alice)

    bobs = make_page()
    open_as(bobs, live_server, login, "bob", article)
    expect(bobs.get_by_role("link", name="Notifications, 0 unread")).to_be_visible()

    alices = make_page()
    open_as(alices, live_server, login, "alice", article)
    alices.locator(f"#claim-row-{claim.pk} a").first.click()
    panel = alices.locator(f'#claim-panel .claim-panel[data-claim="{claim.pk}"]')
    panel.locator(".comment-add textarea[name=body]").fill(
        "@bob, can you check the 2019 report? (not @olga)"
    )
    panel.get_by_role("button", name="Post comment").click()
    comment = panel.locator(".comment-list .comment").first
    expect(comment.locator("strong.mention")).to_have_text("@bob")
    expect(comment).to_contain_text("(not @olga)")

    # No reload: the reading page's poll brings the count.
    bell = bobs.get_by_role("link", name="Notifications, 1 unread")
    expect(bell).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    bell.click()
    expect(bobs).to_have_url(f"{live_server.url}/notifications/")
    bobs.get_by_role("link", name="alice mentioned you in a comment on").click()
    expect(bobs).to_have_url(f"{live_server.url}/claims/{claim.pk}/")
    expect(bobs.get_by_role("link", name="Notifications, 0 unread")).to_be_visible()
    expect(bobs.locator(".comment strong.mention")).to_have_text("@bob")
    assert problems(page_log(bobs)) == [] and problems(page_log(alices)) == []
