"""Background tasks of core (run by ./lantern worker): the audit chainer, which queues its own
next run every LANTERN_AUDIT_CHAIN_SECONDS (decision 0026)."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from lantern.core import audit, jobs

logger = logging.getLogger(__name__)

# Finished runs of the chainer older than this are removed by the next run (one every few
# seconds would otherwise fill the task table).
KEEP_FINISHED = dt.timedelta(hours=1)


@task()
def chain_audit_log() -> int:
    """Chain the entries written since the last run; skip if another chainer holds the lock. The
    next run is queued even if this one failed."""
    try:
        done = audit.chain(wait=False)
        if done:
            logger.info("audit: chained %s entries", done)
        return done
    finally:
        _prune_finished()
        schedule_chain()


def _prune_finished() -> None:
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - KEEP_FINISHED
    DBTaskResult.objects.filter(
        task_path=chain_audit_log.module_path, finished_at__lt=cutoff, status__in=["SUCCESSFUL", "FAILED"]
    ).delete()


def chain_is_scheduled() -> bool:
    """True if a run of the chainer is waiting in the task queue (database backend)."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=chain_audit_log.module_path, status="READY").exists()


def schedule_chain(*, at_once: bool = False) -> bool:
    """Queue the next run (in LANTERN_AUDIT_CHAIN_SECONDS, or at once) unless one is waiting.
    Returns True if it queued one."""
    if chain_is_scheduled():
        return False
    delay = dt.timedelta(0) if at_once else dt.timedelta(seconds=settings.LANTERN_AUDIT_CHAIN_SECONDS)
    jobs.enqueue(chain_audit_log, run_after=timezone.now() + delay, on_commit=False)
    return True
