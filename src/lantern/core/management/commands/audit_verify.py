from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.progress import Progress

from lantern.core import audit
from lantern.core.models import AuditEntry


class Command(BaseCommand):
    help = "Check the audit log's hash chain; report the first broken link (./lantern audit verify)."

    def handle(self, *args: Any, **options: Any) -> None:
        total = AuditEntry.objects.count()
        checked = 0
        with Progress(transient=True) as progress:
            bar = progress.add_task("Verifying audit log", total=total)
            for step in audit.verify():
                if isinstance(step, audit.ChainBreak):
                    raise CommandError(f"Audit log broken at entry {step.entry_id}: {step.problem}.")
                checked = step
                progress.update(bar, completed=checked)
        self.stdout.write(f"Audit log intact: {checked} entries, every link checked.")
