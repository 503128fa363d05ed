"""manage.py demo_closures: closing decisions waiting for the demo supervisor (demo/closures.py).

Made through the decisions services at the present moment, so it runs after the generator (whose
content depends only on its seed) and after synthetic_decisions. Refused when LANTERN_PRODUCTION is
set; re-running does nothing once a closing decision waits.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lantern.demo.closures import add_closure_journeys


class Command(BaseCommand):
    help = "Closing decisions by the demo investigator, waiting for the demo supervisor's sign-off. Demo only."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("demo_closures invents decisions: it is for the demo, never in production.")
        self.stdout.write(f"Closing decisions waiting for the supervisor: {add_closure_journeys()}")
