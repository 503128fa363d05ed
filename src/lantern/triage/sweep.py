"""The triage step of the deadline sweep (subscribed to lantern.victims_code.sweep.SweepEscalating).

An item still not allocated after its due day (LANTERN_TRIAGE_WORKING_DAYS working days after it
entered the queue, [U]) goes once to the force's modern slavery lead (victims_code's ForceLead,
else the first SPOC: the same rule as overdue Victims' Code duties), who gets at most one e-mail a
day naming no person. Set-based per force; idempotent.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction

from lantern.notify.escalation import email_counts, service_link
from lantern.triage import queue
from lantern.victims_code.sweep import SweepEscalating, leads_for

REPORT_LINE = "untriaged items (to the force's modern slavery lead)"


def on_sweep(event: SweepEscalating) -> None:
    escalated, _emails = escalate(event.today, event.now)
    if escalated:
        event.counts[REPORT_LINE] += escalated


def escalate(today: dt.date, now: dt.datetime) -> tuple[int, int]:
    """Returns (items escalated, e-mails queued)."""
    waiting = queue.open_items().filter(escalated_at__isnull=True, due_on__lt=today)
    forces = set(waiting.values_list("force_id", flat=True).distinct())
    if not forces:
        return 0, 0
    leads = leads_for(forces)
    total = 0
    per_lead: Counter[int] = Counter()
    with transaction.atomic():
        for force_id in forces:
            lead = leads.get(force_id)
            n = (
                queue.open_items(force_id)
                .filter(escalated_at__isnull=True, due_on__lt=today)
                .update(escalated_at=now, escalated_to_id=lead)
            )
            total += n
            if lead is not None:
                per_lead[lead] += n
    return total, _email(per_lead, today)


def _email(per_lead: Counter[int], today: dt.date) -> int:
    link = service_link("triage:queue")
    return email_counts(
        per_lead,
        purpose="triage_escalation",  # apart from Victims' Code escalations
        key=lambda user_id: f"triage-escalation:{user_id}:{today.isoformat()}",
        subject=f"Lantern: untriaged modern slavery items escalated to you ({today:%d %B %Y})",
        body=lambda count: (
            f"{count} item{'' if count == 1 else 's'} in the triage queue "
            f"(new crimes, first responses, NRM referrals) {'was' if count == 1 else 'were'} not "
            "assessed and allocated in time and escalated to you as the force's modern slavery "
            f"lead today.\n\nSign in to Lantern to see them: {link}\n\n"
            "This e-mail names no case or person on purpose."
        ),
    )
