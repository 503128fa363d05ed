from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.core import backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by ./lantern backup into the configured, empty database, then run audit verify "
        "(./lantern restore PATH)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            manifest = backup.restore(options["path"])
        except backup.BackupError as exc:
            raise CommandError(f"Restore refused: {exc}") from exc
        self.stdout.write(
            f"Restored {manifest.kind} backup of {manifest.created_at} ({time.monotonic() - started:.1f}s); "
            "checking the audit log"
        )
        call_command("audit_verify", "--no-checkpoint", stdout=self.stdout)
