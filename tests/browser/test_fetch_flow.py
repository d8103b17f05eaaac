"""Fetching in a browser, with the real queue and a real worker: erin imports an article by
its URL, waits on the fetch's page (htmx polling) for the preview, corrects the title and
imports; alice adds a source to a claim and watches it become archived, with a kept copy,
without reloading. A URL naming an internal address is refused on the form, saying why.

The live server enqueues into django-tasks-db's table (the default FACTCHECK_TASKS), and
`manage.py db_worker` runs the tasks in its own process against the test database, as
`make demo` does beside runserver. The pages come from the local news site of
tests/fetching (127.0.0.1 only; its connection guard fails anything else).

Screenshots of the import form, the preview and the claim panel at desktop and phone widths
are written to FACTCHECK_SHOTS (default /tmp/fetch-shots/) for a person to look at.
"""

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from factcheck.articles.models import Article
from factcheck.claims.models import Source
from factcheck.fetching.models import FetchJob, PageSnapshot
from tests.conftest import PASSWORD, make_user
from tests.factories import make_article, make_claim
from tests.fetching.conftest import (  # noqa: F401 (fixtures)
    LocalSite,
    connections,
    local_site,
)
from tests.fetching.test_workers import ROOT, worker_env

SHOTS = Path(os.environ.get("FACTCHECK_SHOTS", "/tmp/fetch-shots"))  # noqa: S108 (for people)
WIDTHS = {"desktop": 1400, "phone": 375}
FETCHED_TITLE = "Flood waters recede in Battambang as farmers count losses"
CORRECTED_TITLE = "Battambang floods recede; farmers count their losses"
KHMER_TITLE = "ក្រសួងអប់រំបើកបណ្ណាល័យថ្មីចំនួន ២០ នៅខេត្តសៀមរាប"
# The polls are every 1 s (fetch page) and 2 s (source line); the worker looks every 0.2 s.
WORKER_TIMEOUT_MS = 20_000


@pytest.fixture
def worker(local_site: LocalSite, settings) -> Iterator[Callable[[], None]]:  # noqa: F811
    """The live server queues in the database; calling the fixture's value starts one
    db_worker process, which runs the tasks. Tests start it once the page shows the fetch
    waiting, so what follows can only reach the page through its polling."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.FACTCHECK_FETCH_ALLOWED_ADDRESSES = local_site.allowed
    settings.FACTCHECK_FETCH_ALLOWED_PORTS = local_site.ports
    started: list[subprocess.Popen] = []

    def start() -> None:
        started.append(subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload",
             "--interval", "0.2"],
            cwd=ROOT, env=worker_env(local_site), stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True,
        ))  # fmt: skip

    yield start
    for process in started:
        process.terminate()
        output = process.communicate(timeout=30)[0]
        assert "Traceback" not in output, output


def shoot(page: Page, name: str, locator: str | None = None) -> None:
    """The page (or one region of it) at each width, as SHOTS/<name>-<width>.png."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size or {"width": 1400, "height": 900}
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        target = page.locator(locator) if locator else page
        target.screenshot(path=str(SHOTS / f"{name}-{label}.png"), **full_page(locator))
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
    page.set_viewport_size(size)


def full_page(locator: str | None) -> dict[str, Any]:
    return {} if locator else {"full_page": True}


def test_editor_imports_by_url_and_corrects_the_title(
    worker: Callable[[], None],
    local_site: LocalSite,  # noqa: F811
    make_page: Callable[[], Page],
    live_server: LiveServer,
    login: Callable[..., None],
    page_log: Callable[[Page], Any],
) -> None:
    make_user("erin", role="editor")
    page = make_page()
    login(page, live_server, "erin", PASSWORD)
    page.goto(f"{live_server.url}/articles/import/")
    shoot(page, "import-form")
    page.get_by_label("Article URL").fill(local_site.url("/articles/en.html"))
    page.get_by_role("button", name="Fetch the page").click()

    # the fetch's page: queued, then the preview swapped in by the poll (no reload)
    expect(page).to_have_url(re.compile(r"/fetches/\d+/$"))
    expect(page.locator("#job-status")).to_contain_text("Queued: waiting for the worker")
    page.evaluate("window.stayedOnThisPage = true")
    worker()
    assert FetchJob.objects.get().url == local_site.url("/articles/en.html")
    title = page.get_by_label("Title")
    expect(title).to_have_value(FETCHED_TITLE, timeout=WORKER_TIMEOUT_MS)
    expect(page.get_by_label("Article text")).to_have_value(
        re.compile(r"^Flood waters in Battambang province began to recede")
    )
    expect(page.get_by_label("Author")).to_have_value("Sophea Lim")
    assert page.evaluate("window.stayedOnThisPage") is True
    assert not Article.objects.exists()  # nothing is imported before erin says so
    shoot(page, "preview")

    title.fill(CORRECTED_TITLE)
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CORRECTED_TITLE)
    article = Article.objects.get()
    assert page.url.endswith(article.get_absolute_url())
    expect(page.locator("article.reader")).to_contain_text(
        "Flood waters in Battambang province began to recede"
    )
    expect(page.locator(".byline")).to_contain_text("Sophea Lim")
    kept = PageSnapshot.objects.get(article=article)
    expect(page.get_by_role("link", name="Kept copy of the page")).to_have_attribute(
        "href", f"/kept-pages/{kept.pk}/"
    )
    assert kept.final_url == local_site.url("/articles/en.html")
    shoot(page, "imported-article")
    assert not [p for p in page_log(page).problems if "/favicon.ico" not in p]


def test_an_internal_address_is_refused_on_the_form_and_nothing_is_stored(
    worker: Callable[[], None],
    make_page: Callable[[], Page],
    live_server: LiveServer,
    login: Callable[..., None],
) -> None:
    make_user("erin", role="editor")
    page = make_page()
    login(page, live_server, "erin", PASSWORD)
    page.goto(f"{live_server.url}/articles/import/")
    page.get_by_label("Article URL").fill("http://10.0.0.1/")
    page.get_by_role("button", name="Fetch the page").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The address 10.0.0.1 is in a private range; the workbench does not fetch from "
        "internal addresses."
    )
    expect(page.get_by_label("Article URL")).to_have_value("http://10.0.0.1/")
    assert not FetchJob.objects.exists() and not PageSnapshot.objects.exists()
    assert not Article.objects.exists()


def test_reviewer_adds_a_source_and_sees_it_archived_without_reloading(
    worker: Callable[[], None],
    local_site: LocalSite,  # noqa: F811
    make_page: Callable[[], Page],
    live_server: LiveServer,
    login: Callable[..., None],
    page_log: Callable[[Page], Any],
) -> None:
    alice = make_user("alice", role="reviewer")
    article = make_article("The ministry opened 20 new libraries in Siem Reap.")
    claim = make_claim(article, "20 new libraries", created_by=alice)
    source_url = local_site.url("/articles/km.html")

    page = make_page()
    login(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}/claims/{claim.pk}/")
    panel = page.locator("#claim-panel")
    panel.get_by_text("Add a source").click()
    panel.get_by_label("Address (http or https)").fill(source_url)
    panel.get_by_label("Title").fill(KHMER_TITLE)
    panel.get_by_role("button", name="Add source").click()

    source_line = panel.locator(".source").filter(has_text=KHMER_TITLE)
    expect(source_line).to_be_visible()
    source = Source.objects.get(claim=claim)
    archive = source_line.locator(".source-archive")
    expect(archive).to_contain_text("archiving…")
    page.evaluate("window.stayedOnThisPage = true")
    worker()
    # archiving… (polling), then archived with its kept copy, without a reload
    expect(archive).to_have_class(re.compile(r"\barchive-done\b"), timeout=WORKER_TIMEOUT_MS)
    expect(archive).to_contain_text("· archived")
    expect(archive).not_to_contain_text("archiving")
    kept = PageSnapshot.objects.get(source=source)
    expect(archive.get_by_role("link", name="kept copy")).to_have_attribute(
        "href", f"/kept-pages/{kept.pk}/"
    )
    expect(archive.get_by_role("button", name="Check again")).to_be_visible()
    assert page.evaluate("window.stayedOnThisPage") is True
    assert kept.final_url == source_url and "២០" in kept.text
    shoot(page, "claim-panel", "#claim-panel")
    assert not [p for p in page_log(page).problems if "/favicon.ico" not in p]
