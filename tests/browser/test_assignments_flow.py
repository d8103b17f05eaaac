"""Assignments in a browser (issue 14): erin ticks two claims in the decisions queue and
assigns them to bob in bulk; bob logs in, lands on his queue showing both, moves with j/k
and opens one with Enter."""

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from factcheck.assignments.models import Assignment
from tests.conftest import PASSWORD, make_user
from tests.factories import make_article, make_claim, make_review

TEXT = (
    "The ministry said 62 cases were recorded in 2020. "
    "Officials counted 185 assemblies from April 2019 to March 2020. "
    "The report has 35 pages."
)


def test_erin_assigns_two_claims_to_bob_who_lands_on_his_queue(
    make_page: Callable[[], Page],
    live_server: LiveServer,
    login: Callable[..., None],
    page_log: Callable[[Page], Any],
) -> None:
    alice = make_user("alice", role="reviewer")
    make_user("bob", role="reviewer")
    make_user("erin", role="editor")
    article = make_article(TEXT, title="Assignments in a browser")
    claims = [
        make_claim(article, "62 cases", created_by=alice),
        make_claim(article, "185 assemblies", created_by=alice),
        make_claim(article, "35 pages", created_by=alice),
    ]
    for claim in claims:
        make_review(claim, alice, "true", rationale="ALICE-RATIONALE")

    erin = make_page()
    login(erin, live_server, "erin", PASSWORD)
    erin.goto(f"{live_server.url}/decisions/")
    for claim in claims[:2]:
        erin.locator(f"#queue-claim-{claim.pk} input.select-claim").check()
    form = erin.locator("#bulk-assign")
    form.get_by_label("bob").check()
    form.get_by_label("Priority").select_option("1")
    form.get_by_role("button", name="Assign ticked claims").click()
    expect(erin.locator(".messages")).to_contain_text("Assigned 2 claims to bob.")
    expect(erin.locator('tr[data-reviewer="bob"] td.open')).to_have_text("2")
    assigned = set(
        Assignment.objects.filter(assignee__username="bob").values_list("claim_id", flat=True)
    )
    assert assigned == {claims[0].pk, claims[1].pk}

    bob = make_page()
    login(bob, live_server, "bob", PASSWORD)
    assert bob.url.endswith("/queue/"), bob.url  # reviewers land on their queue
    rows = bob.locator("#my-queue [data-claim]")
    expect(rows).to_have_count(2)
    expect(bob.locator("#my-queue")).not_to_contain_text("ALICE-RATIONALE")
    bob.keyboard.press("j")
    expect(rows.nth(0)).to_have_class("queue-row is-current")
    bob.keyboard.press("j")
    expect(rows.nth(1)).to_have_class("queue-row is-current")
    expect(rows.nth(1).locator("a.queue-link")).to_be_focused()
    bob.keyboard.press("k")
    expect(rows.nth(0).locator("a.queue-link")).to_be_focused()
    opened = rows.nth(0).get_attribute("data-claim")
    bob.keyboard.press("Enter")
    bob.wait_for_url(f"**/claims/{opened}/")
    expect(bob.locator(".claim-panel h2")).to_contain_text("Claim")
    assert not [p for p in page_log(bob).problems if "/favicon.ico" not in p]


def test_bob_is_told_of_his_assignments_and_a_mention_and_follows_it_to_the_claim(
    make_page: Callable[[], Page],
    live_server: LiveServer,
    login: Callable[..., None],
    page_log: Callable[[Page], Any],
) -> None:
    """The issue's walk: erin assigns two claims to bob; bob logs in and lands on his queue,
    his bell telling him of the two assignments; once he has read them, alice mentions him
    and his bell says 1; he opens the claim from the notification."""
    from factcheck.claims.services import add_comment

    alice = make_user("alice", role="reviewer")
    make_user("bob", role="reviewer")
    make_user("erin", role="editor")
    article = make_article(TEXT, title="A desk's day")
    claims = [
        make_claim(article, "62 cases", created_by=alice),
        make_claim(article, "185 assemblies", created_by=alice),
    ]
    for claim in claims:
        make_review(claim, alice, "true")

    erin = make_page()
    login(erin, live_server, "erin", PASSWORD)
    erin.goto(f"{live_server.url}/decisions/")
    for claim in claims:
        erin.locator(f"#queue-claim-{claim.pk} input.select-claim").check()
    form = erin.locator("#bulk-assign")
    form.get_by_label("bob").check()
    form.get_by_role("button", name="Assign ticked claims").click()
    expect(erin.locator(".messages")).to_contain_text("Assigned 2 claims to bob.")

    bob = make_page()
    login(bob, live_server, "bob", PASSWORD)
    assert bob.url.endswith("/queue/"), bob.url
    expect(bob.locator("#my-queue [data-claim]")).to_have_count(2)
    bob.get_by_role("link", name="Notifications, 2 unread").click()
    expect(bob.locator(".notification")).to_have_count(2)
    expect(bob.locator(".notification").first).to_contain_text("erin assigned you the claim")
    bob.get_by_role("button", name="Mark all read").click()
    expect(bob.get_by_role("link", name="Notifications, 0 unread")).to_be_visible()

    add_comment(claim=claims[1], author=alice, body="@bob, can you check the 2019 report?")
    bob.goto(f"{live_server.url}/queue/")
    bob.get_by_role("link", name="Notifications, 1 unread").click()
    bob.get_by_role("link", name="alice mentioned you in a comment on").click()
    expect(bob).to_have_url(f"{live_server.url}/claims/{claims[1].pk}/")
    expect(bob.get_by_role("link", name="Notifications, 0 unread")).to_be_visible()
    expect(bob.locator(".comment strong.mention")).to_have_text("@bob")
    assert not [p for p in page_log(bob).problems if "/favicon.ico" not in p]


def test_a_ticked_claim_stays_ticked_when_the_live_poll_redraws_its_row(
    make_page: Callable[[], Page],
    live_server: LiveServer,
    login: Callable[..., None],
    page_log: Callable[[Page], Any],
) -> None:
    """erin ticks a claim on the reading page for the bulk form; bob reviews it meanwhile,
    and the poll redraws its row with the new status: the tick stays."""
    from tests.browser.test_claims_keyboard_and_live import LIVE_TIMEOUT_MS

    alice = make_user("alice", role="reviewer")
    bob = make_user("bob", role="reviewer")
    make_user("erin", role="editor")
    article = make_article(TEXT, title="Ticks")
    claim = make_claim(article, "62 cases", created_by=alice)

    erin = make_page()
    login(erin, live_server, "erin", PASSWORD)
    erin.goto(f"{live_server.url}{article.get_absolute_url()}")
    expect(erin.locator(".reader.is-interactive")).to_have_count(1)
    row = erin.locator(f"#claim-row-{claim.pk}")
    row.locator("input.select-claim").check()
    make_review(claim, bob, "false", rationale="Sixty.")
    expect(row).to_contain_text("in review", ignore_case=True, timeout=LIVE_TIMEOUT_MS)
    expect(row.locator("input.select-claim")).to_be_checked()
    assert not [p for p in page_log(erin).problems if "/favicon.ico" not in p]
