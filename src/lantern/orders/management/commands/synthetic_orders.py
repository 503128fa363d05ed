"""manage.py synthetic_orders: prevention and risk orders for GENERATED data (the demo).

Never for real data: refused when LANTERN_PRODUCTION is set. Idempotent (see orders/synthetic.py).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.orders import synthetic


class Command(BaseCommand):
    help = "Make prevention and risk orders for generated cases, at the reference's proportions. Synthetic only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("synthetic_orders invents orders: it is for generated data, never in production.")
        self.stdout.write(f"Orders for generated cases: {synthetic.generate(seed=options['seed'])}")
