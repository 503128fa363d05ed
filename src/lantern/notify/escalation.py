"""The escalation e-mail every sweep step sends: one message per recipient and day, a count and a
link, naming no case or person. The Victims' Code sweep, decisions' review tasks, orders and triage
all call `email_counts` with their own key, purpose and words."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from lantern.core.models import User
from lantern.notify import outbox


def service_link(url_name: str) -> str:
    """The absolute address of a page of the service (for a message that leaves it)."""
    return settings.LANTERN_SERVICE_URL.rstrip("/") + reverse(url_name)


def email_counts(
    per_recipient: Mapping[int, int],
    *,
    purpose: str,
    key: Callable[[int], str],
    subject: str,
    body: Callable[[int], str],
) -> int:
    """Queue one e-mail to each active recipient with an address, saying how many items were
    escalated to them (`body(count)`); `key(user_id)` is the message's idempotency key, so a
    re-run of the sweep never sends one twice. Returns how many messages were newly queued."""
    if not per_recipient:
        return 0
    emails = dict(
        User.objects.filter(pk__in=list(per_recipient), is_active=True).exclude(email="").values_list("pk", "email")
    )
    queued = 0
    for user_id, count in per_recipient.items():
        address = emails.get(user_id)
        if not address:
            continue
        with transaction.atomic():
            _message, created = outbox.enqueue(
                outbox.NewMessage(
                    idempotency_key=key(user_id),
                    purpose=purpose,
                    channel="email",
                    recipient=address,
                    subject=subject,
                    body=body(count),
                )
            )
        queued += int(created)
    return queued
