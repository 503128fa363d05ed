"""The demo-only "Sent messages" page: every e-mail, SMS and letter the service sent (the outbox),
to whom and when, and what the demo's mail catcher received. Not found (404) under production
settings, and not in the navigation there."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from lantern.core.models import User
from lantern.core.roles import Capability, has_capability
from lantern.core.web import current_user, page_view
from lantern.notify import outbox
from lantern.notify.models import CaughtEmail, OutboxMessage
from lantern.notify.transports import message_id

SHOWN = 200


def can_see_sent_messages(user: User) -> bool:
    """The demo's police and staff who hold cases; nobody under production settings."""
    return not settings.PRODUCTION and has_capability(user, Capability.POLICES_FORCE_CASES)


@dataclass(frozen=True)
class SentRow:
    message: OutboxMessage
    to: str
    caught: CaughtEmail | None


def _recipient(message: OutboxMessage) -> str:
    """The address (demo data), except a protected one, which stays masked even here."""
    if message.recipient_protected or message.channel == OutboxMessage.Channel.LETTER:
        return outbox.masked_recipient(message)
    return outbox.recipient_of(message)


@page_view
def sent_messages(request: HttpRequest) -> HttpResponse:
    if settings.PRODUCTION:
        raise Http404("No such page.")
    user = current_user(request)
    if not can_see_sent_messages(user):
        raise PermissionDenied("The demo's sent messages are for police officers and staff who hold cases.")
    messages = list(OutboxMessage.objects.select_related("case").order_by("-recorded_at", "-id")[:SHOWN])
    ids = {message_id(m): m.pk for m in messages if m.channel == OutboxMessage.Channel.EMAIL}
    caught = {c.message_id: c for c in CaughtEmail.objects.filter(message_id__in=list(ids))}
    rows = [SentRow(m, _recipient(m), caught.get(message_id(m))) for m in messages]
    others = CaughtEmail.objects.exclude(message_id__in=list(ids))[:50]
    return render(request, "notify/sent_messages.html", {"rows": rows, "others": others, "shown": SHOWN})
