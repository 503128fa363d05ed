"""The demo's local mail catcher: an SMTP server (aiosmtpd) on 127.0.0.1 that stores every e-mail
it receives as a CaughtEmail, for the demo-only "Sent messages" page (notify/views.py). The demo's
e-mail settings point at it (`./lantern demo`), so a newcomer sees escalations and updates
arrive instead of "could not reach the mail server". Refused under production settings."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import Message
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from lantern.core import clock
from lantern.notify.models import CaughtEmail


def refuse_in_production() -> None:
    if getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured("The demo mail catcher does not run under production settings.")


def _text_of(message: Message) -> str:
    part = next((p for p in message.walk() if p.get_content_type() == "text/plain"), message)
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        return payload.decode(part.get_content_charset() or "utf-8", errors="replace")
    return str(part.get_payload())


def store(mail_from: str, recipients: list[str], raw: bytes) -> CaughtEmail:
    message = message_from_bytes(raw, policy=policy.default)  # unfolds long headers
    return CaughtEmail.objects.create(
        message_id=str(message.get("Message-ID", "")).strip()[:255],
        mail_from=mail_from[:255],
        recipients="\n".join(recipients),
        subject=str(message.get("Subject", ""))[:255],
        body=_text_of(message),
        received_at=clock.now(),
    )


class CatchingHandler:
    """aiosmtpd handler: accept every recipient, store every message."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        raw = envelope.original_content or envelope.content
        await sync_to_async(store, thread_sensitive=False)(envelope.mail_from, list(envelope.rcpt_tos), raw)
        return "250 Message accepted for delivery"


def controller(port: int, hostname: str = "127.0.0.1") -> Any:
    """An aiosmtpd Controller for the catcher (start() it; stop() it). aiosmtpd is imported here so
    that nothing else in the service needs it."""
    refuse_in_production()
    from aiosmtpd.controller import Controller

    return Controller(CatchingHandler(), hostname=hostname, port=port)
