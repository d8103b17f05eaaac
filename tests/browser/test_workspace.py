"""The reviewer's workspace on the reading page (issue 13): the opened claim's panel stays
in view and takes focus, refused forms answer into their own region, the claim count and
a deleted claim follow at once, the list and the highlights point at each other, quotes
keep their language's direction, and the keyboard shortcuts show where they act."""

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from factcheck.claims import services
from factcheck.claims.models import Claim, Comment, Source
from factcheck.editorial import services as decisions
from tests.browser.test_claims_keyboard_and_live import mark
from tests.browser.test_claims_marking import (
    TEXT,
    problems,
    select,
)
from tests.conftest import PASSWORD, make_user
from tests.factories import make_article, make_review, sentences_text

WIDE = {"width": 1400, "height": 900}
COMMENT_DRAFT = "section.comments textarea[name=body]"  # the new comment's (edits are prefixed)
NARROW = {"width": 375, "height": 812}


def open_as(
    page: Page, live_server: LiveServer, login: Callable[..., None], user: str, article: Any
) -> Page:
    login(page, live_server, user, PASSWORD)
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    expect(page.locator(".reader.is-interactive")).to_have_count(1)
    return page


def without_polling(page: Page) -> None:
    """What follows must come from the user's own action, not from the live poll."""
    page.evaluate("() => document.getElementById('live-changes').remove()")


def long_article(alice: Any, claims: int = 12) -> tuple[Any, list[Claim]]:
    article = make_article(sentences_text(150))
    text = article.current_revision.text
    marked = [
        mark(article, f"Sentence number {number} says", alice)
        for number in range(0, 12 * claims, 12)
    ]
    assert all(text[c.start : c.end] == c.exact for c in marked)
    return article, marked


def in_viewport(page: Page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    viewport = page.viewport_size
    assert box is not None and viewport is not None
    return box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["wide", "narrow"])
def test_the_tenth_claim_opens_in_view_and_takes_focus(
    page: Page, live_server: LiveServer, login: Callable[..., None], viewport: dict[str, int]
) -> None:
    alice = make_user("alice", role="reviewer")
    article, claims = long_article(alice)
    page.set_viewport_size(viewport)
    open_as(page, live_server, login, "alice", article)

    page.locator(f"#claim-row-{claims[9].pk} a").click()
    heading = page.locator(f'#claim-panel .claim-panel[data-claim="{claims[9].pk}"] h2')
    expect(heading).to_be_focused()
    assert in_viewport(page, f'#claim-panel .claim-panel[data-claim="{claims[9].pk}"] h2')
    if viewport is WIDE:  # beside the text: its quote and the start of the review form too
        assert in_viewport(page, "#claim-panel .claim-quote")
        assert in_viewport(page, f"#claim-row-{claims[9].pk}")

    # From the keyboard: the next claim opens in view as well.
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    heading = page.locator(f'#claim-panel .claim-panel[data-claim="{claims[10].pk}"] h2')
    expect(heading).to_be_focused()
    assert in_viewport(page, f'#claim-panel .claim-panel[data-claim="{claims[10].pk}"] h2')


@pytest.fixture
def demo_debug(settings: Any) -> None:
    """DEBUG on, as `make demo` runs: django-htmx's debug helper, which {% htmx_script %}
    adds then, used to replace the whole page with every 400 or 403 answer."""
    settings.DEBUG = True


def test_a_javascript_source_is_refused_in_its_form_and_the_page_goes_on_with_htmx(
    page: Page,
    live_server: LiveServer,
    login: Callable[..., None],
    page_log: Callable[[Page], Any],
    demo_debug: None,
) -> None:
    alice = make_user("alice", role="reviewer")
    article = make_article(TEXT)
    claim = mark(article, "62 cases of violations", alice)
    open_as(page, live_server, login, "alice", article)
    page.evaluate("() => { window.stillThisPage = true; }")  # gone after any full page load
    page.locator(f"#claim-row-{claim.pk} a").click()
    panel = page.locator(f'#claim-panel .claim-panel[data-claim="{claim.pk}"]')
    panel.locator("textarea[name=body]").fill("A comment drafted before adding the source")

    adding = panel.locator("details.source-add")
    adding.locator("summary").click()
    adding.locator("input[name=url]").fill("javascript:alert(document.cookie)")
    adding.locator("input[name=title]").fill("The title I typed")
    adding.get_by_role("button", name="Add source").click()

    adding = page.locator("#claim-panel details.source-add")
    expect(adding.locator(".errorlist")).to_contain_text("“javascript:” address is refused")
    expect(adding.locator("input[name=url]")).to_have_value("javascript:alert(document.cookie)")
    expect(adding.locator("input[name=title]")).to_have_value("The title I typed")
    expect(adding.locator("input[name=url]")).to_be_focused()
    # The page around it is whole: layout, text, list, the rest of the panel and its drafts.
    assert page.evaluate("() => window.stillThisPage === true")
    expect(page.locator("#claim-sidebar .claim-list")).to_be_visible()
    expect(page.locator("#article-text")).to_contain_text("62 cases of violations")
    expect(panel.locator("textarea[name=body]")).to_have_value(
        "A comment drafted before adding the source"
    )
    assert page.evaluate("() => getComputedStyle(document.body).margin") == "0px"  # app.css
    assert not Source.objects.exists()

    # The next forms still post through htmx, into the same page.
    adding.locator("input[name=url]").fill("https://www.state.gov/reports/cambodia/")
    adding.get_by_role("button", name="Add source").click()
    expect(panel.locator(".source-list")).to_contain_text("The title I typed")
    page.locator(f'#claim-panel .claim-panel[data-claim="{claim.pk}"] textarea[name=body]').fill(
        "Posted after the refusal"
    )
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("#claim-panel .comment-list")).to_contain_text("Posted after the refusal")
    assert page.evaluate("() => window.stillThisPage === true")
    assert Comment.objects.get().body == "Posted after the refusal"
    assert all("400" in error for error in problems(page_log(page)))


def test_each_refused_panel_form_answers_into_its_own_region(
    page: Page, live_server: LiveServer, login: Callable[..., None], demo_debug: None
) -> None:
    alice = make_user("alice", role="reviewer")
    bob = make_user("bob", role="reviewer")
    article = make_article(TEXT)
    claim = mark(article, "62 cases of violations", alice)
    source = services.add_source(claim=claim, added_by=alice, url="https://example.org/a")
    comment = services.add_comment(claim=claim, author=alice, body="First words")
    review = make_review(claim, alice, "true", rationale="Stored rationale")
    open_as(page, live_server, login, "alice", article)
    page.evaluate("() => { window.stillThisPage = true; }")
    page.locator(f"#claim-row-{claim.pk} a").click()
    panel = page.locator(f'#claim-panel .claim-panel[data-claim="{claim.pk}"]')
    panel.locator(COMMENT_DRAFT).fill("A draft that must survive")

    # The claim's summary: bob saved first, so alice's save is stale (409).
    services.update_claim(claim=claim, editor=bob, expected_version=1, summary="Bob's summary")
    editing = panel.locator("details.claim-edit")
    editing.locator("summary").click()
    editing.locator("textarea[name=summary]").fill("Alice's summary")
    editing.get_by_role("button", name="Save claim").click()
    editing = page.locator("#claim-panel details.claim-edit")
    expect(editing.locator(".conflict")).to_contain_text("Bob's summary")
    expect(editing.locator("textarea[name=summary]")).to_have_value("Alice's summary")

    # Her review, changed in another tab meanwhile (409).
    services.save_own_review(
        claim_id=claim.pk,
        reviewer=alice,
        expected_version=review.version,
        rating=review.rating,
        rationale="Changed in another tab",
        confidence="high",
    )
    reviews = page.locator(f"#review-panel-{claim.pk}")
    reviews.locator("textarea[name=rationale]").fill("My newer rationale")
    reviews.get_by_role("button", name="Update my review").click()
    expect(page.locator(f"#review-panel-{claim.pk} .conflict")).to_contain_text(
        "Changed in another tab"
    )
    expect(page.locator(f"#review-panel-{claim.pk} textarea[name=rationale]")).to_have_value(
        "My newer rationale"
    )

    # Her source, with an address that is not http(s) (400).
    item = page.locator(f"#source-{source.pk}")
    item.locator("details.source-edit summary").click()
    item.locator("input[name$=-url]").fill("file:///etc/passwd")
    item.get_by_role("button", name="Save source").click()
    expect(page.locator(f"#source-{source.pk} .errorlist")).to_contain_text("“file:”")
    expect(page.locator(f"#source-{source.pk} input[name$=-url]")).to_have_value(
        "file:///etc/passwd"
    )

    # Her comment, edited in another tab meanwhile (409).
    services.edit_comment(comment=comment, author=alice, expected_version=1, body="Other tab")
    item = page.locator(f"#comment-{comment.pk}")
    item.locator("details.comment-edit summary").click()
    item.locator("textarea").fill("My edit")
    item.get_by_role("button", name="Save comment").click()
    expect(page.locator(f"#comment-{comment.pk} .conflict")).to_be_visible()
    expect(page.locator(f"#comment-{comment.pk} textarea")).to_have_value("My edit")

    # A comment longer than the limit (the browser's maxlength bypassed: 400).
    draft = page.locator(f"#claim-panel {COMMENT_DRAFT}")
    expect(draft).to_have_value("A draft that must survive")
    draft.evaluate("(area) => { area.value = 'x'.repeat(10001); }")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("#claim-panel .comments .has-error .errorlist")).to_contain_text("at most")

    # Every refusal stayed in its region: the panel and the page are the same ones.
    assert page.evaluate("() => window.stillThisPage === true")
    expect(page.locator("#claim-panel details.claim-edit textarea[name=summary]")).to_have_value(
        "Alice's summary"
    )
    expect(page.locator(f"#review-panel-{claim.pk} textarea[name=rationale]")).to_have_value(
        "My newer rationale"
    )
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.summary == "Bob's summary" and Comment.objects.count() == 1


def test_a_refused_verdict_answers_into_the_verdict_section(
    page: Page, live_server: LiveServer, login: Callable[..., None], demo_debug: None
) -> None:
    alice = make_user("alice", role="reviewer")
    erin = make_user("erin", role="editor")
    article = make_article(TEXT)
    claim = mark(article, "62 cases of violations", alice)
    make_review(claim, alice, "true")
    open_as(page, live_server, login, "erin", article)
    page.evaluate("() => { window.stillThisPage = true; }")
    page.locator(f"#claim-row-{claim.pk} a").click()
    panel = page.locator(f'#claim-panel .claim-panel[data-claim="{claim.pk}"]')
    panel.locator(COMMENT_DRAFT).fill("A draft that must survive")
    section = panel.locator(f"#verdict-{claim.pk}")
    section.locator("input[type=radio]").first.check()
    section.locator("textarea[name=verdict-public_summary]").fill("My public summary")
    section.locator("textarea[name=verdict-rationale]").fill("My rationale")
    # Another editor dismisses the claim meanwhile: erin's verdict is stale (409).
    claim.refresh_from_db()
    decisions.dismiss_claim(
        claim=claim, editor=erin, expected_version=claim.version, reason="Opinion"
    )
    section.get_by_role("button", name="Save verdict").click()

    section = page.locator(f"#verdict-{claim.pk}")
    expect(section.locator(".conflict")).to_contain_text("changed since you loaded it")
    expect(page.locator(f"#claim-panel {COMMENT_DRAFT}")).to_have_value("A draft that must survive")
    assert page.evaluate("() => window.stillThisPage === true")


def test_the_count_the_row_and_the_highlight_follow_create_and_delete_at_once(
    page: Page, live_server: LiveServer, login: Callable[..., None], page_log: Callable[[Page], Any]
) -> None:
    alice = make_user("alice", role="reviewer")
    article = make_article(TEXT)
    for needle in ("Family", "flags", "Officials denied it."):
        mark(article, needle, alice)
    open_as(page, live_server, login, "alice", article)
    count = page.locator("#claim-sidebar .count")
    expect(count).to_have_text("3")

    select(page, "62 cases of violations")
    page.get_by_role("button", name="Mark claim").click()
    expect(page.locator("#claim-panel .claim-panel h2")).to_be_visible()
    expect(count).to_have_text("4")
    created = Claim.objects.get(exact="62 cases of violations")
    expect(page.locator(f"#claim-row-{created.pk}")).to_have_count(1)  # the poll brings the row

    without_polling(page)
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator("#claim-panel details.claim-edit summary").click()
    page.get_by_role("button", name="Delete claim").click()
    expect(page.locator("#claim-panel")).to_contain_text("was deleted")
    expect(count).to_have_text("3", timeout=2000)
    expect(page.locator(f"#claim-row-{created.pk}")).to_have_count(0, timeout=2000)
    expect(page.locator(f'mark.claim[data-claims~="{created.pk}"]')).to_have_count(0, timeout=2000)
    assert Claim.objects.visible().count() == 3
    assert problems(page_log(page)) == []


def test_hovering_or_focusing_a_claim_marks_its_words_and_the_reverse(
    page: Page, live_server: LiveServer, login: Callable[..., None]
) -> None:
    alice = make_user("alice", role="reviewer")
    article = make_article(TEXT)
    outer = mark(article, "The report lists 62 cases of violations in 2020.", alice)
    inner = mark(article, "62 cases", alice)
    open_as(page, live_server, login, "alice", article)
    outer_marks = page.locator(f'mark.claim[data-claims~="{outer.pk}"]')
    inner_only = page.locator(f'mark.claim[data-claims="{outer.pk} {inner.pk}"]')
    expect(outer_marks).to_have_count(3)  # before, over and after the nested claim

    page.locator(f"#claim-row-{outer.pk}").hover()
    for number in range(3):
        expect(outer_marks.nth(number)).to_have_class("claim is-linked")
    page.locator(f"#claim-row-{inner.pk}").hover()
    expect(inner_only).to_have_class("claim is-linked")
    expect(outer_marks.first).to_have_class("claim")  # only the inner claim's words now

    # The reverse: a highlight marks its (innermost) claim in the list.
    page.locator("#article-text .reader-head, .reader-head").first.hover()
    inner_only.hover()
    expect(page.locator(f"#claim-row-{inner.pk}")).to_have_class("claim-row status-open is-linked")
    expect(page.locator(f"#claim-row-{outer.pk}")).not_to_have_class(
        "claim-row status-open is-linked"
    )

    # Focus does the same, from the keyboard.
    page.locator(".reader-head h1").hover()
    page.keyboard.press("j")  # the first claim in the list, the outer one, takes focus
    expect(page.locator(f"#claim-row-{outer.pk} a")).to_be_focused()
    expect(outer_marks.first).to_have_class("claim is-current is-linked")
    # The arrow keys move between sentences; to the one that holds both claims.
    steps = page.evaluate(
        "([mark]) => { const all = [...document.querySelectorAll('#article-text .sentence')];"
        " return all.indexOf(document.querySelector(mark).closest('.sentence')); }",
        [f'mark.claim[data-claims="{outer.pk} {inner.pk}"]'],
    )
    page.locator("#article-text .sentence").first.focus()
    for _ in range(steps):
        page.keyboard.press("ArrowDown")
    expect(page.locator(f"#claim-row-{inner.pk}")).to_have_class("claim-row status-open is-linked")


def test_an_arabic_quote_keeps_its_direction_and_quote_marks(
    page: Page, live_server: LiveServer, login: Callable[..., None]
) -> None:
    alice = make_user("alice", role="reviewer")
    article = make_article(
        "قال الوزير إن 62 حالة سُجّلت في عام 2020. ونفى المسؤولون ذلك.", language="ar"
    )
    claim = mark(article, "62 حالة", alice)
    open_as(page, live_server, login, "alice", article)
    quote = page.locator(f"#claim-row-{claim.pk} q")
    expect(quote).to_have_attribute("lang", "ar")
    expect(quote).to_have_attribute("dir", "rtl")
    assert quote.evaluate("(q) => getComputedStyle(q).direction") == "rtl"
    # Its quote marks come from its own language (CSS quotes: auto follows lang), placed
    # right to left, not the page's English “ ” mirrored around Arabic text.
    assert quote.evaluate("(q) => q.closest('[lang]') === q && getComputedStyle(q).quotes")
    page.locator(f"#claim-row-{claim.pk} a").click()
    blockquote = page.locator("#claim-panel .claim-quote")
    expect(blockquote).to_have_attribute("dir", "rtl")
    expect(blockquote).to_have_attribute("lang", "ar")


def test_the_shortcuts_are_shown_where_they_act(
    page: Page, live_server: LiveServer, login: Callable[..., None]
) -> None:
    alice = make_user("alice", role="reviewer")
    article = make_article(TEXT)
    claim = mark(article, "62 cases of violations", alice)
    open_as(page, live_server, login, "alice", article)

    hint = page.locator("#claim-keys")
    expect(hint).to_be_visible()
    for key in ("j", "k", "Enter", "Esc", "?"):
        expect(hint.locator("kbd", has_text=key).first).to_be_visible()
    page.locator(f"#claim-row-{claim.pk} a").click()
    saving = page.locator("#claim-panel .review-form .form-actions .key-hint")
    expect(saving).to_be_visible()
    expect(saving).to_contain_text("s")
    expect(saving.locator("kbd", has_text="Ctrl")).to_be_visible()
    select(page, "Officials denied it.")
    button = page.get_by_role("button", name="Mark claim")
    expect(button.locator("kbd")).to_have_text("m")
    expect(button.locator("kbd")).to_be_visible()


def test_my_work_is_in_the_menu_of_the_reading_page(
    page: Page, live_server: LiveServer, login: Callable[..., None]
) -> None:
    alice = make_user("alice", role="reviewer")
    article = make_article(TEXT)
    mark(article, "62 cases of violations", alice)
    open_as(page, live_server, login, "alice", article)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My work").click()
    expect(page.get_by_role("heading", name="My work", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("62 cases of violations")
