"""Safeguarding alerts that reach a person: each alert to an officer in charge (an NRM decision
on a person in their case, a change of a victim's or witness's immigration status) is also
e-mailed to them through the durable outbox (decision 0007), not only shown on the Safeguarding
page.

The idempotency key is the thing alerted about (the decision or status event) and the case, so a
retried request, a second call or a retried delivery never sends the same alert twice. The
e-mail names the case reference (the officer needs it to act) but no person.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from lantern.cases.models import Case
from lantern.core.models import User
from lantern.notify import outbox
from lantern.notify.models import OutboxMessage
from lantern.safeguarding.models import SafeguardingAlert
from lantern.safeguarding.services import alert

PURPOSE = "safeguarding_alert"


def alert_key(about: str, about_id: int, case: Case) -> str:
    """The outbox key of an alert: one e-mail per thing alerted about and case."""
    return f"{PURPOSE}:{about}:{about_id}:case:{case.pk}"


def alert_and_email(officer: User, kind: str, message: str, case: Case, *, key: str) -> SafeguardingAlert:
    """Record the alert on the officer's Safeguarding page and queue the e-mail to them, in the
    caller's transaction. An officer with no e-mail address still gets the page alert."""
    row = alert(officer, kind, message, case)
    if officer.email and officer.is_active:
        link = settings.LANTERN_SERVICE_URL.rstrip("/") + reverse("cases:detail", args=[case.pk])
        label = SafeguardingAlert.Kind(kind).label
        outbox.enqueue(
            outbox.NewMessage(
                idempotency_key=key,
                purpose=PURPOSE,
                channel=OutboxMessage.Channel.EMAIL,
                recipient=officer.email,
                subject=f"Lantern: {label.lower()} in case {case.full_reference}",
                body=(
                    f"{message}.\n\n"
                    "You are the officer in charge of this case. Check the victim's or witness's safety and "
                    f"what this means for the investigation: {link}\n\n"
                    "This e-mail names no person on purpose."
                ),
                case=case,
            )
        )
    return row
