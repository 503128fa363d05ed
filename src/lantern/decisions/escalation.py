"""Overdue review tasks on closed cases are escalated by the sweep like any overdue duty.

New information on a closed case, and a positive conclusive grounds decision on a person in one,
open a review task for a named officer with a due date (reviews.record_new_information). A task
still not reviewed after that date goes to the officer's supervisor (the same choice as for
duties: victims_code.sweep.supervisors_for) with one e-mail per supervisor and day, naming no
case or person. Set-based and idempotent: a task is escalated once (`escalated_at`).
"""

from __future__ import annotations

from collections import Counter

from django.db import transaction

from lantern.decisions.models import NewInformation
from lantern.notify.escalation import email_counts, service_link
from lantern.victims_code.sweep import SweepEscalating, supervisors_for

PURPOSE = "review_task_escalation"
COUNT_NAME = "review tasks on closed cases"


def escalate_overdue_review_tasks(event: SweepEscalating) -> None:
    """The sweep's hook (subscribed in apps.py)."""
    overdue = NewInformation.objects.filter(reviewed_at__isnull=True, escalated_at__isnull=True, due_on__lt=event.today)
    owners = dict(overdue.values_list("pk", "review_officer_id"))
    if not owners:
        return
    to_user = supervisors_for(set(owners.values()))
    per_recipient: Counter[int] = Counter()
    with transaction.atomic():
        for officer_id in set(owners.values()):
            supervisor = to_user.get(officer_id)
            tasks = [pk for pk, owner in owners.items() if owner == officer_id]
            NewInformation.objects.filter(pk__in=tasks, escalated_at__isnull=True).update(
                escalated_at=event.now, escalated_to_id=supervisor
            )
            if supervisor is not None:
                per_recipient[supervisor] += len(tasks)
        _email(per_recipient, event)
    event.counts[COUNT_NAME] += len(owners)


def _email(per_recipient: Counter[int], event: SweepEscalating) -> None:
    link = service_link("decisions:work")
    email_counts(
        per_recipient,
        purpose=PURPOSE,
        key=lambda user_id: f"{PURPOSE}:{user_id}:{event.today.isoformat()}",
        subject=f"Lantern: overdue review tasks on closed cases escalated to you ({event.today:%d %B %Y})",
        body=lambda count: (
            f"{count} review task{' is' if count == 1 else 's are'} on closed cases "
            f"{'is' if count == 1 else 'are'} past {'its' if count == 1 else 'their'} due date "
            "and escalated to you, as supervisor, today.\n\n"
            "New information (or a positive conclusive grounds decision) was received after the case "
            f"was closed and nobody has reviewed it yet. Sign in to Lantern to see them: {link}\n\n"
            "This e-mail names no case or person on purpose."
        ),
    )
