"""How a message leaves the service: small adapters with one method, chosen by settings.

- E-mail: Django's e-mail backend (SMTP by default), or GOV.UK Notify when LANTERN_NOTIFY_API_KEY
  is set (production).
- SMS: GOV.UK Notify only; without it an SMS fails with a message saying so.
- Letters: GOV.UK Notify's precompiled-letter API when configured; otherwise the letter waits for
  the officer to print and deliver it (and record how).

A transport raises TransientError for a failure worth retrying (connection refused, timeout, a
4xx SMTP reply, Notify 429/5xx) and PermanentError for one that will not get better (an address
refused, Notify 400/403). Error text names the kind of failure, never the recipient.
"""

from __future__ import annotations

import hashlib
import io
import smtplib
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from lantern.notify.models import OutboxMessage


class TransientError(Exception):
    """Try again later."""


class PermanentError(Exception):
    """Do not try again: the officer must act (correct the address, choose another channel)."""


@dataclass(frozen=True)
class Sent:
    provider_reference: str = ""


@dataclass(frozen=True)
class Manual:
    """Nothing was sent: a person must deliver it (a letter to print)."""


class Transport(Protocol):
    def send(self, message: OutboxMessage, recipient: str) -> Sent | Manual: ...


def message_id(message: OutboxMessage) -> str:
    """A Message-ID derived from the idempotency key: a resend after a crash carries the same id,
    so a duplicate can be recognised by the receiving system."""
    digest = hashlib.sha256(message.idempotency_key.encode()).hexdigest()[:32]
    return f"<{digest}@lantern.outbox>"


class DjangoEmailTransport:
    def send(self, message: OutboxMessage, recipient: str) -> Sent:
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[recipient],
            headers={"Message-ID": message_id(message)},
            connection=get_connection(fail_silently=False),
        )
        try:
            email.send()
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _text in exc.recipients.values()]
            if codes and all(400 <= code < 500 for code in codes):  # greylisting, mailbox busy
                raise TransientError(f"the mail server deferred the address (SMTP {codes[0]})") from exc
            raise PermanentError(f"the mail server refused the address (SMTP {codes[0] if codes else '?'})") from exc
        except smtplib.SMTPResponseException as exc:
            kind = "refused" if 500 <= exc.smtp_code < 600 else "temporarily refused"
            error = PermanentError if kind == "refused" else TransientError
            raise error(f"the mail server {kind} the message (SMTP {exc.smtp_code})") from exc
        except (TimeoutError, smtplib.SMTPException, OSError) as exc:
            raise TransientError(f"could not reach the mail server ({type(exc).__name__})") from exc
        return Sent(provider_reference=message_id(message))


class NotifyTransport:
    """GOV.UK Notify (notifications-python-client). base_url lets tests use a local stub."""

    def __init__(self, api_key: str, base_url: str) -> None:
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(api_key, base_url=base_url, timeout=20)

    def send(self, message: OutboxMessage, recipient: str) -> Sent:
        from notifications_python_client.errors import APIError

        try:
            if message.channel == OutboxMessage.Channel.EMAIL:
                response = self.client.send_email_notification(
                    email_address=recipient,
                    template_id=settings.LANTERN_NOTIFY_EMAIL_TEMPLATE_ID,
                    personalisation={"subject": message.subject, "body": message.body},
                    reference=message.idempotency_key,
                )
            elif message.channel == OutboxMessage.Channel.SMS:
                response = self.client.send_sms_notification(
                    phone_number=recipient,
                    template_id=settings.LANTERN_NOTIFY_SMS_TEMPLATE_ID,
                    personalisation={"body": message.body},
                    reference=message.idempotency_key,
                )
            else:
                if message.letter is None:
                    raise PermanentError("a letter message has no letter")
                response = self.client.send_precompiled_letter_notification(
                    reference=message.idempotency_key, pdf_file=io.BytesIO(bytes(message.letter.pdf))
                )
        except APIError as exc:
            status = exc.status_code
            if status == 429 or status >= 500:
                raise TransientError(f"GOV.UK Notify is unavailable (HTTP {status})") from exc
            raise PermanentError(f"GOV.UK Notify refused the message (HTTP {status})") from exc
        return Sent(provider_reference=str((response or {}).get("id", "")))


class SmsNotConfigured:
    def send(self, message: OutboxMessage, recipient: str) -> Sent:
        raise PermanentError("SMS needs GOV.UK Notify, which is not configured here (LANTERN_NOTIFY_API_KEY)")


class ManualLetters:
    def send(self, message: OutboxMessage, recipient: str) -> Manual:
        return Manual()


def notify_configured() -> bool:
    return bool(settings.LANTERN_NOTIFY_API_KEY)


def transport_for(channel: str) -> Transport:
    """The transport for a channel, as the settings choose."""
    if notify_configured():
        return NotifyTransport(settings.LANTERN_NOTIFY_API_KEY, settings.LANTERN_NOTIFY_BASE_URL)
    if channel == OutboxMessage.Channel.EMAIL:
        return DjangoEmailTransport()
    if channel == OutboxMessage.Channel.SMS:
        return SmsNotConfigured()
    return ManualLetters()
