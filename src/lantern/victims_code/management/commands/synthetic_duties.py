"""manage.py synthetic_duties: a Victims' Code history for GENERATED data (demo, benchmarks).

Never for real cases: it invents that duties were met when the generated timeline shows a contact.
Refused when LANTERN_PRODUCTION is set. Idempotent: victims who already have duties are skipped.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.core import bulk
from lantern.victims_code import synthetic


class Command(BaseCommand):
    help = "Derive a Victims' Code history (duties, plans, updates) for generated cases. Synthetic data only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("synthetic_duties invents history: it is for generated data, never in production.")
        totals = synthetic.derive(seed=options["seed"])
        bulk.analyze()  # the planner's statistics for the duties just loaded (issue 13)
        self.stdout.write(
            f"Victims' Code history for {totals.victims} victims in {totals.cases} cases: {totals.duties} duties, "
            f"{totals.updates} updates, {totals.plans} contact plans"
        )
