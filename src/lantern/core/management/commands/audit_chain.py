from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lantern.core import audit
from lantern.core.tasks import schedule_chain


class Command(BaseCommand):
    help = (
        "Chain the audit entries written since the last run (./lantern audit chain): each gets its position "
        "and its chain HMAC, in the order written, under the chainer's lock (decision 0026). The task worker "
        "does this every LANTERN_AUDIT_CHAIN_SECONDS; --schedule-only queues that task instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=1000, help="entries per transaction (default 1000)")
        parser.add_argument(
            "--schedule-only", action="store_true", help="queue the worker's periodic chaining (at once) and exit"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule_only"]:
            queued = schedule_chain(at_once=True)
            self.stdout.write("Audit chaining queued for the task worker." if queued else "Already queued.")
            return
        if options["batch_size"] < 1:
            self.stderr.write("--batch-size must be at least 1")
            raise SystemExit(2)
        started = time.monotonic()
        done = audit.chain(options["batch_size"])
        seq, _ = audit.chained_head()
        self.stdout.write(
            f"Chained {done} entries in {time.monotonic() - started:.1f}s; the chain holds {seq}; "
            f"{audit.unchained().count} written since are waiting."
        )
