"""manage.py stats --period 2026-Q3 --format csv|ods|json [--output PATH] [--force CODE ...]

The publication (lantern.oversight.publication): tables shaped like the Home Office's, with a
data-quality note, small numbers suppressed. To standard output unless --output is given (ODS,
being binary, needs --output or a redirected standard output). Bad input exits with status 2 and a
message naming the field (period, force, format)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.core.clock import today
from lantern.oversight import dashboard, publication
from lantern.oversight.filters import FilterError, build_filter


class Command(BaseCommand):
    help = "Publish the modern slavery statistics for a period as CSV, ODS or JSON, small numbers suppressed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="a quarter (2026-Q3), a month (2026-07) or a year (2026)")
        parser.add_argument("--format", dest="fmt", default="csv", help="csv, ods or json")
        parser.add_argument("--output", default="", help="write to this file instead of standard output")
        parser.add_argument("--force", dest="forces", action="append", default=[], help="a force code (repeatable)")

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = str(options["fmt"]).lower()
        if fmt not in publication.FORMATS:
            raise CommandError(f"format: “{fmt}” is not a format: use csv, ods or json", returncode=2)
        try:
            flt = build_filter(period=options["period"], today=today(), forces=options["forces"])
        except FilterError as exc:
            raise CommandError(f"{exc.field}: {exc.message}", returncode=2) from exc
        if not dashboard.has_data(flt):
            raise CommandError(f"period: there are no records for {flt.describe()}: nothing to publish", returncode=2)
        content = publication.render(flt, fmt)
        if options["output"]:
            Path(options["output"]).write_bytes(content)
            self.stderr.write(f"Wrote {options['output']} ({len(content):,} bytes)")
        elif fmt == "ods" and sys.stdout.isatty():
            raise CommandError("output: ODS is binary: give --output PATH or redirect standard output", returncode=2)
        elif fmt == "ods":
            sys.stdout.flush()
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
        else:
            self.stdout.write(content.decode("utf-8"), ending="")
