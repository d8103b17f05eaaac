"""python manage.py fill_export_cache [--format jsonl|csv ...]

Renders and stores the line of every claim the JSON Lines and CSV exports could hold (every
status) that has no current line in the rendered-claim cache (exports/cache.py), so the
next export reads them back instead of rendering them while someone waits for a download.

Run it where every stored line has just become a miss: after deploying a release (the
cache key holds the writers' code), after `restore_backup`, after `clear_export_cache`, or
after a change that touches every claim (renaming a rating or a user). It reads the claims
as an export does and writes only cache rows, in a short transaction per page of 2,000
claims, so reviewers keep working meanwhile. A progress bar shows on a terminal.
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from factcheck.exports import cache
from factcheck.exports.formats import FORMATS
from factcheck.exports.query import STATUS_ALL, ClaimFilter
from factcheck.exports.run import prepare

CACHED_FORMATS = tuple(name for name, fmt in FORMATS.items() if hasattr(fmt, "renderer"))
EVERY_CLAIM = ClaimFilter(status=STATUS_ALL)


class Command(BaseCommand):
    help = "Render and store the JSON Lines and CSV line of every claim that has none current."

    def add_arguments(self, parser):
        parser.add_argument("--format", action="append", choices=CACHED_FORMATS, default=[],
                            help="a line format; repeat for both (default: both)")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.FACTCHECK_EXPORT_CACHE:
            raise CommandError("The export cache is off (FACTCHECK_EXPORT_CACHE=0).")
        if not cache.triggers_installed():
            # Writes made while a trigger was missing were never stamped: lines stored now
            # could be served stale once the triggers are back.
            raise CommandError(
                "The export cache's triggers are missing, so it is off. Rebuild its tables "
                "and triggers (the stored lines are derived data and go): `manage.py migrate "
                "exports zero`, then `manage.py migrate exports`, then run this again."
            )
        short = []
        for name in options["format"] or CACHED_FORMATS:
            fmt = FORMATS[name]
            export = prepare(name, EVERY_CLAIM)
            rendered = cache.fill(
                fmt, EVERY_CLAIM, export.context, progress=export.progress_bar(f"{name}: rendering")
            )
            # Counted, not assumed: a store can fail (the database busy), and the export
            # then carries on without it.
            current = cache.current_lines(fmt, export.context)
            total = export.context.total or 0
            self.stdout.write(
                f"{name}: {rendered:,} lines rendered; {current:,} of {total:,} "
                "claims now have a current line"
            )
            if current < total:
                short.append(f"{name} ({total - current:,})")
        if short:
            # A failed store (logged), or claims changed while the fill ran: either way the
            # next export renders these, and running this again stores them.
            raise CommandError(
                f"Some claims still have no current line: {', '.join(short)}. See the log "
                "for a failed store, and run this again."
            )
