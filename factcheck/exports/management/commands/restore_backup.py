"""python manage.py restore_backup FILE

Loads a native backup (`export_claims --format native`) into an EMPTY, migrated database,
all or nothing in one transaction, keeping every id. It refuses a database that already
holds users, articles, claims or history. There is no merge mode: ids are the backup's own,
and merging two histories honestly (renumbering every reference, reconciling users and
scales) is a different tool.

Users come back without passwords (the backup never holds password hashes): set one with
`manage.py changepassword USER` before anyone logs in.
"""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from factcheck.exports.native import RestoreError, restore


class Command(BaseCommand):
    help = "Restore a native backup into an empty database (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup file; - reads standard input")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        try:
            if path == "-":
                counts = restore(sys.stdin.buffer)
            else:
                with open(path, "rb") as handle:
                    counts = restore(handle)
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error}") from error
        except RestoreError as error:
            raise CommandError(f"Nothing was restored. {error}") from error
        total = sum(counts.values())
        self.stdout.write(f"Restored {total} rows from {path}:")
        for label, number in counts.items():
            self.stdout.write(f"  {label}: {number}")
        users = counts.get("auth.user", 0)
        self.stdout.write(
            f"The {users} restored user{'s have' if users != 1 else ' has'} no usable password: "
            "set one with `manage.py changepassword USERNAME` before logging in."
        )
