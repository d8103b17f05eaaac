"""Every source is archived: adding a source link queues its fetch (on commit), the fetch
keeps a snapshot of the page, the claim panel shows the source's state (archiving, archived,
failed with the reason) and a link to the kept copy, and a later check marks links that went
dead or changed since they were archived."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck.claims.services import add_source
from factcheck.fetching.models import FetchJob, PageSnapshot
from factcheck.fetching.tasks import run_fetch_job
from factcheck.history.models import Event
from tests.conftest import client_for
from tests.factories import make_article, make_claim

pytestmark = pytest.mark.django_db

REPORT = b"<html lang='en'><body><article><p>The report lists 62 cases.</p></article></body></html>"


@pytest.fixture
def claim(erin, alice):
    article = make_article("The ministry counted 62 cases.", created_by=erin)
    return make_claim(article, "62 cases", created_by=alice)


@pytest.fixture
def report(fetch_from_local_site, site_pages) -> str:
    site_pages["/pages/report.html"] = (REPORT, "text/html; charset=utf-8")
    return fetch_from_local_site.url("/pages/report.html")


def panel(user, claim) -> str:
    return client_for(user).get(reverse("claims:detail", args=[claim.pk])).text


def test_adding_a_source_queues_its_archive_on_commit(
    alice, claim, report, task_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(alice).post(
            reverse("claims:add-source", args=[claim.pk]), {"url": report, "stance": "supports"}
        )
    job = FetchJob.objects.get()
    assert (job.purpose, job.state, job.url, job.requested_by) == (
        "archive",
        "queued",
        report,
        alice,
    )
    assert [result.args for result in task_queue.results] == [[job.pk]]
    assert "archiving…" in panel(alice, claim)


def test_an_archived_source_shows_its_kept_copy(alice, bob, claim, report):
    source = add_source(claim=claim, added_by=alice, url=report)
    run_fetch_job.call(FetchJob.objects.get().pk)
    snapshot = PageSnapshot.objects.get()
    assert snapshot.source == source and snapshot.raw_bytes() == REPORT
    assert snapshot.status == 200 and snapshot.final_url == report
    assert "The report lists 62 cases." in snapshot.text
    text = panel(bob, claim)
    assert "· archived" in text
    assert reverse("fetching:snapshot", args=[snapshot.pk]) in text
    download = client_for(bob).get(reverse("fetching:snapshot", args=[snapshot.pk]))
    assert download.status_code == 200 and download.content == REPORT
    event = Event.objects.get(action="source.archived")
    assert event.claim_id == claim.pk and event.actor is None
    assert event.after["sha256"] == snapshot.sha256


@pytest.mark.parametrize(
    ("path", "reason"),
    [("/missing", "answered HTTP 404"), ("/large/declared", "larger than the limit")],
)
def test_a_source_that_cannot_be_archived_shows_why(
    alice, claim, fetch_from_local_site, settings, path, reason
):
    settings.FACTCHECK_FETCH_MAX_BYTES = 1_000
    add_source(claim=claim, added_by=alice, url=fetch_from_local_site.url(path))
    run_fetch_job.call(FetchJob.objects.get().pk)
    text = panel(alice, claim)
    assert "not archived:" in text and reason in text
    assert not PageSnapshot.objects.exists()
    assert Event.objects.get(action="source.archived").after["state"] == "failed"


def recheck(user, source) -> FetchJob:
    response = client_for(user).post(reverse("fetching:recheck-source", args=[source.pk]))
    job = FetchJob.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == reverse("fetching:job", args=[job.pk])
    run_fetch_job.call(job.pk)
    job.refresh_from_db()
    return job


def test_a_recheck_marks_an_unchanged_page(alice, bob, claim, report):
    source = add_source(claim=claim, added_by=alice, url=report)
    run_fetch_job.call(FetchJob.objects.get().pk)
    job = recheck(bob, source)
    assert (job.purpose, job.state, job.finding) == ("recheck", "done", "unchanged")
    assert PageSnapshot.objects.count() == 1  # the same bytes are not kept twice


def test_a_recheck_marks_a_changed_page_and_keeps_the_new_copy(
    alice, bob, claim, report, site_pages
):
    source = add_source(claim=claim, added_by=alice, url=report)
    run_fetch_job.call(FetchJob.objects.get().pk)
    site_pages["/pages/report.html"] = (REPORT.replace(b"62", b"64"), "text/html")
    job = recheck(bob, source)
    assert job.finding == "changed"
    assert PageSnapshot.objects.filter(source=source).count() == 2
    assert "changed since archived" in panel(alice, claim)
    assert Event.objects.get(action="source.rechecked").after["finding"] == "changed"


def test_a_recheck_marks_a_dead_link(alice, bob, claim, report, site_pages):
    source = add_source(claim=claim, added_by=alice, url=report)
    run_fetch_job.call(FetchJob.objects.get().pk)
    del site_pages["/pages/report.html"]
    job = recheck(bob, source)
    assert (job.state, job.finding) == ("done", "dead") and "404" in job.error
    text = panel(alice, claim)
    assert "link dead" in text
    # the copy kept before the link died is still there
    assert reverse("fetching:snapshot", args=[PageSnapshot.objects.get().pk]) in text


def test_the_recheck_command_queues_every_archived_source(alice, claim, report, task_queue):
    source = add_source(claim=claim, added_by=alice, url=report)
    run_fetch_job.call(FetchJob.objects.get().pk)
    add_source(claim=claim, added_by=alice, url=report + "?never-archived")
    out = io.StringIO()
    call_command("recheck_sources", stdout=out)
    assert out.getvalue() == "Queued a check of 1 archived sources.\n"
    rechecks = FetchJob.objects.filter(purpose="recheck")
    assert [job.source for job in rechecks] == [source]


def test_source_states_cost_no_query_more_on_the_claim_panel(alice, claim, report):
    """The panel reads each source's state as columns of the sources' query: ten sources
    cost what one does."""
    add_source(claim=claim, added_by=alice, url=report)
    client = client_for(alice)
    url = reverse("claims:detail", args=[claim.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in range(9):
        add_source(claim=claim, added_by=alice, url=f"{report}?{number}")
    with CaptureQueriesContext(connection) as ten:
        assert "archiving…" in client.get(url).text
    assert len(ten) == len(one)


def test_the_internet_archive_is_asked_only_when_the_setting_is_on(
    alice, claim, report, fetch_from_local_site, site_pages, settings, connections
):
    """Save Page Now is stood in for by the local site, which answers /save/URL."""
    settings.FACTCHECK_ARCHIVE_ORG_SAVE_URL = fetch_from_local_site.url("/save/")
    site_pages[f"/save/{report}"] = (b"<p>Saved.</p>", "text/html")

    source = add_source(claim=claim, added_by=alice, url=report)
    run_fetch_job.call(FetchJob.objects.get().pk)
    source.refresh_from_db()
    assert source.archive_url == ""  # off by default
    made = len(connections.made)

    settings.FACTCHECK_ARCHIVE_ORG = True
    second = add_source(claim=claim, added_by=alice, url=report)
    run_fetch_job.call(FetchJob.objects.latest("pk").pk)
    second.refresh_from_db()
    assert len(connections.made) == made + 2  # the source, then Save Page Now
    assert second.archive_url == fetch_from_local_site.url(f"/save/{report}")
    event = Event.objects.filter(action="source.updated").get()
    assert event.after == {"archive_url": second.archive_url} and event.actor is None


def test_a_source_fetch_is_read_like_its_claim(alice, bob, erin, olga, claim, report):
    add_source(claim=claim, added_by=alice, url=report)
    job = FetchJob.objects.get()
    run_fetch_job.call(job.pk)
    job.refresh_from_db()
    for user, status in ((bob, 200), (erin, 200), (olga, 403)):
        assert client_for(user).get(reverse("fetching:job", args=[job.pk])).status_code == status
        download = reverse("fetching:snapshot", args=[job.snapshot_id])
        assert client_for(user).get(download).status_code == status
    page = client_for(bob).get(reverse("fetching:job", args=[job.pk]))
    assert "Archived" in page.text and reverse("claims:detail", args=[claim.pk]) in page.text


def test_the_source_line_polls_while_archiving_and_stops_when_done(alice, claim, report):
    source = add_source(claim=claim, added_by=alice, url=report)
    line = reverse("fetching:source-archive", args=[source.pk])
    assert f'hx-get="{line}"' in panel(alice, claim)
    client = client_for(alice)
    queued = client.get(line, headers={"HX-Request": "true"})
    assert "archiving…" in queued.text and 'hx-trigger="every 2s"' in queued.text
    run_fetch_job.call(FetchJob.objects.get().pk)
    done = client.get(line, headers={"HX-Request": "true"})
    assert "· archived" in done.text and "hx-trigger" not in done.text
    assert reverse("fetching:snapshot", args=[PageSnapshot.objects.get().pk]) in done.text
