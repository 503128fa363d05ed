"""manage.py generate --scale demo|force|national --seed N [--today YYYY-MM-DD] [--if-empty]

Fills an empty database with synthetic data (lantern.demo.generator). The same seed and --today
give identical content.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from lantern.cases.models import Case
from lantern.demo.generator import SCALES, generate
from lantern.demo.staff import GenerationRefused


class RichProgress:
    """One progress bar per stage, with its count and elapsed time."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task: TaskID | None = None

    def stage(self, name: str, total: int) -> None:
        if self.task is not None:
            self.progress.update(self.task, completed=self.progress.tasks[-1].total)
        self.task = self.progress.add_task(name, total=total)

    def advance(self, amount: int = 1) -> None:
        if self.task is not None:
            self.progress.advance(self.task, amount)


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date like 2025-03-31: {value!r}") from exc


class Command(BaseCommand):
    help = "Generate synthetic data: --scale demo (300 cases), force (3,000 in one force) or national (100,000)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", choices=list(SCALES), default="demo", help="demo, force or national (tiny is for tests)"
        )
        parser.add_argument("--seed", type=int, default=1, help="same seed and --today, same data (default 1)")
        parser.add_argument(
            "--today",
            type=_date,
            default=None,
            help="anchor date, YYYY-MM-DD: generated times fall before it (default: today)",
        )
        parser.add_argument("--force", dest="force_code", default="WMP", help="force code for --scale force")
        parser.add_argument("--cases", type=int, default=None, help="override the number of cases of the scale")
        parser.add_argument("--if-empty", action="store_true", help="do nothing if the database already has cases")
        parser.add_argument("--no-progress", action="store_true", help="no progress bars")

    def handle(self, *args: Any, **options: Any) -> None:
        existing = Case.objects.count()
        if existing:
            if options["if_empty"]:
                self.stdout.write(f"The database already has {existing:,} cases; nothing generated.")
                return
            raise CommandError(
                f"The database already has {existing:,} cases. Generate into an empty database "
                "(or pass --if-empty to skip)."
            )
        cases = options["cases"]
        if cases is not None and cases < 1:
            raise CommandError("--cases must be at least 1")
        console = Console(stderr=True)
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console, disable=bool(options["no_progress"])) as bar:
            try:
                result = generate(
                    str(options["scale"]),
                    seed=int(options["seed"]),
                    today=options["today"],
                    cases=cases,
                    force_code=str(options["force_code"]).upper(),
                    progress=RichProgress(bar),
                )
            except GenerationRefused as exc:
                raise CommandError(str(exc)) from exc
        table = Table(title=f"Scale {result.scale}, seed {result.seed}, --today {result.today.isoformat()}")
        table.add_column("rows")
        table.add_column("count", justify="right")
        for name, count in result.counts.items():
            table.add_row(name, f"{count:,}")
        out = Console(file=cast(IO[str], self.stdout._out), width=100)
        out.print(table)
        stages = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in result.stages.items())
        out.print(f"Took {result.seconds:.1f} s ({stages}).")
        if result.scale in ("tiny", "demo"):
            out.print("Demo sign-ins: manage.py demo_signins")
