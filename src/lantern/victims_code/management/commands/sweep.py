"""./lantern sweep: run the Victims' Code deadline and escalation sweep once, now (or --as-of a missed moment)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.core import clock
from lantern.victims_code.sweep import run_sweep
from lantern.victims_code.tasks import schedule_next


def as_of_moment(value: str) -> dt.datetime:
    """`--as-of`: a date (its start) or a date and time, read as London time."""
    try:
        return clock.parse_clock_setting(value)
    except ImproperlyConfigured as exc:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD or YYYY-MM-DDTHH:MM, not {value!r}") from exc


class Command(BaseCommand):
    help = (
        "Create contact-plan duties that have fallen due, escalate overdue Victims' Code duties, give "
        "victims loaded in bulk their initial duties, and re-queue lost outbox messages. Then make sure "
        "the task worker runs it again every LANTERN_SWEEP_INTERVAL_MINUTES."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--backfill-limit",
            type=int,
            default=20000,
            help="At most this many victims get initial duties per run (0: none)",
        )
        parser.add_argument(
            "--as-of",
            type=as_of_moment,
            default=None,
            metavar="YYYY-MM-DD[THH:MM]",
            help="Run the sweep as of this moment, London time (to re-run a missed sweep); not in the future",
        )
        parser.add_argument("--no-schedule", action="store_true", help="Do not queue the next run in the worker")
        parser.add_argument("--schedule-only", action="store_true", help="Only make sure a run is queued")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["schedule_only"]:
            as_of = options["as_of"]
            if as_of is not None and as_of > clock.now():
                raise CommandError(f"--as-of {as_of:%Y-%m-%d %H:%M} is in the future of the service clock")
            result = run_sweep(as_of, backfill_limit=options["backfill_limit"])
            for line in result.lines():
                self.stdout.write(line)
        if not options["no_schedule"]:
            if schedule_next(at_once=options["schedule_only"]):
                self.stdout.write("the next sweep is queued for the task worker (./lantern worker)")
