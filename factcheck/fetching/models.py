"""Fetched pages kept as evidence, and the background fetches that make them.

A PageSnapshot is what a fetch brought back, byte for byte (compressed), with where it came
from and when: the article import keeps the page an article was imported from, and sources
keep the page they cite. A FetchJob is one fetch asked for by a person and run as a task
(tasks.py): its state is what the page that started it polls, and a failure keeps its reason.
"""

import zlib

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery


class PageSnapshot(models.Model):
    url = models.URLField(max_length=2000)  # as asked
    final_url = models.URLField(max_length=2000)  # after redirects
    status = models.PositiveSmallIntegerField()  # HTTP status of the final answer
    content_type = models.CharField(max_length=100)  # media type only: "text/html"
    charset = models.CharField(max_length=40, blank=True)  # from the Content-Type header
    body = models.BinaryField()  # the raw bytes, zlib-compressed (see raw_bytes)
    size = models.PositiveIntegerField()  # bytes before compression
    sha256 = models.CharField(max_length=64)  # of the raw bytes
    fetched_at = models.DateTimeField()
    # The article text extracted from it (normalised as an import would), "" if none was.
    text = models.TextField(blank=True)
    # What it is evidence for: an article (the page it was imported from or checked
    # against) or a source; a page fetched for an import preview has neither until imported.
    article = models.ForeignKey(
        "articles.Article", models.CASCADE, null=True, blank=True, related_name="snapshots"
    )
    source = models.ForeignKey(
        "claims.Source", models.CASCADE, null=True, blank=True, related_name="snapshots"
    )
    fetched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [
            # the reading page's "kept copy" link and the source panel: newest per owner
            models.Index(fields=["article", "-fetched_at"], name="fetching_snapshot_article"),
            models.Index(fields=["source", "-fetched_at"], name="fetching_snapshot_source"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=True) | Q(source__isnull=True),
                name="fetching_snapshot_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.final_url} ({self.fetched_at:%Y-%m-%d %H:%M})"

    @staticmethod
    def compress(raw: bytes) -> bytes:
        return zlib.compress(raw, level=6)

    def raw_bytes(self) -> bytes:
        return zlib.decompress(bytes(self.body))

    def download_name(self) -> str:
        suffix = "txt" if self.content_type == "text/plain" else "html"
        return f"page-{self.pk}-{self.sha256[:12]}.{suffix}"


def source_archive_annotations() -> dict[str, Subquery]:
    """The newest archive or recheck of each source, and its newest kept page, as columns of
    the sources' own query: the claim panel shows them without a query more
    (claims.access.claim_for_panel)."""
    newest_job = FetchJob.objects.filter(source_id=OuterRef("pk")).order_by("-pk")
    newest_page = PageSnapshot.objects.filter(source_id=OuterRef("pk")).order_by(
        "-fetched_at", "-pk"
    )
    return {
        "archive_job_id": Subquery(newest_job.values("pk")[:1]),
        "archive_state": Subquery(newest_job.values("state")[:1]),
        "archive_finding": Subquery(newest_job.values("finding")[:1]),
        "archive_error": Subquery(newest_job.values("error")[:1]),
        "kept_page_id": Subquery(newest_page.values("pk")[:1]),
    }


class FetchJob(models.Model):
    class Purpose(models.TextChoices):
        IMPORT = "import", "import an article"
        UPDATE = "update", "check an article for updates"
        ARCHIVE = "archive", "archive a source"
        RECHECK = "recheck", "check an archived source"

    class State(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    class Finding(models.TextChoices):
        """What a recheck (or an update check) found against the earlier copy."""

        NONE = "", "—"
        UNCHANGED = "unchanged"
        CHANGED = "changed"
        DEAD = "dead"

    purpose = models.CharField(max_length=8, choices=Purpose)
    state = models.CharField(max_length=8, choices=State, default=State.QUEUED)
    url = models.URLField(max_length=2000)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    article = models.ForeignKey(  # UPDATE: the article checked
        "articles.Article", models.CASCADE, null=True, blank=True, related_name="fetch_jobs"
    )
    source = models.ForeignKey(  # ARCHIVE, RECHECK
        "claims.Source", models.CASCADE, null=True, blank=True, related_name="fetch_jobs"
    )
    snapshot = models.ForeignKey(
        PageSnapshot, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # IMPORT: the metadata extracted for the preview (title, author, ..., warnings)
    extracted = models.JSONField(default=dict, blank=True)
    finding = models.CharField(max_length=9, choices=Finding, default=Finding.NONE, blank=True)
    error_code = models.CharField(max_length=40, blank=True)
    error = models.TextField(blank=True)  # for the person who asked, as it is
    attempts = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)  # the task backend's result id
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # the claim panel's newest job per source (source_archive_annotations)
            models.Index(fields=["source", "-id"], name="fetching_job_source_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="failed") | ~Q(error=""), name="fetching_job_failure_says_why"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {self.url} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
