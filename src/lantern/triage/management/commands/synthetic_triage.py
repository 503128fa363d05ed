"""manage.py synthetic_triage: triage items and officers' training for GENERATED data (the demo).

Never for real data: refused when LANTERN_PRODUCTION is set. Idempotent (see triage/synthetic.py).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.triage import synthetic


class Command(BaseCommand):
    help = "Put generated crimes and referrals in the triage queues and give officers training records. Synthetic only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("synthetic_triage invents records: it is for generated data, never in production.")
        self.stdout.write(f"Triage for generated data: {synthetic.generate(seed=options['seed'])}")
