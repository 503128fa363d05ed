"""The sweep as a background task that schedules its own next run (./lantern worker)."""

from __future__ import annotations

import datetime as dt
import logging
import time

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
        # The dashboards' Victims' Code figures, recalculated after the duties changed (decision
        # 0028); a task of its own, so that the sweep's time stays the sweep's.
        jobs.enqueue(refresh_figures, on_commit=False)
        return result.lines()
    finally:
        schedule_next()


@task()
def refresh_figures() -> str:
    """Recalculate the Victims' Code figures of the months the dashboards keep."""
    from lantern.core.clock import now
    from lantern.victims_code import figures

    started = time.perf_counter()
    months = figures.refresh(now())
    line = f"Victims' Code figures recalculated for {months} months in {time.perf_counter() - started:.1f} s"
    logger.info("figures: %s", line)
    return line


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
