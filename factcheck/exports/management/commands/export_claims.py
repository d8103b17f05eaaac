"""python manage.py export_claims --format FMT [--article ID ...] [--status S] [--rating SLUG]
[--reviewer NAME] [--decided-from DATE] [--decided-to DATE] [--tag T] [-o FILE] [--bom]

Streams the export to FILE (written beside as FILE.part, renamed when complete, so a failed
run leaves no half file) or to standard output. The manifest goes to FILE.manifest.json, or
as a summary to standard error when writing to standard output. A progress bar shows on
standard error when it is a terminal. `--format native` writes the full backup that
`restore_backup` loads (it takes no filters).
"""

import datetime as dt
import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from factcheck.claims.models import Claim
from factcheck.exports.formats import FORMATS
from factcheck.exports.forms import status_error
from factcheck.exports.native import snapshot
from factcheck.exports.query import STATUS_ALL, ClaimFilter
from factcheck.exports.run import NATIVE, Export, prepare

FILTER_OPTIONS = ("article", "rating", "reviewer", "decided_from", "decided_to", "tag")


def parse_day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{value!r} is not a date (YYYY-MM-DD)") from error


class Command(BaseCommand):
    help = "Export claims (or, with --format native, everything) to a file or standard output."

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=[*FORMATS, NATIVE])
        parser.add_argument("--article", type=int, action="append", default=[], metavar="ID",
                            help="an article id; repeat for several (default: all)")  # fmt: skip
        statuses = [STATUS_ALL, *Claim.Status.values]
        parser.add_argument("--status", default=Claim.Status.VERIFIED, choices=statuses)
        parser.add_argument("--rating", default="", help="the verdict's rating slug")
        parser.add_argument("--reviewer", default="", help="claims this username reviewed")
        parser.add_argument("--decided-from", default="", metavar="YYYY-MM-DD")
        parser.add_argument("--decided-to", default="", metavar="YYYY-MM-DD")
        parser.add_argument("--tag", default="")
        parser.add_argument("-o", "--output", default="", metavar="FILE",
                            help="write here (default: standard output)")  # fmt: skip
        parser.add_argument("--bom", action="store_true", help="CSV: start with a UTF-8 BOM")

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = options["format"]
        claim_filter = self.claim_filter(fmt, options)
        output = options["output"]
        with snapshot():
            export = prepare(fmt, claim_filter, bom=options["bom"])
            if output:
                self.write_file(export, Path(output))
            else:
                stream = getattr(self.stdout._out, "buffer", None)
                for chunk in export.chunks(export.progress_bar()):
                    if stream is not None:
                        stream.write(chunk)
                    else:
                        self.stdout._out.write(chunk.decode())
                if stream is not None:
                    stream.flush()
        self.report(export, output)

    def claim_filter(self, fmt: str, options: dict[str, Any]) -> ClaimFilter:
        if fmt == NATIVE:
            given = [name for name in FILTER_OPTIONS if options[name]]
            if given or options["status"] != Claim.Status.VERIFIED:
                raise CommandError("The native backup holds everything: it takes no filters.")
            return ClaimFilter()
        error = status_error(fmt, options["status"])
        if error:
            raise CommandError(error)
        since = parse_day(options["decided_from"]) if options["decided_from"] else None
        until = parse_day(options["decided_to"]) if options["decided_to"] else None
        return ClaimFilter(
            articles=tuple(sorted(set(options["article"]))),
            status=options["status"],
            rating=options["rating"],
            reviewer=options["reviewer"],
            decided_from=since,
            decided_to=until,
            tag=options["tag"],
        )

    def write_file(self, export: Export, path: Path) -> None:
        partial = path.with_name(path.name + ".part")
        try:
            with partial.open("wb") as handle:
                for chunk in export.chunks(export.progress_bar()):
                    handle.write(chunk)
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        path.with_name(path.name + ".manifest.json").write_text(
            export.manifest.to_json(), encoding="utf-8"
        )

    def report(self, export: Export, output: str) -> None:
        manifest = export.manifest
        line = (
            f"{export.format_name}: {manifest.exported} exported, {len(manifest.skipped)} left "
            f"out, {len(manifest.warnings)} warnings"
        )
        if export.format_name == NATIVE:
            line = f"native backup: {manifest.exported} claims and everything around them"
        if output:
            line += f"; wrote {output} and {output}.manifest.json"
        self.stderr.write(line)
        if not output:
            for code, number in sorted(manifest.as_dict()["counts"]["skipped"].items()):
                self.stderr.write(f"  left out ({code}): {number}")
            for code, number in sorted(manifest.as_dict()["counts"]["warnings"].items()):
                self.stderr.write(f"  warning ({code}): {number}")
