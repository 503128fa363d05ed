"""manage.py synthetic_safeguarding: safeguarding records for GENERATED data (demo, benchmarks).

An interpreter register, bookings, protected details, section 45 considerations, Home Office
sharing entries and NRM decisions (lantern.safeguarding.synthetic). Refused in production;
idempotent (does nothing once an interpreter register exists).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.safeguarding import synthetic


class Command(BaseCommand):
    help = "Add synthetic safeguarding records to generated cases. Synthetic data only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("synthetic_safeguarding invents records: it is for generated data, never production.")
        t = synthetic.derive(seed=options["seed"])
        self.stdout.write(
            f"Safeguarding: {t.interpreters} interpreters, {t.bookings} bookings, {t.protected} protected details, "
            f"{t.considerations} section 45 considerations, {t.shares} Home Office sharing entries, "
            f"{t.decisions} NRM decisions"
        )
