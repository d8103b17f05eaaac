"""Fetch pages: import an article from its URL, check an article's page for updates, see
a fetch's state (polled with htmx until it finishes; a plain reload without JavaScript),
retry a failed one, and download a kept page.

A kept page is served as a download of inert bytes, never as a page of our origin: the
fetched HTML may carry scripts, and served inline from here it would run with the
workbench's cookies (stored XSS). So: Content-Disposition attachment,
application/octet-stream, nosniff, and a CSP sandbox for browsers that open it anyway.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from factcheck.articles.access import article_for_revising, require_importer
from factcheck.articles.forms import ImportArticleForm
from factcheck.articles.services import ImportRejected, max_import_bytes
from factcheck.claims.access import claim_for_reading

from . import access, services
from .forms import FetchedImportForm, ImportUrlForm
from .models import FetchJob

JOB_PAGE = "fetching/job.html"


@require_POST
def import_url(request: HttpRequest) -> HttpResponse:
    require_importer(request.user)
    form = ImportUrlForm(request.POST)
    if not form.is_valid():
        context = {
            "form": ImportArticleForm(),
            "url_form": form,
            "max_import_bytes": max_import_bytes(),
        }
        return render(request, "articles/import.html", context, status=400)
    job = services.start_fetch(
        purpose=FetchJob.Purpose.IMPORT, url=form.cleaned_data["url"], requested_by=request.user
    )
    return redirect("fetching:job", job.pk)


@require_POST
def check_updates(request: HttpRequest, article_id: int) -> HttpResponse:
    """Fetch the article's page again; its page offers a changed text as a new revision."""
    article = article_for_revising(request.user, article_id)
    if not article.source_url:
        messages.error(request, "This article has no source URL to check.")
        return redirect(article)
    job = services.start_fetch(
        purpose=FetchJob.Purpose.UPDATE,
        url=article.source_url,
        requested_by=request.user,
        article=article,
    )
    return redirect("fetching:job", job.pk)


@require_POST
def recheck_source(request: HttpRequest, source_id: int) -> HttpResponse:
    """Fetch a source again: a recheck against its kept copy (dead, changed or unchanged),
    or a first archive if none was kept."""
    source = access.source_for_recheck(request.user, source_id)
    archived = source.snapshots.exists()
    job = services.start_fetch(
        purpose=FetchJob.Purpose.RECHECK if archived else FetchJob.Purpose.ARCHIVE,
        url=source.url,
        requested_by=request.user,
        source=source,
    )
    return redirect("fetching:job", job.pk)


@require_GET
def source_archive(request: HttpRequest, source_id: int) -> HttpResponse:
    """A source's archive state, the claim panel's line that polls while a fetch is under
    way (the rest of the panel, with a review being typed, is left alone)."""
    source = access.source_for_recheck(request.user, source_id)
    return render(request, "fetching/_source_archive.html", {"source": source})


@require_GET
def job_page(request: HttpRequest, job_id: int) -> HttpResponse:
    job = access.job_for_viewing(request.user, job_id)
    return render_job(request, job)


@require_POST
def retry(request: HttpRequest, job_id: int) -> HttpResponse:
    job = access.job_for_viewing(request.user, job_id)
    job = services.retry_fetch(job=job)
    if request.htmx:
        return render_job(request, job)
    return redirect("fetching:job", job.pk)


@require_POST
def import_fetched(request: HttpRequest, job_id: int) -> HttpResponse:
    job = access.job_for_import(request.user, job_id)
    form = FetchedImportForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            article = services.import_fetched(
                job=job,
                editor=request.user,
                content=data["text"],
                title=data["title"],
                source_url=data["source_url"],
                publisher=data["publisher"],
                author=data["author"],
                published_on=data["published_on"],
                language=data["language"],
            )
        except ImportRejected as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Imported “{article.title}”.")
            return redirect(article)
    return render_job(request, job, form=form, status=400)


@require_GET
def download_snapshot(request: HttpRequest, snapshot_id: int) -> HttpResponse:
    snapshot = access.snapshot_for_download(request.user, snapshot_id)
    response = HttpResponse(snapshot.raw_bytes(), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{snapshot.download_name()}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Page-SHA256"] = snapshot.sha256
    return response


def render_job(
    request: HttpRequest, job: FetchJob, *, form: FetchedImportForm | None = None, status: int = 200
) -> HttpResponse:
    context = {"job": job, "can_retry": services.can_retry(job)}
    if job.purpose == FetchJob.Purpose.IMPORT and job.state == FetchJob.State.DONE:
        context["form"] = form or preview_form(job)
        context["imported"] = job.snapshot is not None and job.snapshot.article_id is not None
    if job.source is not None:
        context["claim"] = claim_for_reading(request.user, job.source.claim_id)
    template = f"{JOB_PAGE}#job-status" if request.htmx else JOB_PAGE
    return render(request, template, context, status=status)


def preview_form(job: FetchJob) -> FetchedImportForm:
    found = job.extracted
    return FetchedImportForm(
        initial={
            "text": job.snapshot.text if job.snapshot else "",
            "title": found.get("title", ""),
            "source_url": found.get("source_url", job.url),
            "publisher": found.get("publisher", ""),
            "author": found.get("author", ""),
            "published_on": found.get("published_on"),
            "language": found.get("language", ""),
        }
    )
