"""python manage.py clear_export_cache

Empties the rendered-claim cache of the JSON Lines and CSV exports (exports/cache.py), for
instance to give back its disk space. Nothing is lost: the next export renders every claim
again and stores the lines anew (FACTCHECK_EXPORT_CACHE=0 stops it storing them).
"""

from typing import Any

from django.core.management.base import BaseCommand

from factcheck.exports import cache


class Command(BaseCommand):
    help = "Empty the rendered-claim cache of the line exports (it refills on the next export)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"removed {cache.clear():,} rendered claim lines")
