"""The claim panel: reviews and the status they give a claim, sources, comments, and
stale saves that keep both versions."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse

from factcheck.claims.models import Claim, Comment, Review, Source
from factcheck.claims.templatetags.claims import status_badge
from factcheck.history.models import Event
from tests.factories import make_claim, make_review, rating

from .conftest import HX

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(article, alice):
    return make_claim(article, "62 cases", created_by=alice)


def review_url(claim):
    return reverse("claims:review", args=[claim.pk])


def status_of(claim) -> str:
    return Claim.objects.get(pk=claim.pk).status


def test_panel_is_a_partial_for_htmx_and_a_page_otherwise(alice_client, claim):
    url = reverse("claims:detail", args=[claim.pk])
    partial = alice_client.get(url, headers=HX)
    page = alice_client.get(url)
    assert partial.status_code == page.status_code == 200
    assert "<html" not in partial.text and "<html" in page.text
    for html in (partial.text, page.text):
        assert 'class="claim-panel"' in html and "62 cases" in html
        assert reverse("history:claim-timeline", args=[claim.pk]) in html
        assert 'name="version" value="1"' in html
    # rating radios carry the number keys 1..n
    keys = re.findall(r'type="radio" name="rating" value="\d+" data-key="(\d)"', page.text)
    assert keys == ["1", "2", "3", "4", "5", "6", "7"]


def test_status_follows_reviews_open_in_review_contested_and_back(alice_client, bob_client, claim):
    assert status_of(claim) == "open"
    data = {"rating": rating("true").pk, "rationale": "Matches the report.", "confidence": "high"}
    response = alice_client.post(review_url(claim), data, headers=HX)
    assert response.status_code == 200
    assert json.loads(response["HX-Trigger"])["claim-changed"]["status"] == "in_review"
    assert status_of(claim) == "in_review"
    bob_data = {"rating": rating("false").pk, "rationale": "No.", "confidence": "low"}
    assert bob_client.post(review_url(claim), bob_data, headers=HX).status_code == 200
    assert status_of(claim) == "contested"
    bob_review = Review.objects.get(reviewer__username="bob")
    agree = bob_data | {"rating": rating("true").pk, "version": bob_review.version}
    assert bob_client.post(review_url(claim), agree, headers=HX).status_code == 200
    assert status_of(claim) == "in_review"
    events = list(Event.objects.filter(action__startswith="review.").order_by("pk"))
    assert [e.after["claim_status"] for e in events] == ["in_review", "contested", "in_review"]
    assert events[2].before["claim_status"] == "contested"


def test_editor_states_are_not_touched_by_reviews(claim, alice):
    Claim.objects.filter(pk=claim.pk).update(status="verified")
    make_review(Claim.objects.get(pk=claim.pk), alice, "false")
    assert status_of(claim) == "verified"


def test_editing_a_review_keeps_the_old_rationale_in_history(alice_client, claim, alice):
    make_review(
        claim,
        alice,
        "true",
        rationale="First thoughts: the figure looks right and matches section 2.b of the report.",
    )
    review = Review.objects.get()
    data = {
        "rating": rating("mostly-true").pk,
        "rationale": "Second look: the figure looks right but dates from July, not "
        "June, per section 2.b of the report.",
        "confidence": "medium",
        "version": review.version,
    }
    assert alice_client.post(review_url(claim), data).status_code == 302
    review.refresh_from_db()
    assert review.rationale.startswith("Second look") and review.version == 2
    assert Review.objects.count() == 1
    event = Event.objects.get(action="review.updated")
    assert event.before["rationale"].startswith("First thoughts: the figure looks right")
    assert event.before["rating"] == "true" and event.after["rating"] == "mostly-true"
    timeline = alice_client.get(reverse("history:claim-timeline", args=[claim.pk])).text
    assert "First thoughts" in timeline and "<del>" in timeline and "<ins>" in timeline


def test_stale_claim_save_gets_409_and_keeps_both_texts(alice_client, bob_client, claim):
    url = reverse("claims:edit", args=[claim.pk])
    base = {"claimant": "", "claimed_on": "", "tags": "", "version": 1}
    first = bob_client.post(url, base | {"summary": "Bob's stored summary"}, headers=HX)
    assert first.status_code == 200
    second = alice_client.post(url, base | {"summary": "Alice's unsaved summary"}, headers=HX)
    assert second.status_code == 409
    assert "Bob&#x27;s stored summary" in second.text  # the stored value, shown
    assert "Alice&#x27;s unsaved summary" in second.text  # the user's input, kept
    assert 'name="version" value="2"' in second.text  # saving again is deliberate
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.summary == "Bob's stored summary" and stored.version == 2
    assert Event.objects.filter(action="claim.updated").count() == 1
    # Without htmx: the full claim page, same 409.
    page = alice_client.post(url, base | {"summary": "Alice again"})
    assert page.status_code == 409 and "<html" in page.text and "Alice again" in page.text
    # Saving with the version she has now seen goes through.
    ok = alice_client.post(url, base | {"summary": "Alice's summary", "version": 2}, headers=HX)
    assert ok.status_code == 200 and Claim.objects.get(pk=claim.pk).summary == "Alice's summary"


def test_stale_review_save_gets_409_and_keeps_both(alice_client, claim, alice):
    make_review(claim, alice, "true", rationale="Stored rationale from the other tab.")
    data = {"rating": rating("false").pk, "rationale": "My unsaved rationale", "confidence": "low"}
    # no version: this page never saw the review saved from another tab
    response = alice_client.post(review_url(claim), data, headers=HX)
    assert response.status_code == 409
    assert "Stored rationale from the other tab." in response.text
    assert "My unsaved rationale" in response.text
    response = alice_client.post(review_url(claim), data | {"version": 7}, headers=HX)
    assert response.status_code == 409
    review = Review.objects.get()
    assert review.rationale == "Stored rationale from the other tab." and review.version == 1


def test_claim_edit_updates_summary_claimant_date_and_tags(alice_client, claim):
    url = reverse("claims:edit", args=[claim.pk])
    data = {
        "summary": "Sixty-two violations by July 2020.",
        "claimant": "An unnamed NGO",
        "claimed_on": "2020-07-01",
        "tags": "statistics, assembly, Statistics",
        "version": 1,
    }
    assert alice_client.post(url, data).status_code == 302
    claim = Claim.objects.get(pk=claim.pk)
    assert claim.claimant == "An unnamed NGO" and str(claim.claimed_on) == "2020-07-01"
    assert claim.tag_names() == ["assembly", "statistics"]
    event = Event.objects.get(action="claim.updated")
    assert event.before["summary"] == "" and event.after["tags"] == ["assembly", "statistics"]
    page = alice_client.get(claim.get_absolute_url()).text
    assert "An unnamed NGO" in page and "statistics" in page


def test_invalid_claim_edit_is_400_and_changes_nothing(alice_client, claim):
    url = reverse("claims:edit", args=[claim.pk])
    response = alice_client.post(url, {"summary": "x" * 301, "version": 1}, headers=HX)
    assert response.status_code == 400
    assert Claim.objects.get(pk=claim.pk).version == 1


def test_delete_claim_is_soft_and_leaves_history(alice_client, article, claim):
    response = alice_client.post(reverse("claims:delete", args=[claim.pk]), headers=HX)
    assert response.status_code == 200
    assert json.loads(response["HX-Trigger"])["claim-changed"]["deleted"] is True
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.deleted_at is not None and stored.deleted_by.username == "alice"
    assert alice_client.get(claim.get_absolute_url()).status_code == 404
    assert f'id="claim-row-{claim.pk}"' not in alice_client.get(article.get_absolute_url()).text
    timeline = alice_client.get(reverse("history:claim-timeline", args=[claim.pk]))
    assert timeline.status_code == 200 and "claim.deleted" in timeline.text


def test_sources_are_added_listed_with_safe_links_edited_and_removed(alice_client, claim):
    url = reverse("claims:add-source", args=[claim.pk])
    data = {
        "url": "https://www.state.gov/reports/cambodia/",
        "title": "State Department report",
        "publisher": "US State Department",
        "stance": "supports",
        "excerpt": "62 cases of violations",
        "accessed_on": "2021-04-01",
        "archive_url": "https://web.archive.org/web/2021/https://www.state.gov/",
    }
    response = alice_client.post(url, data, headers=HX)
    assert response.status_code == 200
    source = Source.objects.get()
    assert source.added_by.username == "alice" and source.stance == "supports"
    link = re.search(r'<a href="https://www.state.gov/reports/cambodia/"[^>]*>', response.text)
    assert link and 'rel="noopener noreferrer"' in link.group(0)
    assert 'target="_blank"' in link.group(0)
    archive = re.search(r'<a href="https://web.archive.org/[^"]*"[^>]*>', response.text).group(0)
    assert 'rel="noopener noreferrer"' in archive
    edit = reverse("claims:edit-source", args=[source.pk])
    prefix = f"source-{source.pk}-"
    changed = {prefix + key: value for key, value in data.items()} | {
        prefix + "title": "Country report 2020",
        prefix + "version": 1,
    }
    assert alice_client.post(edit, changed, headers=HX).status_code == 200
    source.refresh_from_db()
    assert source.title == "Country report 2020" and source.version == 2
    stale = alice_client.post(edit, changed | {prefix + "title": "Stale title"}, headers=HX)
    assert stale.status_code == 409 and "Stale title" in stale.text
    assert "Country report 2020" in stale.text
    assert (
        alice_client.post(reverse("claims:delete-source", args=[source.pk]), headers=HX).status_code
        == 200
    )
    assert Source.objects.visible().count() == 0 and Source.objects.count() == 1
    actions = list(
        Event.objects.filter(action__startswith="source.").values_list("action", flat=True)
    )
    assert actions == ["source.added", "source.updated", "source.deleted"]


REFUSED_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "ftp://example.org/file",
    "mailto:someone@example.org",
    "https://user:password@example.org/",
    "https://user@example.org/",
    "https://",
    "http:///path-only",
    "//example.org/no-scheme",
    "example.org/no-scheme",
    "https://exa mple.org/",
    "https://example.org/\x00",
    "https://example.org/a\nb",
    "https://example.org\\@evil.example/",
    " javascript:alert(1)",
]


@pytest.mark.parametrize("bad", REFUSED_URLS)
def test_source_urls_other_than_http_and_https_are_refused_with_a_message(alice_client, claim, bad):
    url = reverse("claims:add-source", args=[claim.pk])
    response = alice_client.post(url, {"url": bad, "stance": "context"}, headers=HX)
    assert response.status_code == 400
    assert re.search(
        r"http and https|user name or password|no host|spaces|not a valid", response.text
    )
    archive = alice_client.post(
        url,
        {"url": "https://example.org/", "archive_url": bad, "stance": "context"},
        headers=HX,
    )
    assert archive.status_code == 400
    assert not Source.objects.exists()


def test_source_service_refuses_bad_urls_too(claim, alice):
    from django.core.exceptions import ValidationError

    from factcheck.claims.services import add_source

    for bad in REFUSED_URLS:
        with pytest.raises(ValidationError):
            add_source(claim=claim, added_by=alice, url=bad)
    assert not Source.objects.exists() and not Event.objects.filter(action="source.added")


def test_comments_thread_edit_and_delete(alice_client, bob_client, claim):
    url = reverse("claims:add-comment", args=[claim.pk])
    assert alice_client.post(url, {"body": "Which report page?"}, headers=HX).status_code == 200
    assert bob_client.post(url, {"body": "Page 12."}, headers=HX).status_code == 200
    assert alice_client.post(url, {"body": "   "}, headers=HX).status_code == 400
    page = alice_client.get(claim.get_absolute_url()).text
    assert page.index("Which report page?") < page.index("Page 12.")
    comment = Comment.objects.get(author__username="alice")
    edit = reverse("claims:edit-comment", args=[comment.pk])
    prefix = f"comment-{comment.pk}-"
    data = {prefix + "body": "Which page of the report?", prefix + "version": 1}
    assert alice_client.post(edit, data, headers=HX).status_code == 200
    stale = alice_client.post(
        edit, {prefix + "body": "Old tab text", prefix + "version": 1}, headers=HX
    )
    assert stale.status_code == 409 and "Old tab text" in stale.text
    assert "Which page of the report?" in stale.text
    delete = reverse("claims:delete-comment", args=[comment.pk])
    assert alice_client.post(delete).status_code == 302
    assert list(Comment.objects.visible().values_list("body", flat=True)) == ["Page 12."]


@pytest.mark.parametrize("status", Claim.Status.values)
def test_the_claim_list_and_the_panel_draw_the_same_status_badge(
    alice_client, article, claim, status
):
    """One builder (the status_badge filter); the panel's badge adds the id and data
    attribute that a review save's out-of-band answer replaces."""
    Claim.objects.filter(pk=claim.pk).update(status=status)
    label = Claim.Status(status).label
    page = alice_client.get(article.get_absolute_url()).text
    row = re.search(rf'<li id="claim-row-{claim.pk}".*?</li>', page).group(0)
    assert f'<span class="status-badge status-{status}">{label}</span>' in row
    panel = alice_client.get(reverse("claims:detail", args=[claim.pk]), headers=HX).text
    assert (
        f'<span class="status-badge status-{status}" id="claim-status-{claim.pk}" '
        f'data-status="{status}">{label}</span>'
    ) in panel


@pytest.mark.parametrize("status", Claim.Status.values)
def test_my_work_draws_the_claim_lists_status_badge(alice_client, claim, status):
    """The template filter (claims/templatetags/claims.py) is the same builder, and draws
    what the page drew by hand before it."""
    Claim.objects.filter(pk=claim.pk).update(status=status)
    label = Claim.Status(status).label
    page = alice_client.get(reverse("history:my-work"), follow=True).text
    badge = f'<span class="status-badge status-{status}">{label}</span>'
    assert badge == status_badge(status)
    assert f'</q></a> {badge} <span class="hint">in ' in page


def test_the_decisions_queue_draws_the_same_status_badges(erin_client, article, claim, alice, bob):
    make_review(claim, alice, "true")
    contested = make_claim(article, "185 assemblies", created_by=alice)
    make_review(contested, alice, "true")
    make_review(contested, bob, "false")
    queue = reverse("decisions:queue")
    for html in (erin_client.get(queue).text, erin_client.get(queue, headers=HX).text):
        counts = re.search(r'<p class="queue-counts".*?</p>', html, re.S).group(0)
        for status, label in (("contested", "Contested"), ("in_review", "In review")):
            badge = f'<span class="status-badge status-{status}">{label}</span>'
            assert f'<span class="count" data-status="{status}">{badge} 1</span>' in counts
        for row, status in ((contested, "contested"), (claim, "in_review")):
            link = re.search(
                rf'id="queue-claim-{row.pk}".*?<a class="queue-link"[^>]*>(.*?) <q', html, re.S
            )
            assert link.group(1) == status_badge(status)


def test_no_template_writes_a_status_badge_by_hand():
    """Every status badge comes from the status_badge filter (claims/templatetags/claims.py),
    so a badge's class or label cannot drift from the panel's."""
    templates = Path(settings.BASE_DIR) / "templates"
    by_hand = [
        str(path.relative_to(templates))
        for path in sorted(templates.rglob("*.html"))
        if 'class="status-badge' in path.read_text()
    ]
    assert by_hand == []


def test_the_status_badge_filter_escapes_what_it_is_given():
    html = Template("{% load claims %}{{ status|status_badge }}").render(
        Context({"status": '"><script>x</script>'})
    )
    assert "<script>" not in html
    assert html == (
        '<span class="status-badge status-&quot;&gt;&lt;script&gt;x&lt;/script&gt;">'
        "&quot;&gt;&lt;script&gt;x&lt;/script&gt;</span>"
    )
