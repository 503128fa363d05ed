"""The orders step of the deadline sweep (subscribed to lantern.victims_code.sweep.SweepEscalating).

An open order duty (a notification the person owes, a review) still open after its due day is
escalated once to the managing officer's supervisor, who gets at most one e-mail a day naming no
person. A missed notification is also a possible offence (s30): the officer decides whether to
record a breach. Set-based per recipient; idempotent.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction

from lantern.notify.escalation import email_counts, service_link
from lantern.orders.models import OrderDuty
from lantern.orders.queries import live_order
from lantern.victims_code.sweep import SweepEscalating

REPORT_LINE = "order duties (notifications, reviews)"


def on_sweep(event: SweepEscalating) -> None:
    """The sweep's hook (subscribed in OrdersConfig.ready())."""
    escalated, _emails = escalate(event.today, event.now)
    if escalated:
        event.counts[REPORT_LINE] += escalated


def escalate(today: dt.date, now: dt.datetime) -> tuple[int, int]:
    """Returns (duties escalated, e-mails queued)."""
    from lantern.victims_code.sweep import supervisors_for

    waiting = OrderDuty.objects.filter(state=OrderDuty.State.OPEN, escalation_level=0, due_on__lt=today).filter(
        live_order(today, "order__")
    )
    owners = set(waiting.values_list("owner_id", flat=True).distinct())
    if not owners:
        return 0, 0
    to_user = supervisors_for(owners)
    total = 0
    per_recipient: Counter[int] = Counter()
    with transaction.atomic():
        for owner_id in owners:
            recipient = to_user.get(owner_id)
            n = waiting.filter(owner_id=owner_id).update(
                escalation_level=1, escalated_to_id=recipient, escalated_at=now
            )
            total += n
            if recipient is not None:
                per_recipient[recipient] += n
    return total, _email(per_recipient, today)


def _email(per_recipient: Counter[int], today: dt.date) -> int:
    link = service_link("orders:register")
    return email_counts(
        per_recipient,
        purpose="escalation",
        key=lambda user_id: f"order-escalation:{user_id}:{today.isoformat()}",
        subject=f"Lantern: overdue order duties escalated to you ({today:%d %B %Y})",
        body=lambda count: (
            f"{count} overdue dut{'y' if count == 1 else 'ies'} on prevention or risk orders "
            f"(missed notifications or reviews) were escalated to you as supervisor today.\n\n"
            f"Sign in to Lantern to see them: {link}\n\nThis e-mail names no person on purpose."
        ),
    )
