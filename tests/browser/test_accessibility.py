"""axe-core over the pages people use most, on the demo data: no serious or critical
violation may be found.

axe-core comes inside the axe-playwright-python wheel (axe.min.js), so nothing is fetched
at run time. Each page is checked as the role that uses it would see it, in the state that
matters (the reading page with a claim's panel open), at desktop and phone widths: a rule
such as target-size or reflow can fail only on one of them.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from factcheck.articles.models import Article
from factcheck.claims.models import Claim
from factcheck.core.demo import DEMO_PASSWORDS, load_demo
from factcheck.fetching import services as fetching
from factcheck.fetching.extract import extract_article
from factcheck.fetching.models import FetchJob
from tests.fetching.conftest import PAGES as NEWS_PAGES
from tests.fetching.test_extract import fetched

BLOCKING_IMPACTS = ("serious", "critical")
VIEWPORTS = {"desktop": (1400, 900), "phone": (375, 812)}


@dataclass(frozen=True)
class Checked:
    name: str
    user: str | None  # None: not logged in
    path: Callable[[], str]
    then: Callable[[Page], None] | None = None


def demo_article() -> Article:
    from factcheck.claims.demo import SEED_SLUG

    return Article.objects.get(slug=SEED_SLUG)


def published_claim() -> Claim:
    return Claim.objects.filter(published_at__isnull=False).order_by("pk").first()


def any_claim() -> Claim:
    return Claim.objects.filter(article=demo_article()).order_by("pk").first()


def reviewed_claim() -> Claim:
    """The demo's contested claim: two reviews with different ratings on its page."""
    return Claim.objects.filter(article=demo_article(), status="contested").first()


def fetched_for(user: str, purpose: str, page_file: str, **owner) -> FetchJob:
    """A fetch done as the worker would have done it, from a page of tests/fetching's news
    site (no network: the bytes are handed to the same code that keeps them)."""
    from django.contrib.auth.models import User

    page = fetched((NEWS_PAGES / page_file).read_bytes())
    url = page.url
    job = fetching.start_fetch(
        purpose=purpose, url=url, requested_by=User.objects.get(username=user), **owner
    )
    fetching.KEEPERS[purpose](job, page, extract_article(page))
    return job


def import_preview() -> str:
    job = fetched_for("erin", FetchJob.Purpose.IMPORT, "en.html")
    return f"/fetches/{job.pk}/"


def claim_with_archived_source() -> str:
    """The contested claim, one of its demo sources archived (the rest never fetched)."""
    claim = reviewed_claim()
    source = claim.sources.order_by("pk").first()
    assert source is not None, "the demo's contested claim has sources"
    fetched_for("alice", FetchJob.Purpose.ARCHIVE, "km.html", source=source)
    assert source.snapshots.exists()
    return f"/claims/{claim.pk}/"


def show_suggestions(page: Page) -> None:
    page.locator("#suggestions-toggle").click()
    page.locator("#suggestion-panel li.suggestion").first.wait_for()


def open_first_claim(page: Page) -> None:
    page.locator("#claim-list a").first.click()
    page.locator("#claim-panel form").first.wait_for(state="attached")


PAGES = [
    Checked("login", None, lambda: "/accounts/login/"),
    Checked("article list", "alice", lambda: "/articles/"),
    Checked(
        "reading page with an open panel",
        "alice",
        lambda: demo_article().get_absolute_url(),
        open_first_claim,
    ),
    # the suggestions panel turned on (factcheck/suggestions/views.py)
    Checked(
        "reading page with suggestions",
        "alice",
        lambda: demo_article().get_absolute_url(),
        show_suggestions,
    ),
    Checked("decisions queue", "erin", lambda: "/decisions/"),
    # an editor's reading page: the bulk assignment checkboxes and forms, the panel's
    Checked(
        "reading page for an editor",
        "erin",
        lambda: demo_article().get_absolute_url(),
        open_first_claim,
    ),
    Checked("my queue", "bob", lambda: "/queue/"),
    Checked("dashboard", "erin", lambda: "/dashboard/"),
    Checked("claim page", "alice", lambda: f"/claims/{reviewed_claim().pk}/"),
    Checked("claim timeline", "alice", lambda: f"/claims/{any_claim().pk}/timeline/"),
    Checked("my work", "alice", lambda: "/me/work/"),
    Checked("public fact-check page", None, lambda: f"/fact-checks/{published_claim().pk}/"),
    Checked("search results", "alice", lambda: "/search/?q=185+assemblies"),
    # bob's notifications hold the demo's unread mention (factcheck/claims/demo.py)
    Checked("notifications", "bob", lambda: "/notifications/"),
    Checked("notification settings", "bob", lambda: "/notifications/settings/"),
    # the API tokens page just after creating one: the shown-once token and the table
    Checked("API tokens", "alice", lambda: "/accounts/tokens/", lambda page: create_token(page)),
    # import by URL: the form, and the fetched page's preview (the prefilled import form)
    Checked("import page", "erin", lambda: "/articles/import/"),
    Checked("import preview", "erin", import_preview),
    Checked("claim with an archived source", "alice", claim_with_archived_source),
]


def create_token(page: Page) -> None:
    page.fill("#id_name", "CMS import")
    page.get_by_role("button", name="Create token").click()
    page.wait_for_selector("#new-token-text")


@pytest.fixture(autouse=True)
def demo_data(migrated_rows: None) -> None:
    """The demo as `make demo` loads it (on the rows conftest.migrated_rows puts back)."""
    load_demo()


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
        lines.append(
            f"{violation['impact']}: {violation['id']} ({violation['help']}) "
            f"on {len(violation['nodes'])} element(s), e.g. {targets}"
        )
    return "\n".join(lines)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("checked", PAGES, ids=[checked.name for checked in PAGES])
def test_no_serious_accessibility_violations(
    checked: Checked,
    viewport: str,
    make_page: Callable[[], Page],
    live_server: LiveServer,
    login: Callable[..., None],
) -> None:
    page = make_page()
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    if checked.user:
        login(page, live_server, checked.user, DEMO_PASSWORDS[checked.user])
    response = page.goto(live_server.url + checked.path())
    assert response is not None and response.ok, f"{checked.name}: {response and response.status}"
    if checked.then:
        checked.then(page)

    results = Axe().run(page)
    violations = results.response["violations"]
    # The run must have looked at a real page: axe also lists the rules that passed, and
    # an empty or broken page would pass few of them.
    assert page.locator("main").count() == 1, f"{checked.name} has no <main>"
    assert len(results.response["passes"]) >= 10, results.response["passes"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"{checked.name} at {viewport}:\n{describe(blocking)}"
