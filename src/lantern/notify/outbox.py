"""The durable outbox: every message the service sends goes through here.

1. `enqueue` writes the message in the caller's transaction, under a unique idempotency key: a
   second request for the same key (a double click, a retried request, a sweep run twice) gets
   the existing message back, so the same thing is never queued twice.
2. After the commit, a task (`lantern.notify.tasks.deliver`) makes one attempt. The attempt first
   claims the message with a conditional UPDATE (pending or retrying, and due), so two workers
   never send it at once.
3. A transient failure schedules the next attempt with exponential backoff; after the last
   attempt, or on a permanent failure, the message is marked failed and the purpose's handler is
   told (the officer then sees it on the case). A message is never deleted.
4. The sweep calls `recover`: a message whose task was lost is queued again, and one stuck in
   "sending" (a worker died mid-attempt) goes back to retrying. That makes delivery at least once;
   the Message-ID and Notify reference derived from the key let a receiver spot the one duplicate
   a crash at the wrong moment can cause.

Handlers are registered per purpose by the app that owns the message (see apps.py of
victims_code), so this app knows nothing about duties.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from lantern.cases.models import Case
from lantern.core import crypto, jobs
from lantern.core.models import User
from lantern.notify.models import Letter, LetterDelivery, OutboxMessage
from lantern.notify.transports import Manual, PermanentError, TransientError, Transport, transport_for

logger = logging.getLogger(__name__)
State = OutboxMessage.State
CLAIMABLE = (State.PENDING, State.RETRYING)


def stuck_after() -> dt.timedelta:
    """A message still "sending" this long after its attempt began was abandoned by a dead worker."""
    return dt.timedelta(seconds=settings.LANTERN_OUTBOX_STUCK_SECONDS)


def lost_after() -> dt.timedelta:
    """A due message not attempted this long after it was due has lost its task: queue it again."""
    return dt.timedelta(seconds=settings.LANTERN_OUTBOX_LOST_SECONDS)


class Handler(Protocol):
    def on_sent(self, message: OutboxMessage, at: dt.datetime) -> None: ...

    def on_failed(self, message: OutboxMessage) -> None: ...


_HANDLERS: dict[str, Handler] = {}


def register_handler(purpose: str, handler: Handler) -> None:
    _HANDLERS[purpose] = handler


@dataclass(frozen=True)
class NewMessage:
    idempotency_key: str
    purpose: str
    channel: str
    recipient: str = ""
    subject: str = ""
    body: str = ""
    case: Case | None = None
    letter: Letter | None = None
    recipient_protected: bool = False
    recorded_by: User | None = None


def enqueue(new: NewMessage) -> tuple[OutboxMessage, bool]:
    """Add a message, or return the one already queued under the same key. Returns (message,
    created). Delivery is scheduled when the surrounding transaction commits."""
    if new.channel not in OutboxMessage.Channel.values:
        raise ValueError(f"unknown channel {new.channel!r}")
    existing = OutboxMessage.objects.filter(idempotency_key=new.idempotency_key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                idempotency_key=new.idempotency_key,
                purpose=new.purpose,
                channel=new.channel,
                recipient_ciphertext=crypto.encrypt(new.recipient) if new.recipient else "",
                recipient_protected=new.recipient_protected,
                subject=new.subject[:200],
                body=new.body,
                case=new.case,
                letter=new.letter,
                recorded_by=new.recorded_by,
            )
    except IntegrityError:  # the same key queued at the same moment by another request
        return OutboxMessage.objects.get(idempotency_key=new.idempotency_key), False
    _schedule(message.pk)
    return message, True


def _schedule(message_id: int, run_after: dt.datetime | None = None) -> None:
    from lantern.notify.tasks import deliver

    jobs.enqueue(deliver, message_id, run_after=run_after)


def recipient_of(message: OutboxMessage) -> str:
    """The decrypted recipient, for the transport only: never for a page or a log."""
    return crypto.decrypt(message.recipient_ciphertext)


def masked_recipient(message: OutboxMessage) -> str:
    """What a page may show of the recipient: nothing for a protected one, a hint otherwise."""
    if message.channel == OutboxMessage.Channel.LETTER:
        return "letter"
    if message.recipient_protected:
        return "protected contact details"
    value = recipient_of(message)
    if message.channel == OutboxMessage.Channel.EMAIL and "@" in value:
        local, _, domain = value.partition("@")
        return f"{local[:1]}…@{domain}"
    return f"…{value[-3:]}" if len(value) > 3 else "…"


def attempt(message_id: int, *, transport: Transport | None = None, now: dt.datetime | None = None) -> str:
    """One delivery attempt. Returns what happened: skipped (not due, or someone else has it),
    sent, manual (a letter to deliver by hand), retrying or failed."""
    now = now or timezone.now()
    claimed = OutboxMessage.objects.filter(pk=message_id, state__in=CLAIMABLE, next_attempt_at__lte=now).update(
        state=State.SENDING, attempts=F("attempts") + 1, last_attempt_at=now
    )
    if not claimed:
        return "skipped"
    message = OutboxMessage.objects.select_related("letter").get(pk=message_id)
    transport = transport or transport_for(message.channel)
    try:
        outcome = transport.send(message, recipient_of(message))
    except TransientError as exc:
        return _failed_attempt(message, str(exc), now, permanent=False)
    except PermanentError as exc:
        return _failed_attempt(message, str(exc), now, permanent=True)
    except Exception as exc:  # a bug in a transport: keep the message, retry, and say what broke
        logger.exception("outbox message %s: unexpected error in the transport", message.pk)
        return _failed_attempt(message, f"unexpected error ({type(exc).__name__})", now, permanent=False)
    if isinstance(outcome, Manual):
        OutboxMessage.objects.filter(pk=message.pk).update(state=State.MANUAL, last_error="")
        logger.info("outbox message %s: letter waiting to be delivered by hand", message.pk)
        return "manual"
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk).update(
            state=State.SENT, sent_at=now, provider_reference=outcome.provider_reference[:120], last_error=""
        )
        message.refresh_from_db()
        handler = _HANDLERS.get(message.purpose)
        if handler is not None:
            handler.on_sent(message, now)
    logger.info("outbox message %s sent on attempt %s", message.pk, message.attempts)
    return "sent"


def _failed_attempt(message: OutboxMessage, error: str, now: dt.datetime, *, permanent: bool) -> str:
    error = error[:255]
    if not permanent and message.attempts < settings.LANTERN_OUTBOX_MAX_ATTEMPTS:
        wait = jobs.backoff(
            message.attempts, settings.LANTERN_OUTBOX_BACKOFF_SECONDS, settings.LANTERN_OUTBOX_MAX_BACKOFF_SECONDS
        )
        OutboxMessage.objects.filter(pk=message.pk).update(
            state=State.RETRYING, next_attempt_at=now + wait, last_error=error
        )
        _schedule(message.pk, run_after=now + wait)
        logger.warning(
            "outbox message %s: attempt %s failed (%s); next in %s", message.pk, message.attempts, error, wait
        )
        return "retrying"
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk).update(state=State.FAILED, last_error=error)
        message.refresh_from_db()
        handler = _HANDLERS.get(message.purpose)
        if handler is not None:
            handler.on_failed(message)
    logger.warning("outbox message %s failed after %s attempt(s): %s", message.pk, message.attempts, error)
    return "failed"


def retry(message: OutboxMessage, actor: User) -> OutboxMessage:
    """Try a failed message again (after the address was corrected, say): a fresh set of attempts."""
    if message.state != State.FAILED:
        raise ValueError("only a failed message can be tried again")
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk, state=State.FAILED).update(
            state=State.PENDING, attempts=0, next_attempt_at=timezone.now(), last_error=""
        )
        _schedule(message.pk)
    message.refresh_from_db()
    return message


DELIVERABLE_BY_HAND = (State.MANUAL, State.PENDING, State.RETRYING)


def mark_delivered(
    message: OutboxMessage, *, method: str, at: dt.datetime, actor: User, note: str = ""
) -> LetterDelivery:
    """A letter was delivered by hand or post (the worker may not even have looked at it yet):
    record how, and tell the purpose's handler (for an update to a victim, that meets the duties).
    Raises ValueError if it is not a letter or its delivery was already recorded."""
    if message.channel != OutboxMessage.Channel.LETTER or message.letter_id is None:
        raise ValueError("only a letter can be marked delivered")
    if method not in LetterDelivery.Method.values:
        raise ValueError(f"unknown delivery method {method!r}")
    with transaction.atomic():
        updated = OutboxMessage.objects.filter(pk=message.pk, state__in=DELIVERABLE_BY_HAND).update(
            state=State.DELIVERED, sent_at=at
        )
        if not updated:
            raise ValueError("this letter's delivery was already recorded")
        delivery = LetterDelivery.objects.create(
            letter_id=message.letter_id, method=method, delivered_at=at, recorded_by=actor, note=note[:255]
        )
        message.refresh_from_db()
        handler = _HANDLERS.get(message.purpose)
        if handler is not None:
            handler.on_sent(message, at)
    return delivery


@dataclass(frozen=True)
class Recovered:
    unstuck: int
    requeued: int


def recover(now: dt.datetime | None = None) -> Recovered:
    """The sweep's safety net: free messages abandoned mid-attempt, re-queue ones whose task was
    lost. A re-queued message's next attempt is set to now, so the next sweep leaves it alone."""
    now = now or timezone.now()
    stuck = list(
        OutboxMessage.objects.filter(state=State.SENDING, last_attempt_at__lt=now - stuck_after()).values_list(
            "pk", flat=True
        )[:5000]
    )
    if stuck:
        OutboxMessage.objects.filter(pk__in=stuck, state=State.SENDING).update(
            state=State.RETRYING, next_attempt_at=now, last_error="the attempt was interrupted"
        )
    lost = list(
        OutboxMessage.objects.filter(state__in=CLAIMABLE, next_attempt_at__lt=now - lost_after()).values_list(
            "pk", flat=True
        )[:5000]
    )
    if lost:
        OutboxMessage.objects.filter(pk__in=lost, state__in=CLAIMABLE).update(next_attempt_at=now)
    for pk in sorted(set(stuck) | set(lost)):
        _schedule(pk)
    return Recovered(unstuck=len(stuck), requeued=len(set(stuck) | set(lost)))
