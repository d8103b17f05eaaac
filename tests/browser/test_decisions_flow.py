"""An editor walks the decisions queue to a verified claim: erin logs in, opens the queue,
opens the contested claim, picks a rating, writes the public summary and rationale, ticks
the source that counts and saves; the claim shows as verified and the database agrees."""

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from factcheck.claims import services
from factcheck.claims.models import Claim
from factcheck.history.models import Event
from tests.conftest import PASSWORD, make_user
from tests.factories import make_article, make_claim, make_review

TEXT = (
    "The ministry said 62 cases were recorded in 2020. "
    "Officials counted 185 assemblies from April 2019 to March 2020."
)


def problems(log: Any) -> list[str]:
    return [problem for problem in log.problems if "/favicon.ico" not in problem]


def test_editor_goes_from_the_queue_to_a_verified_claim(
    page: Page,
    live_server: LiveServer,
    login: Callable[..., None],
    page_log: Callable[[Page], Any],
) -> None:
    alice = make_user("alice", role="reviewer")
    bob = make_user("bob", role="reviewer")
    make_user("erin", role="editor")
    article = make_article(TEXT, title="Decisions in a browser")
    quiet = make_claim(article, "185 assemblies", created_by=alice)
    make_review(quiet, alice, "true")
    claim = make_claim(article, "62 cases", created_by=alice)
    make_review(claim, alice, "true", rationale="The report has it.")
    make_review(claim, bob, "false", rationale="The report says 60.")
    counted = services.add_source(
        claim=claim,
        added_by=alice,
        url="https://example.org/report",
        title="The 2020 report",
        stance="supports",
    )
    services.add_source(
        claim=claim,
        added_by=bob,
        url="https://example.org/blog",
        title="A blog post",
        stance="context",
    )

    login(page, live_server, "erin", PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Decisions").click()
    rows = page.locator(".queue-row")
    expect(rows).to_have_count(2)
    expect(rows.first).to_have_attribute("data-status", "contested")  # contested first
    rows.first.locator("a.queue-link").click()

    status = page.locator(".claim-panel .status-badge")
    expect(status).to_have_attribute("data-status", "contested")
    form = page.locator("form.verdict-form")
    form.locator('input[data-rating="mostly-true"]').check()
    form.get_by_label("Verdict summary for readers").fill("Mostly true: 62 cases by July 2020.")
    form.get_by_label("Rationale").fill("The report counts 62 by July; bob's 60 is June.")
    form.get_by_label("The 2020 report").check()
    form.get_by_role("button", name="Save verdict").click()

    expect(status).to_have_attribute("data-status", "verified")
    verdict_box = page.locator(".current-verdict")
    expect(verdict_box).to_contain_text("Mostly true: 62 cases by July 2020.")
    expect(verdict_box).to_contain_text("The 2020 report")
    expect(page.locator("form.verdict-form")).to_have_count(0)

    stored = Claim.objects.get(pk=claim.pk)
    assert stored.status == "verified"
    assert stored.verdict.rating.slug == "mostly-true"
    assert stored.verdict.decided_by.username == "erin"
    assert stored.verdict.rationale == "The report counts 62 by July; bob's 60 is June."
    assert list(stored.verdict.sources.all()) == [counted]
    assert Event.objects.filter(action="claim.verified", claim=stored).count() == 1
    assert problems(page_log(page)) == []
