"""Background tasks of the notify app (run by ./lantern worker)."""

from __future__ import annotations

from django_tasks import task

from lantern.notify import outbox


@task()
def deliver(message_id: int) -> str:
    """One delivery attempt for an outbox message (it schedules its own retry on failure)."""
    return outbox.attempt(message_id)
