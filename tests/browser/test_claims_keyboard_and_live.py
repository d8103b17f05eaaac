"""The workbench from the keyboard (next claim, open, rate, save, help) and other
reviewers' claims arriving on an open page without a reload (static/js/reader.js)."""

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from factcheck.claims import services
from factcheck.claims.models import Claim, Rating, Review
from factcheck.moderation import services as moderation
from factcheck.text.anchor import quote_at
from tests.browser.test_claims_marking import (
    SELECT_JS,
    TEXT,
    problems,
)
from tests.conftest import PASSWORD, make_user
from tests.factories import make_article

LIVE_TIMEOUT_MS = 12_000  # the page polls every 5 s


def mark(article: Any, needle: str, user: Any) -> Claim:
    revision = article.current_revision
    start = revision.text.index(needle)
    end = start + len(needle)
    return services.create_claim(
        article_id=article.pk,
        revision_id=revision.pk,
        start=start,
        end=end,
        quote=quote_at(revision.text, start, end),
        created_by=user,
    )


def open_as(
    page: Page, live_server: LiveServer, login: Callable[..., None], user: str, article: Any
) -> None:
    login(page, live_server, user, PASSWORD)
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    expect(page.locator(".reader.is-interactive")).to_have_count(1)


def test_keyboard_opens_rates_and_saves_a_claim(
    page: Page, live_server: LiveServer, login: Callable[..., None], page_log: Callable[[Page], Any]
) -> None:
    alice = make_user("alice", role="reviewer")
    article = make_article(TEXT)
    first = mark(article, "62 cases of violations", alice)
    second = mark(article, "Officials denied it.", alice)
    open_as(page, live_server, login, "alice", article)

    page.keyboard.press("?")
    help_dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(help_dialog).to_be_visible()
    expect(help_dialog).to_contain_text("Next / previous claim")
    page.keyboard.press("Escape")
    expect(help_dialog).to_be_hidden()

    page.keyboard.press("j")
    expect(page.locator(f"#claim-row-{first.pk} a").first).to_be_focused()
    # is-current, and is-linked too while its row has focus (test_workspace.py)
    current = page.locator(f'mark.claim[data-claims="{first.pk}"]')
    expect(current).to_have_class(re.compile(r"^claim is-current( is-linked)?$"))
    page.keyboard.press("j")
    expect(page.locator(f"#claim-row-{second.pk} a").first).to_be_focused()
    page.keyboard.press("k")
    expect(page.locator(f"#claim-row-{first.pk} a").first).to_be_focused()

    page.keyboard.press("Enter")
    panel = page.locator(f'#claim-panel .claim-panel[data-claim="{first.pk}"]')
    expect(panel).to_be_visible()
    page.keyboard.press("1")
    choice = panel.locator('input[type=radio][name=rating][data-key="1"]')
    expect(choice).to_be_checked()
    panel.locator("textarea[name=rationale]").fill("The report's own table lists 62 cases.")
    page.keyboard.press("Control+Enter")  # saves even while typing in the rationale

    expect(panel.locator(".review-list")).to_contain_text("alice")
    review = Review.objects.get(claim=first)
    assert review.reviewer.username == "alice"
    assert str(review.rating.pk) == choice.get_attribute("value")
    assert review.rationale == "The report's own table lists 62 cases."

    page.keyboard.press("Escape")  # leaves the form field
    page.keyboard.press("Escape")  # closes the panel
    expect(page.locator("#claim-panel .claim-panel")).to_have_count(0)
    assert problems(page_log(page)) == []


def test_a_claim_bob_marks_appears_on_alices_open_page(
    make_page: Callable[[], Page],
    live_server: LiveServer,
    login: Callable[..., None],
    page_log: Callable[[Page], Any],
) -> None:
    make_user("alice", role="reviewer")
    make_user("bob", role="reviewer")
    article = make_article(TEXT)
    alice_page, bob_page = make_page(), make_page()
    open_as(alice_page, live_server, login, "alice", article)
    open_as(bob_page, live_server, login, "bob", article)

    bob_page.evaluate(SELECT_JS, ["62 cases of violations"])
    bob_page.get_by_role("button", name="Mark claim").click()
    expect(bob_page.locator("#claim-panel .claim-panel")).to_be_visible()
    claim = Claim.objects.get()

    row = alice_page.locator(f"#claim-row-{claim.pk}")
    expect(row).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    expect(row).to_contain_text("62 cases of violations")
    highlight = alice_page.locator(f'mark.claim[data-claims="{claim.pk}"]')
    expect(highlight).to_have_text("62 cases of violations")
    # Bob's own page gets its row from the same feed.
    expect(bob_page.locator(f"#claim-row-{claim.pk}")).to_have_count(1, timeout=LIVE_TIMEOUT_MS)

    # A later change (a review makes the claim "in review") recolours alice's highlight.
    bob = claim.created_by
    rating = Rating.objects.order_by("order").first()
    services.record_review(claim=claim, reviewer=bob, rating=rating, rationale="")
    expect(highlight).to_have_attribute("data-status", "in_review", timeout=LIVE_TIMEOUT_MS)
    expect(alice_page.locator(f"#claim-row-{claim.pk}")).to_have_attribute(
        "data-status", "in_review"
    )
    assert problems(page_log(alice_page)) == []
    assert problems(page_log(bob_page)) == []


def test_the_reading_page_with_claims_has_no_csp_violations_or_errors(
    page: Page, live_server: LiveServer, login: Callable[..., None], page_log: Callable[[Page], Any]
) -> None:
    alice = make_user("alice", role="reviewer")
    article = make_article(TEXT)
    outer = mark(article, "The report lists 62 cases of violations in 2020.", alice)
    inner = mark(article, "62 cases", alice)
    open_as(page, live_server, login, "alice", article)

    nested = page.locator(f'mark.claim[data-claims="{outer.pk} {inner.pk}"]')
    expect(nested).to_have_text("62 cases")
    expect(nested).to_have_attribute("data-depth", "2")
    page.locator(".sentence").first.hover()  # the floating button, placed through the CSSOM
    expect(page.get_by_role("button", name="Mark sentence")).to_be_visible()
    page.keyboard.press("?")
    page.keyboard.press("Escape")
    page.wait_for_timeout(5_500)  # one idle poll
    assert problems(page_log(page)) == []


def test_a_save_into_a_claim_locked_meanwhile_says_why_and_keeps_the_text(
    page: Page, live_server: LiveServer, login: Callable[..., None], page_log: Callable[[Page], Any]
) -> None:
    alice = make_user("alice", role="reviewer")
    erin = make_user("erin", role="editor")
    article = make_article(TEXT)
    claim = mark(article, "62 cases of violations", alice)
    open_as(page, live_server, login, "alice", article)
    page.locator(f"#claim-row-{claim.pk} a").first.click()
    panel = page.locator(f'#claim-panel .claim-panel[data-claim="{claim.pk}"]')
    expect(panel).to_be_visible()
    panel.locator('input[type=radio][name=rating][data-key="2"]').check()
    typed = "Typed while an editor locked the claim."
    panel.locator("textarea[name=rationale]").fill(typed)
    moderation.lock_claim(claim=Claim.objects.get(pk=claim.pk), editor=erin)
    panel.get_by_role("button", name="Save review").click()

    expect(page.locator("#page-alerts")).to_contain_text("locked by an editor")
    expect(panel.locator("textarea[name=rationale]")).to_have_value(typed)
    assert not Review.objects.filter(claim=claim).exists()
    # the console shows the refused request, and nothing else goes wrong
    assert [line for line in problems(page_log(page)) if "403" not in line] == []
