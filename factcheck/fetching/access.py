"""Every permission-checked read of fetches and kept pages (DESIGN.md "Who may do what").

A job or a kept page is read like what it belongs to: an article import or update check is
an editor's (as importing is), a source's archive is read by everyone who reads the claim,
and an article's kept page by everyone who reads the article.
"""

from typing import Any

from django.shortcuts import get_object_or_404

from factcheck.articles import access as articles_access
from factcheck.claims import access as claims_access

from .models import FetchJob, PageSnapshot, source_archive_annotations

EDITORS_PURPOSES = (FetchJob.Purpose.IMPORT, FetchJob.Purpose.UPDATE)


def job_for_viewing(user: Any, job_id: int) -> FetchJob:
    articles_access.require_reader(user)
    job = get_object_or_404(
        FetchJob.objects.select_related("snapshot", "article", "source"), pk=job_id
    )
    if job.purpose in EDITORS_PURPOSES:
        articles_access.require_importer(user)
    elif job.source is not None:
        claims_access.claim_for_reading(user, job.source.claim_id)
    return job


def job_for_import(user: Any, job_id: int) -> FetchJob:
    articles_access.require_importer(user)
    return get_object_or_404(
        FetchJob.objects.select_related("snapshot"), pk=job_id, purpose=FetchJob.Purpose.IMPORT
    )


def source_for_recheck(user: Any, source_id: int) -> Any:
    """Anyone who reads the claim may have its sources archived or checked again, and see
    their archive state (with source_archive_annotations)."""
    from factcheck.claims.models import Source

    articles_access.require_reader(user)
    sources = Source.objects.for_viewer(user).annotate(**source_archive_annotations())
    source = get_object_or_404(sources, pk=source_id)
    claims_access.claim_for_reading(user, source.claim_id)
    return source


def snapshot_for_download(user: Any, snapshot_id: int) -> PageSnapshot:
    """A kept page, for whoever may read its article or claim. A page fetched for an import
    preview and not imported yet belongs to no article: editors only."""
    articles_access.require_reader(user)
    snapshot = get_object_or_404(PageSnapshot.objects.select_related("source"), pk=snapshot_id)
    if snapshot.article_id is not None:
        articles_access.article_for_reading(user, snapshot.article_id)
    elif snapshot.source is not None:
        claims_access.claim_for_reading(user, snapshot.source.claim_id)
    else:
        articles_access.require_importer(user)
    return snapshot
