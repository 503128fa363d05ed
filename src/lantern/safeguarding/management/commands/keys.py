from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import Progress

from lantern.config import secrets as lantern_secrets
from lantern.core import crypto
from lantern.safeguarding.protected import rotation


class Command(BaseCommand):
    help = (
        "Field keys: `rotate` re-encrypts every protected value under the newest key in LANTERN_FIELD_KEYS "
        "(resumable: run it again after an interruption); `status` counts values not under the newest key; "
        "`new` prints fresh random values for every secret."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rotate", "status", "new"])
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "new":
            for name, value in lantern_secrets.new_values().items():
                self.stdout.write(f"{name}={value}")
            return
        if action == "status":
            stale = rotation.stale_values()
            self.stdout.write(f"{stale} protected values are not under the newest key.")
            return
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        crypto.reset_keys()
        total = rotation.count_rows()
        rewritten = 0
        offset = 0
        seen: dict[str, int] = {}
        try:
            with Progress(transient=True, disable=not self.stdout.isatty()) as progress:
                bar = progress.add_task("Re-encrypting protected details", total=total)
                for step in rotation.rotate_all(options["batch_size"]):
                    seen[step.label] = step.done
                    rewritten = step.rewritten
                    offset = sum(seen.values())
                    progress.update(bar, completed=offset, description=f"Re-encrypting {step.label}")
                    if not self.stdout.isatty():
                        self.stdout.write(
                            f"{step.label}: {step.done}/{step.total} rows, {rewritten} values re-encrypted"
                        )
        except crypto.Undecryptable as exc:
            raise CommandError(
                "A stored value cannot be decrypted with any key in LANTERN_FIELD_KEYS: keep the old key after "
                "the new one until the rotation has finished. Rows done so far stay done; run it again."
            ) from exc
        stale = rotation.stale_values()
        self.stdout.write(
            f"Rotation finished: {offset} rows looked at, {rewritten} values re-encrypted, {stale} left under an "
            "older key." + (" The older keys can now be removed from LANTERN_FIELD_KEYS." if stale == 0 else "")
        )
        if stale:
            raise CommandError(f"{stale} values are still under an older key")
