"""The one wrapper over Django's task API (django-tasks, database backend): enqueueing after the
transaction commits, delays, and the retry backoff, in one place.

Tasks run in `./lantern worker` (manage.py db_worker). Tests run tasks only when they ask to: they
call the task's function directly, or run `db_worker --batch` themselves.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(task: Any, *args: Any, run_after: dt.datetime | None = None, on_commit: bool = True) -> None:
    """Queue `task(*args)`, after the current transaction commits (so the worker sees the rows the
    task needs, and nothing is queued for a change that was rolled back), optionally not before
    `run_after`. Arguments must be JSON values (ids, not objects)."""

    def go() -> None:
        runner = task.using(run_after=run_after) if run_after is not None else task
        runner.enqueue(*args)

    if on_commit:
        transaction.on_commit(go)
    else:
        go()


def backoff(attempt: int, base_seconds: int, cap_seconds: int) -> dt.timedelta:
    """Exponential backoff: the wait after the `attempt`-th failure (1-based) is base * 2^(attempt-1),
    never more than the cap."""
    if attempt < 1:
        raise ValueError("attempt counts from 1")
    seconds = min(cap_seconds, base_seconds * 2 ** min(attempt - 1, 30))
    return dt.timedelta(seconds=seconds)
