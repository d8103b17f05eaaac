"""Writes for fetching: asking for a fetch, running it (the task's body), and using what it
brought back (importing the article, keeping a source's copy).

How a fetch is enqueued "in the same transaction as its row": `start_fetch` writes the
FetchJob row and registers the enqueue with `transaction.on_commit`, so the task is sent
only if, and once, the row (and whatever the caller wrote with it, e.g. a new source) is
committed. A rolled-back transaction sends nothing, and a worker never picks up a task whose
row it cannot see yet. The one gap on_commit leaves (the process dies between the commit and
the enqueue, or the queue is down) leaves the job queued or failed with its reason, and the
person can retry it from the page that shows it (`retry_fetch`).

Running a job twice does no harm: `run_job` first moves the job from queued to running with
a conditional UPDATE, and only the run that made that move does the work; a second delivery
of the same task (queues deliver at least once) finds the job no longer queued and stops.
"""

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from factcheck.articles.models import Article
from factcheck.articles.services import ImportRejected, import_article
from factcheck.history.services import record

from .client import Fetched, FetchRefused, Refusal
from .configured import fetch_page
from .extract import Extracted, extract_article
from .models import FetchJob, PageSnapshot

logger = logging.getLogger(__name__)

# A job still queued or running after this long lost its task (a worker stopped mid-run,
# or the process died between commit and enqueue): it may be retried.
STALE_AFTER = dt.timedelta(minutes=5)
# Refusals that mean the page is gone, for a recheck of an archived source.
GONE = frozenset(
    {Refusal.HTTP_ERROR, Refusal.DNS_FAILURE, Refusal.CONNECTION_FAILED, Refusal.TLS_FAILURE}
)


@transaction.atomic
def start_fetch(
    *,
    purpose: str,
    url: str,
    requested_by: Any,
    article: Article | None = None,
    source: Any = None,
) -> FetchJob:
    """A queued job; its task is enqueued when the caller's transaction commits."""
    job = FetchJob.objects.create(
        purpose=purpose, url=url, requested_by=requested_by, article=article, source=source
    )
    transaction.on_commit(lambda: enqueue(job.pk))
    return job


@transaction.atomic
def retry_fetch(*, job: FetchJob) -> FetchJob:
    """Queue a failed (or stale) job again, as the same row: its page keeps polling it."""
    locked = FetchJob.objects.select_for_update().get(pk=job.pk)
    if not can_retry(locked):
        return locked
    locked.state = FetchJob.State.QUEUED
    locked.error = locked.error_code = ""
    locked.finding = FetchJob.Finding.NONE
    locked.started_at = locked.finished_at = None
    locked.save()
    transaction.on_commit(lambda: enqueue(locked.pk))
    return locked


def can_retry(job: FetchJob) -> bool:
    if job.state == FetchJob.State.FAILED:
        return True
    stale = timezone.now() - (job.started_at or job.created_at) > STALE_AFTER
    return job.state in (FetchJob.State.QUEUED, FetchJob.State.RUNNING) and stale


def enqueue(job_id: int) -> None:
    """Send the job's task (after commit). A queue that cannot be reached fails the job with
    the reason, instead of leaving it queued for ever."""
    from .tasks import run_fetch_job  # the task module imports this one

    try:
        result = run_fetch_job.enqueue(job_id)
    except Exception as error:  # each backend raises its own (redis.ConnectionError, ...)
        logger.exception("could not enqueue fetch job %s", job_id)
        FetchJob.objects.filter(pk=job_id, state=FetchJob.State.QUEUED).update(
            state=FetchJob.State.FAILED,
            error_code="queue_unavailable",
            error=f"The fetch could not be queued ({error}). Try again in a moment.",
            finished_at=timezone.now(),
        )
        return
    FetchJob.objects.filter(pk=job_id).update(task_id=str(result.id)[:64])


# --- running a job (the task's body) ----------------------------------------------------


def run_job(job_id: int) -> str:
    """Fetch the job's page and keep what it brought back; returns the job's final state.
    The download happens outside any transaction (it may take the whole time limit, and
    SQLite would hold its write lock that long); the results are written in one."""
    claimed = FetchJob.objects.filter(pk=job_id, state=FetchJob.State.QUEUED).update(
        state=FetchJob.State.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return "skipped"  # done, failed or running elsewhere: a second delivery
    job = FetchJob.objects.select_related("article__current_revision", "source").get(pk=job_id)
    try:
        fetched = fetch_page(job.url)
    except FetchRefused as refusal:
        if job.purpose == FetchJob.Purpose.RECHECK and refusal.code in GONE:
            return finish(job, finding=FetchJob.Finding.DEAD, note=refusal.message)
        return fail(job, str(refusal.code), refusal.message)
    except Exception:
        fail(job, "error", "The fetch failed unexpectedly; try again, or tell an admin.")
        raise
    try:
        extracted: Extracted | None = extract_article(fetched)
    except ImportRejected as rejected:
        if job.purpose in (FetchJob.Purpose.IMPORT, FetchJob.Purpose.UPDATE):
            return fail(job, rejected.code, str(rejected))
        extracted = None  # a source's copy is kept whether or not it reads as an article
    state = KEEPERS[job.purpose](job, fetched, extracted)
    if job.purpose == FetchJob.Purpose.ARCHIVE and settings.FACTCHECK_ARCHIVE_ORG:
        save_at_internet_archive(job)
    return state


@transaction.atomic
def fail(job: FetchJob, code: str, message: str) -> str:
    """The job failed: its reason is kept, nothing else is stored."""
    FetchJob.objects.filter(pk=job.pk).update(
        state=FetchJob.State.FAILED, error_code=code, error=message, finished_at=timezone.now()
    )
    if job.source is not None:
        record_source_event(job, state="failed", error=message)
    return FetchJob.State.FAILED


@transaction.atomic
def finish(
    job: FetchJob,
    *,
    snapshot: PageSnapshot | None = None,
    extracted: dict[str, Any] | None = None,
    finding: str = FetchJob.Finding.NONE,
    note: str = "",
) -> str:
    FetchJob.objects.filter(pk=job.pk).update(
        state=FetchJob.State.DONE,
        snapshot=snapshot,
        extracted=extracted or {},
        finding=finding,
        error=note,
        finished_at=timezone.now(),
    )
    if job.source is not None:
        record_source_event(job, state="done", snapshot=snapshot, finding=finding, error=note)
    return FetchJob.State.DONE


def keep_snapshot(
    fetched: Fetched, extracted: Extracted | None, *, by: Any, **owner: Any
) -> PageSnapshot:
    return PageSnapshot.objects.create(
        url=fetched.url,
        final_url=fetched.final_url,
        status=fetched.status,
        content_type=fetched.content_type,
        charset=fetched.charset or "",
        body=PageSnapshot.compress(fetched.body),
        size=len(fetched.body),
        sha256=fetched.sha256,
        fetched_at=fetched.fetched_at,
        text=extracted.text if extracted else "",
        fetched_by=by,
        **owner,
    )


@transaction.atomic
def keep_for_import(job: FetchJob, fetched: Fetched, extracted: Extracted | None) -> str:
    assert extracted is not None
    snapshot = keep_snapshot(fetched, extracted, by=job.requested_by)
    metadata = {
        "title": extracted.title,
        "author": extracted.author,
        "publisher": extracted.site_name,
        "published_on": extracted.published.isoformat() if extracted.published else None,
        "language": extracted.language,
        "source_url": fetched.final_url,
        "warnings": list(extracted.warnings),
    }
    return finish(job, snapshot=snapshot, extracted=metadata)


@transaction.atomic
def keep_for_update(job: FetchJob, fetched: Fetched, extracted: Extracted | None) -> str:
    assert extracted is not None and job.article is not None
    current = job.article.current_revision
    same = current is not None and current.text == extracted.text
    snapshot = keep_snapshot(fetched, extracted, by=job.requested_by, article=job.article)
    finding = FetchJob.Finding.UNCHANGED if same else FetchJob.Finding.CHANGED
    return finish(job, snapshot=snapshot, finding=finding)


@transaction.atomic
def keep_for_source(job: FetchJob, fetched: Fetched, extracted: Extracted | None) -> str:
    finding = FetchJob.Finding.NONE
    if job.purpose == FetchJob.Purpose.RECHECK:
        archived = job.source.snapshots.order_by("-fetched_at", "-pk").first()
        same = archived is not None and (
            archived.sha256 == fetched.sha256
            or (archived.text and extracted is not None and archived.text == extracted.text)
        )
        finding = FetchJob.Finding.UNCHANGED if same else FetchJob.Finding.CHANGED
        if same:
            return finish(job, snapshot=archived, finding=finding)
    snapshot = keep_snapshot(fetched, extracted, by=job.requested_by, source=job.source)
    return finish(job, snapshot=snapshot, finding=finding)


KEEPERS = {
    FetchJob.Purpose.IMPORT: keep_for_import,
    FetchJob.Purpose.UPDATE: keep_for_update,
    FetchJob.Purpose.ARCHIVE: keep_for_source,
    FetchJob.Purpose.RECHECK: keep_for_source,
}


def record_source_event(
    job: FetchJob,
    *,
    state: str,
    snapshot: PageSnapshot | None = None,
    finding: str = "",
    error: str = "",
) -> None:
    """The claim's timeline shows each archive and recheck of its sources (by the workbench)."""
    after: dict[str, Any] = {"url": job.url, "state": state}
    if snapshot is not None:
        after |= {"sha256": snapshot.sha256, "final_url": snapshot.final_url}
    if finding:
        after["finding"] = finding
    if error:
        after["error"] = error
    claim, source = job.source.claim, job.source
    if job.purpose == FetchJob.Purpose.ARCHIVE:
        record(actor=None, action="source.archived", claim=claim, target=source, after=after)
    else:
        record(actor=None, action="source.rechecked", claim=claim, target=source, after=after)


def save_at_internet_archive(job: FetchJob) -> None:
    """Ask Save Page Now for a copy of the source (FACTCHECK_ARCHIVE_ORG). Its answer ends at
    the archived copy, whose address becomes the source's "archived copy" if it has none.
    Best effort: our own copy is already kept, so a refusal is only logged."""
    try:
        saved = fetch_page(settings.FACTCHECK_ARCHIVE_ORG_SAVE_URL + job.url)
    except FetchRefused as refusal:
        logger.warning("Save Page Now refused %s: %s", job.url, refusal.message)
        return
    set_archive_url(source_id=job.source_id, archive_url=saved.final_url)


@transaction.atomic
def set_archive_url(*, source_id: Any, archive_url: str) -> None:
    from factcheck.claims.models import Source  # claims builds on fetching

    source = Source.objects.select_for_update().select_related("claim").get(pk=source_id)
    if source.archive_url:
        return  # the reviewer's own archived copy stays
    Source.objects.filter(pk=source.pk).update(archive_url=archive_url, version=F("version") + 1)
    record(
        actor=None,
        action="source.updated",
        claim=source.claim,
        target=source,
        before={"archive_url": ""},
        after={"archive_url": archive_url},
    )


# --- using the result -------------------------------------------------------------------


@transaction.atomic
def import_fetched(*, job: FetchJob, editor: Any, content: str, **metadata: Any) -> Article:
    """Import the previewed article (the editor's corrections included) and keep the page it
    came from with it. The same rules as any import (services.import_article)."""
    locked = FetchJob.objects.select_for_update().get(pk=job.pk)
    if locked.state != FetchJob.State.DONE or locked.purpose != FetchJob.Purpose.IMPORT:
        raise ImportRejected("This fetch has no page to import.", code="not_ready")
    snapshot = locked.snapshot
    if snapshot is None or snapshot.article_id is not None:
        raise ImportRejected("This page was already imported.", code="already_imported")
    article = import_article(content=content, created_by=editor, **metadata)
    PageSnapshot.objects.filter(pk=snapshot.pk).update(article=article)
    return article


def fetch_article(url: str) -> tuple[Fetched, Extracted]:
    """Fetch and extract in the foreground (the import_article command); raises FetchRefused
    or ImportRejected with the reason."""
    fetched = fetch_page(url)
    return fetched, extract_article(fetched)


@transaction.atomic
def import_page(
    *, fetched: Fetched, extracted: Extracted, created_by: Any, **overrides: Any
) -> Article:
    """Import a fetched page as it was extracted (non-empty `overrides` win), keeping the
    page with the article: the command line's import by URL."""
    given = {key: value for key, value in overrides.items() if value not in (None, "")}
    article = import_article(
        content=extracted.text,
        created_by=created_by,
        title=given.get("title", extracted.title),
        source_url=given.get("source_url", fetched.final_url),
        publisher=given.get("publisher", extracted.site_name),
        author=given.get("author", extracted.author),
        published_on=given.get("published_on", extracted.published),
        language=given.get("language", extracted.language or "en"),
    )
    keep_snapshot(fetched, extracted, by=created_by, article=article)
    return article


@transaction.atomic
def revise_from_page(
    *, article: Article, fetched: Fetched, extracted: Extracted, note: str, editor: Any
) -> Any:
    """The page's text as the article's next revision (claims follow it, all or nothing:
    claims.revisions), the page kept with the article; the command line's --revise --url."""
    from factcheck.claims.revisions import revise_article  # claims builds on fetching's models

    result = revise_article(article=article, content=extracted.text, note=note, editor=editor)
    keep_snapshot(fetched, extracted, by=editor, article=article)
    return result
