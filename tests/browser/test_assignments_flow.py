"""Assignments in a browser (issue 14): erin ticks two claims in the decisions queue and
assigns them to bob in bulk; bob logs in, lands on his queue showing both, moves with j/k
and opens one with Enter."""

from collections.abc import Callable
from importlib import import_module
from typing import Any

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from factcheck.assignments.models import Assignment
from factcheck.claims.models import RatingScale
from tests.conftest import PASSWORD, make_user
from tests.factories import make_article, make_claim, make_review

TEXT = (
    "The ministry said 62 cases were recorded in 2020. "
    "Officials counted 185 assemblies from April 2019 to March 2020. "
    "The report has 35 pages."
)


@pytest.fixture(autouse=True)
def migrated_rows(transactional_db: None) -> None:
    """The rows migrations create (see test_decisions_flow.py)."""
    from django.apps import apps

    if not Group.objects.filter(name="reviewer").exists():
        import_module("factcheck.core.migrations.0001_roles").create_roles(apps, None)
    if not RatingScale.objects.exists():
        import_module("factcheck.claims.migrations.0002_default_scale").seed(apps, None)


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
