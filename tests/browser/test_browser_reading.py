"""What only a browser shows about reading an article: the real login form, the page as
Chromium renders it under our Content-Security-Policy."""

import io
from collections.abc import Callable
from typing import Any

from django.core.management import call_command
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from factcheck.core.demo import DEMO_PASSWORDS


def test_reviewer_logs_in_and_reads_seed_article(
    page: Page,
    live_server: LiveServer,
    login: Callable[[Page, LiveServer, str, str], None],
    page_log: Callable[[Page], Any],
) -> None:
    call_command("load_demo", stdout=io.StringIO())

    login(page, live_server, "alice", DEMO_PASSWORDS["alice"])
    page.goto(f"{live_server.url}/articles/")
    page.get_by_role("link", name="Cambodian leaders").first.click()

    sentence = page.locator(".sentence[data-start][data-end]", has_text="62 cases of violations")
    expect(sentence).to_have_count(1)
    expect(sentence).to_be_visible()
    log = page_log(page)
    assert log.csp_violations == []
    assert log.errors == []
