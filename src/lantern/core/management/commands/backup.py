from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.core import backup


class Command(BaseCommand):
    help = "Back up the database to PATH, with PATH.json (checksum, audit head) beside it (./lantern backup PATH)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            manifest = backup.backup(options["path"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backed up ({manifest.kind}) to {options['path']}: {manifest.size} bytes, sha256 {manifest.sha256[:16]}…, "
            f"audit head entry {manifest.audit_head_id} ({time.monotonic() - started:.1f}s)"
        )
