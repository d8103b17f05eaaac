"""python manage.py export_openapi [-o PATH]: writes the API's OpenAPI document, as
/api/v1/openapi.json serves it, to factcheck/api/openapi.json (`make openapi`), where
tests/api/test_openapi.py checks that it is current."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from factcheck.api import openapi


class Command(BaseCommand):
    help = "Write the API's OpenAPI document (default: the committed factcheck/api/openapi.json)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("-o", "--output", type=Path, default=openapi.COMMITTED)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["output"]
        path.write_text(openapi.current(), encoding="utf-8")
        self.stdout.write(f"Wrote {path}")
