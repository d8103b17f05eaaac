"""python manage.py recheck_sources [--older-than DAYS]

Queues a recheck of every archived source (not deleted) whose newest kept copy is older
than DAYS (default 0: all): each finds the link dead, changed or unchanged, as the source's
"Check again" button does. Meant for a daily cron job beside the task worker.
"""

import datetime as dt

from django.core.management.base import BaseCommand
from django.db.models import Max
from django.utils import timezone

from factcheck.claims.models import Source
from factcheck.fetching.models import FetchJob
from factcheck.fetching.services import start_fetch


class Command(BaseCommand):
    help = "Queue a check of every archived source: dead, changed or unchanged since archived."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=0, metavar="DAYS")

    def handle(self, *args, **options):
        cutoff = timezone.now() - dt.timedelta(days=options["older_than"])
        sources = (
            Source.objects.filter(deleted_at__isnull=True)
            .annotate(kept=Max("snapshots__fetched_at"))
            .filter(kept__isnull=False, kept__lte=cutoff)
            .order_by("pk")
        )
        count = 0
        for source in sources.iterator():
            start_fetch(purpose=FetchJob.Purpose.RECHECK, url=source.url, source=source,
                        requested_by=None)  # fmt: skip
            count += 1
        self.stdout.write(f"Queued a check of {count} archived sources.")
