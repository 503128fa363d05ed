"""The sweep as a background task that schedules its own next run (./lantern worker)."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from lantern.core import jobs

logger = logging.getLogger(__name__)


@task()
def scheduled_sweep() -> list[str]:
    """Run the sweep, then queue the next run. The next run is queued even if this one failed."""
    from lantern.victims_code.sweep import run_sweep

    try:
        result = run_sweep()
        logger.info("sweep: %s", "; ".join(result.lines()))
        return result.lines()
    finally:
        schedule_next()


def sweep_is_scheduled() -> bool:
    """True if a run of the sweep is waiting in the task queue (database backend only)."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - another task backend
        return False
    return DBTaskResult.objects.filter(task_path=scheduled_sweep.module_path, status="READY").exists()


def schedule_next(now: dt.datetime | None = None, *, at_once: bool = False) -> bool:
    """Queue the next run (in LANTERN_SWEEP_INTERVAL_MINUTES, or at once) unless one is already
    waiting. Returns True if it queued one."""
    if sweep_is_scheduled():
        return False
    delay = dt.timedelta(0) if at_once else dt.timedelta(minutes=settings.LANTERN_SWEEP_INTERVAL_MINUTES)
    run_after = (now or timezone.now()) + delay
    jobs.enqueue(scheduled_sweep, run_after=run_after, on_commit=False)
    return True
