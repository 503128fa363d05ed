"""./lantern sweep: run the Victims' Code deadline and escalation sweep once, now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lantern.victims_code.sweep import run_sweep
from lantern.victims_code.tasks import schedule_next


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
        parser.add_argument("--no-schedule", action="store_true", help="Do not queue the next run in the worker")
        parser.add_argument("--schedule-only", action="store_true", help="Only make sure a run is queued")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["schedule_only"]:
            result = run_sweep(backfill_limit=options["backfill_limit"])
            for line in result.lines():
                self.stdout.write(line)
        if not options["no_schedule"]:
            if schedule_next(at_once=options["schedule_only"]):
                self.stdout.write("the next sweep is queued for the task worker (./lantern worker)")
