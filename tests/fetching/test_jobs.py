"""Fetches run as tasks: a job row is written with its task enqueued on commit, the task keeps
the page as evidence (compressed bytes, final URL, status, type, sha256, time), a refusal
fails the job with its reason and stores nothing else, a second run of the same task does
nothing, and a failed job can be retried."""

import hashlib
import zlib

import pytest
from django.db import transaction

from factcheck.fetching import services, tasks
from factcheck.fetching.models import FetchJob, PageSnapshot
from factcheck.fetching.tasks import run_fetch_job
from tests.fetching.conftest import PAGES

pytestmark = pytest.mark.django_db


def start(url: str, user, purpose=FetchJob.Purpose.IMPORT, **owner) -> FetchJob:
    return services.start_fetch(purpose=purpose, url=url, requested_by=user, **owner)


def test_the_task_is_enqueued_only_when_the_row_commits(
    erin, local_site, task_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        job = start(local_site.url("/articles/en.html"), erin)
        assert task_queue.results == []  # nothing sent inside the transaction
    assert len(callbacks) == 1
    callbacks[0]()
    [result] = task_queue.results
    assert result.task.func is run_fetch_job.func and result.args == [job.pk]
    job.refresh_from_db()
    assert job.task_id == str(result.id) and job.state == FetchJob.State.QUEUED


def test_a_rolled_back_transaction_enqueues_nothing(
    erin, local_site, task_queue, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        start(local_site.url("/articles/en.html"), erin)
        raise RuntimeError("the caller's write failed")
    assert callbacks == []
    assert task_queue.results == []
    assert not FetchJob.objects.exists()


def test_an_import_fetch_keeps_the_page_as_evidence(
    erin, fetch_from_local_site, immediate_tasks, django_capture_on_commit_callbacks
):
    url = fetch_from_local_site.url("/redirect/to-english")
    with django_capture_on_commit_callbacks(execute=True):
        job = start(url, erin)
    job.refresh_from_db()
    assert job.state == FetchJob.State.DONE and job.attempts == 1
    snapshot = job.snapshot
    raw = (PAGES / "en.html").read_bytes()
    assert snapshot.raw_bytes() == raw
    assert len(bytes(snapshot.body)) < len(raw)  # kept compressed
    assert zlib.decompress(bytes(snapshot.body)) == raw
    assert snapshot.sha256 == hashlib.sha256(raw).hexdigest()
    assert snapshot.url == url
    assert snapshot.final_url == fetch_from_local_site.url("/articles/en.html")
    assert (snapshot.status, snapshot.content_type, snapshot.charset) == (200, "text/html", "utf-8")
    assert snapshot.fetched_at is not None and snapshot.article_id is None
    assert snapshot.text.startswith("Flood waters in Battambang province")
    assert job.extracted["title"] == "Flood waters recede in Battambang as farmers count losses"
    assert job.extracted["author"] == "Sophea Lim"
    assert job.extracted["publisher"] == "Mekong Daily Ledger"
    assert job.extracted["published_on"] == "2026-10-14"
    assert job.extracted["language"] == "en"
    assert job.extracted["source_url"] == snapshot.final_url


@pytest.mark.parametrize(
    ("path", "code", "reason"),
    [
        ("/missing", "http_error", "answered HTTP 404"),
        ("/large/declared", "too_large", "larger than the limit"),
        ("/image.png", "unsupported_content_type", "is image/png"),
        ("/redirect/private", "address_not_allowed", "10.0.0.1"),
    ],
)
def test_a_refused_fetch_fails_with_its_reason_and_keeps_nothing(
    erin, fetch_from_local_site, settings, path, code, reason
):
    settings.FACTCHECK_FETCH_MAX_BYTES = 1_000
    job = start(fetch_from_local_site.url(path), erin)
    assert run_fetch_job.call(job.pk) == FetchJob.State.FAILED
    job.refresh_from_db()
    assert job.state == FetchJob.State.FAILED
    assert job.error_code == code and reason in job.error
    assert job.snapshot is None and not PageSnapshot.objects.exists()


def test_a_page_without_article_text_fails_the_import_with_the_reason(
    erin, fetch_from_local_site, site_pages
):
    site_pages["/pages/empty.html"] = (b"<html><body><div></div></body></html>", "text/html")
    job = start(fetch_from_local_site.url("/pages/empty.html"), erin)
    run_fetch_job.call(job.pk)
    job.refresh_from_db()
    assert job.state == FetchJob.State.FAILED
    assert job.error.startswith("No article text was found at http://127.0.0.1:")
    assert not PageSnapshot.objects.exists()


def test_a_task_that_runs_twice_does_no_harm(erin, fetch_from_local_site):
    job = start(fetch_from_local_site.url("/articles/en.html"), erin)
    assert run_fetch_job.call(job.pk) == FetchJob.State.DONE
    assert run_fetch_job.call(job.pk) == "skipped"
    job.refresh_from_db()
    assert job.attempts == 1 and PageSnapshot.objects.count() == 1


def test_a_failed_job_is_retried_as_the_same_row(
    erin, fetch_from_local_site, site_pages, immediate_tasks, django_capture_on_commit_callbacks
):
    job = start(fetch_from_local_site.url("/pages/late.txt"), erin)
    run_fetch_job.call(job.pk)
    job.refresh_from_db()
    assert job.state == FetchJob.State.FAILED and "404" in job.error
    site_pages["/pages/late.txt"] = (b"Now it is here.\nA second line.\n", "text/plain")
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_fetch(job=job)
    job.refresh_from_db()
    assert job.state == FetchJob.State.DONE and job.error == "" and job.attempts == 2
    assert job.snapshot.text == "Now it is here.\nA second line.\n"


def test_a_finished_job_is_not_retried(erin, fetch_from_local_site):
    job = start(fetch_from_local_site.url("/articles/en.html"), erin)
    run_fetch_job.call(job.pk)
    job.refresh_from_db()
    assert services.retry_fetch(job=job).state == FetchJob.State.DONE
    assert run_fetch_job.call(job.pk) == "skipped"


def test_a_queue_that_cannot_be_reached_fails_the_job_with_the_reason(
    erin, local_site, monkeypatch, django_capture_on_commit_callbacks
):
    class RedisDown:
        def enqueue(self, *args, **kwargs):
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks, "run_fetch_job", RedisDown())
    with django_capture_on_commit_callbacks(execute=True):
        job = start(local_site.url("/articles/en.html"), erin)
    job.refresh_from_db()
    assert job.state == FetchJob.State.FAILED and job.error_code == "queue_unavailable"
    assert "Connection refused" in job.error
