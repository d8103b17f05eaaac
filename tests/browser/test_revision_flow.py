"""An article is corrected in a browser: erin pastes the corrected text, reads the preview
(one claim changed, one orphaned), confirms; then alice, a reviewer, sees the changed claim
marked in the list, opens it, and reads its timeline telling what the correction did."""

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from factcheck.claims.models import Claim
from tests.conftest import PASSWORD, make_user
from tests.factories import make_article, make_claim

TEXT = (
    "The ministry said 62 cases were recorded in 2020.\n"
    "Officials counted 185 assemblies from April 2019 to March 2020.\n"
    "A spokesman declined to comment."
)
CORRECTED = (
    "Updated on 24 March 2021.\n"
    "The ministry said 63 cases were recorded in 2020.\n"
    "Officials counted 185 assemblies from April 2019 to March 2020."
)


def test_editor_revises_and_a_reviewer_sees_what_happened(
    make_page: Callable[[], Page],
    live_server: LiveServer,
    login: Callable[..., None],
    page_log: Callable[[Page], Any],
) -> None:
    alice = make_user("alice", role="reviewer")
    make_user("erin", role="editor")
    article = make_article(TEXT, title="Corrected in a browser")
    figure = make_claim(article, "62 cases", created_by=alice)
    gone = make_claim(article, "declined to comment", created_by=alice)
    kept = make_claim(article, "185 assemblies", created_by=alice)

    # alice has the article open while erin corrects it
    watcher = make_page()
    login(watcher, live_server, "alice", PASSWORD)
    watcher.goto(live_server.url + article.get_absolute_url())

    page = make_page()
    login(page, live_server, "erin", PASSWORD)
    page.goto(live_server.url + article.get_absolute_url())
    page.get_by_role("link", name="New revision").click()
    page.get_by_label("Paste the corrected text").fill(CORRECTED)
    page.get_by_label("Revision note").fill("Correction: 63 cases, not 62")
    page.get_by_role("button", name="Preview the revision").click()
    expect(page.get_by_role("heading", name="Preview of revision 2")).to_be_visible()
    expect(page.locator('dd[data-outcome="changed"]')).to_have_text("1")
    expect(page.locator('dd[data-outcome="orphaned"]')).to_have_text("1")
    expect(page.locator('dd[data-outcome="moved"]')).to_have_text("1")
    expect(page.locator(f'tr[data-claim="{figure.pk}"] q.after')).to_have_text("63 cases")
    assert article.revisions.count() == 1  # the preview stores nothing
    page.get_by_role("button", name="Confirm revision 2").click()
    expect(page.get_by_text("Revision 2 is the current text")).to_be_visible()
    assert Claim.objects.get(pk=figure.pk).exact == "63 cases"
    assert Claim.objects.get(pk=gone.pk).anchor == "orphaned"
    assert Claim.objects.get(pk=kept.pk).anchor == "moved"
    assert not [p for p in page_log(page).problems if "/favicon.ico" not in p]

    # her page still shows revision 1: the poll tells her to reload rather than moving
    # the highlights onto the new text's offsets
    expect(watcher.locator("#page-alerts .article-revised")).to_contain_text(
        "new revision", timeout=15_000
    )
    expect(watcher.locator(f'mark[data-claims~="{figure.pk}"]')).to_have_text("62 cases")
    expect(watcher.locator("#page-alerts .article-revised a")).to_have_attribute(
        "href", article.get_absolute_url()
    )

    reader = make_page()
    login(reader, live_server, "alice", PASSWORD)
    reader.goto(live_server.url + article.get_absolute_url())
    row = reader.locator(f"#claim-row-{figure.pk}")
    expect(row).to_have_attribute("data-anchor", "changed")
    expect(row.locator(".anchor-note")).to_contain_text("Its words were corrected")
    expect(reader.locator(f'mark[data-claims~="{figure.pk}"]')).to_have_text("63 cases")
    orphan = reader.locator(f"#claim-row-{gone.pk}")
    expect(orphan).to_contain_text("Orphaned")
    expect(reader.locator(f'mark[data-claims~="{gone.pk}"]')).to_have_count(0)
    row.locator("a").first.click()
    expect(reader.locator("#claim-panel .anchor-changed")).to_contain_text("revision 2")
    reader.locator("#claim-panel").get_by_role("link", name="Timeline: who changed what").click()
    expect(reader.locator(".reanchored")).to_contain_text("Revision 2 corrected its words")
    expect(reader.locator(".reanchored del")).to_have_text("62 cases")
    expect(reader.locator(".reanchored ins")).to_have_text("63 cases")
    assert not [p for p in page_log(reader).problems if "/favicon.ico" not in p]
