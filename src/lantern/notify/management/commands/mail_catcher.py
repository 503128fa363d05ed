"""`manage.py mail_catcher [--port 1025]`: the demo's local mail catcher (see notify/catcher.py)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lantern.notify import catcher


class Command(BaseCommand):
    help = "Run the demo's local mail catcher: e-mails sent to it appear on the Sent messages page."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=1025)

    def handle(self, *args: Any, **options: Any) -> None:
        smtp = catcher.controller(options["port"])
        smtp.start()
        self.stdout.write(f"Mail catcher listening on 127.0.0.1:{options['port']} (Ctrl-C stops it)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            smtp.stop()
