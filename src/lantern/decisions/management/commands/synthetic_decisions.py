"""manage.py synthetic_decisions: decision records for GENERATED data (benchmarks, demo).

Never for real cases: it invents decisions behind the generated closures. Refused when
LANTERN_PRODUCTION is set. Idempotent: cases that already have decisions are skipped.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.decisions import synthetic


class Command(BaseCommand):
    help = "Derive decision records (closures, sign-offs, review rights, tasks) for generated cases. Synthetic only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("synthetic_decisions invents history: it is for generated data, never in production.")
        self.stdout.write(f"Decisions for generated cases: {synthetic.derive(seed=options['seed'])}")
