"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Chromium is never downloaded: the executable is FACTCHECK_CHROMIUM, else /usr/bin/chromium
or /usr/bin/chromium-browser (apt-get install chromium). Without one the tests skip, unless
FACTCHECK_REQUIRE_BROWSER=1 (set by .ci/run), which turns the skip into a failure.

Every test in this folder is marked `browser` (pytest -m "not browser" leaves them out) and
runs on a transactional database, because the live server's thread must see committed rows.
"""

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright
from pytest_django.live_server_helper import LiveServer

# Playwright's sync API keeps an asyncio loop running in the main thread for as long as the
# session-scoped browser lives, so Django's async-safety check would refuse every ORM call
# made in that thread by a browser test, or by any test that runs after one.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
# Nothing in this suite may fetch a browser build.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# Without the background-networking flags Chromium keeps dialling Google's services, which
# this offline machine refuses many times a second.
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000

# Reports every Content-Security-Policy violation to the console, where PageLog collects it.
# Injected through the DevTools protocol, so the page's own CSP does not block it.
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  console.error(`Refused by Content Security Policy: ${event.violatedDirective} blocked `
                + `${event.blockedURI || "inline code"} at ${where}`);
});
"""

HERE = Path(__file__).parent


# tryfirst: pytest's -m deselection and pytest-django's database ordering read these marks.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)
            # serialized_rollback: rows created by migrations (role groups, the default
            # rating scale) come back for each test after the previous test's flush.
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


def find_chromium() -> str | None:
    configured = os.environ.get("FACTCHECK_CHROMIUM")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    for candidate in CHROMIUM_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = find_chromium()
    if executable is None:
        looked = os.environ.get("FACTCHECK_CHROMIUM") or ", ".join(CHROMIUM_CANDIDATES)
        reason = (
            f"no Chromium found (looked for {looked}); install Debian's chromium "
            "(apt-get install --no-install-recommends chromium) or set FACTCHECK_CHROMIUM"
        )
        if os.environ.get("FACTCHECK_REQUIRE_BROWSER") == "1":
            pytest.fail(f"FACTCHECK_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    originals = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        # While Playwright's loop runs, Django keeps its connections in a context variable
        # instead of the thread-local, and would open new ones there: without the test
        # database's serialized contents (serialized_rollback silently restores nothing,
        # here and in every later transactional test) and apart from the connection the
        # live server shares. Hand it the connections the session has used so far.
        for alias, connection in originals.items():
            connections[alias] = connection
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@dataclass
class PageLog:
    """What a page reported: console errors, uncaught exceptions and CSP violations."""

    errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        text = message.text
        if "Content Security Policy" in text or "Refused to" in text:
            self.csp_violations.append(text)
        elif message.type == "error":
            # "Failed to load resource" names no URL in its text; the location does.
            self.errors.append(f"{text} [{message.location.get('url', '?')}]")

    def on_page_error(self, error: Exception) -> None:
        self.errors.append(f"uncaught {error}")

    @property
    def problems(self) -> list[str]:
        return self.csp_violations + self.errors


# Filled by make_page, read through the page_log fixture.
PAGE_LOGS: dict[Page, PageLog] = {}


@pytest.fixture
def make_page(browser: Browser) -> Iterator[Callable[[], Page]]:
    """Opens a page in a fresh browser context (its own cookies): one per user in a test."""
    contexts = []

    def make() -> Page:
        context = browser.new_context(locale="en-GB", timezone_id="UTC")
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(CSP_REPORTER)
        contexts.append(context)
        page = context.new_page()
        log = PageLog()
        page.on("console", log.on_console)
        page.on("pageerror", log.on_page_error)
        PAGE_LOGS[page] = log
        return page

    yield make
    for context in contexts:
        for page in context.pages:
            PAGE_LOGS.pop(page, None)
        context.close()


@pytest.fixture
def page(make_page: Callable[[], Page]) -> Page:
    return make_page()


@pytest.fixture
def page_log() -> Callable[[Page], PageLog]:
    """page_log(page).problems: the console errors and CSP violations seen so far."""
    return PAGE_LOGS.__getitem__


@pytest.fixture
def login() -> Callable[[Page, LiveServer, str, str], None]:
    """login(page, live_server, username, password) through the real login form."""

    def log_in(page: Page, live_server: LiveServer, username: str, password: str) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        form = page.locator("form:has(input[name=password])")
        form.locator("input[name=username]").fill(username)
        form.locator("input[name=password]").fill(password)
        with page.expect_navigation():
            form.locator("button[type=submit], input[type=submit]").first.click()
        assert "/accounts/login/" not in page.url, f"logging in as {username} failed"

    return log_in


@pytest.fixture(autouse=True)
def migrated_rows(transactional_db: None) -> None:
    """The rows migrations create (role groups, the default rating scale), which the
    serialized rollback above should restore for each test. It does not when a non-browser
    database test ran first in the session: the test database was then set up (and
    serialized) on a connection created before Playwright's event loop started, and under
    that loop Django hands out a fresh connection that lacks the serialized contents. Until
    the connections carry them over, put the rows back here, for every browser test."""
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Group

    from factcheck.claims.models import RatingScale

    if not Group.objects.filter(name="reviewer").exists():
        import_module("factcheck.core.migrations.0001_roles").create_roles(apps, None)
    if not RatingScale.objects.exists():
        import_module("factcheck.claims.migrations.0002_default_scale").seed(apps, None)
