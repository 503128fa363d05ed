"""Sending an update to a victim from the service: by e-mail, by text message, or as a PDF letter,
in their language where a translation is held, otherwise in English with a note that an
interpreter must read it to them. Every message goes through the outbox; the duties it is meant
to meet are met when it is sent (a letter: when its delivery is recorded), not before."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from lantern.cases import services as case_services
from lantern.cases.models import Case, TimelineEvent
from lantern.core import audit, clock
from lantern.core.access import AccessDenied
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.notify import letters, outbox
from lantern.notify.models import Letter, LetterDelivery, OutboxMessage
from lantern.people.models import Person
from lantern.victims_code.code import holds_case
from lantern.victims_code.models import VictimUpdate
from lantern.victims_code.plans import contact_details
from lantern.victims_code.services import preferred_language
from lantern.victims_code.updates import _selected_duties
from lantern.victims_code.victims import check_victim
from lantern.victims_code.working_days import LONDON

SENDABLE: dict[str, str] = {
    OutboxMessage.Channel.EMAIL: "e-mail",
    OutboxMessage.Channel.SMS: "text message",
    OutboxMessage.Channel.LETTER: "letter",
}
PENDING_DELIVERY = (VictimUpdate.Delivery.SENDING, VictimUpdate.Delivery.AWAITING_DELIVERY)
SMS_LIMIT = 612  # four SMS fragments


@dataclass(frozen=True)
class OutgoingUpdate:
    victim: Person
    channel: str
    message: str
    translation: str = ""  # the message in the victim's language, from a translator or interpreter
    duty_ids: tuple[int, ...] = ()


def duties_being_sent(case: Case) -> set[int]:
    """Duties of the case waiting on a message that has not gone yet."""
    pending = list(VictimUpdate.objects.filter(case=case, delivery__in=PENDING_DELIVERY).values_list("pk", flat=True))
    if not pending:
        return set()
    return set(
        VictimUpdate.duties.through.objects.filter(victimupdate_id__in=pending).values_list("duty_id", flat=True)
    )


def letter_context(
    case: Case, victim: Person, officer: User, message: letters.Localised, now: dt.datetime
) -> dict[str, Any]:
    local = now.astimezone(LONDON)
    return {
        "force_name": case.force.name,
        "date_long": f"{local.day} {local:%B %Y}",
        "date_numeric": f"{local:%d.%m.%Y}",
        "letter_date": local.date(),  # written in the letter's language by its template (Welsh)
        "victim_name": victim.display_name,
        "case_reference": case.full_reference,
        "officer_name": officer.display_name,
        "officer_phone": officer.phone or "(not recorded)",
        "officer_email": officer.email or "(not recorded)",
        "message": message,
    }


def send_update(actor: User, case: Case, data: OutgoingUpdate) -> VictimUpdate:  # noqa: C901 - one guard clause per refusal reason; to split (issue 8 item 5)
    """Queue an update to the victim. Refused if the channel has no address on file, the letter
    cannot be made faithfully, or these duties were already sent by this channel."""
    if not holds_case(actor, case):
        raise AccessDenied("Only the officer in charge can send an update to the victim.")
    check_victim(case, data.victim)
    if data.channel not in SENDABLE:
        raise invalid("channel", "Choose e-mail, text message or letter.")
    text, translation = data.message.strip(), data.translation.strip()
    if not text:
        raise invalid("message", "Write the update to send.")
    details = contact_details(data.victim)
    recipient = ""
    if data.channel == OutboxMessage.Channel.EMAIL:
        recipient = details.email if details else ""
        if not recipient:
            raise invalid("channel", "There is no e-mail address for this victim: add it, or choose another way.")
    elif data.channel == OutboxMessage.Channel.SMS:
        recipient = details.mobile if details else ""
        if not recipient:
            raise invalid("channel", "There is no mobile number for this victim: add it, or choose another way.")
    now = clock.now()
    language = preferred_language(case, data.victim)
    texts = {"en": text}
    if translation and language in letters.held_languages("victim_update"):
        texts[language] = translation
    elif translation:
        # No letter held in their language: the English letter carries their translation too.
        texts = {"en": f"{text}\n\n{translation}"}
    context = letter_context(case, data.victim, actor, letters.Localised(texts), now)
    channel_label = SENDABLE[data.channel]
    with transaction.atomic():
        duties = _selected_duties(case, data.victim, data.duty_ids, now)
        waiting = duties_being_sent(case) & {d.pk for d in duties}
        if waiting:
            raise invalid(
                "duties", "An update for one of these duties is already being sent: wait for it, or retry it."
            )
        letter = None
        subject, body = "", ""
        if data.channel == OutboxMessage.Channel.LETTER:
            try:
                letter = letters.render(
                    "victim_update", language, context, case=case, person=data.victim, recorded_by=actor, now=now
                )
            except letters.LetterRefused as exc:
                raise invalid("message", " ".join(exc.messages)) from exc
            rendered_language = letter.rendered_language
        else:
            rendered_language, subject, blocks, _note = letters.compose("victim_update", language, context)
            if data.channel == OutboxMessage.Channel.EMAIL:
                body = "\n\n".join(block.text for block in blocks)
            else:
                said = texts.get(rendered_language, text)
                body = (
                    f"{case.force.name}, case {case.full_reference}: {said} {actor.display_name} {actor.phone}"
                ).strip()
                if len(body) > SMS_LIMIT:
                    raise invalid(
                        "message",
                        f"A text message can be at most {SMS_LIMIT} characters with the case details; "
                        "shorten it, or send an e-mail or a letter.",
                    )
        update = VictimUpdate.objects.create(
            case=case,
            victim=data.victim,
            given_at=None,
            given_by=actor,
            channel=data.channel,
            language=rendered_language,
            summary=text,
            recorded_by=actor,
            letter=letter,
            delivery=(VictimUpdate.Delivery.AWAITING_DELIVERY if letter else VictimUpdate.Delivery.SENDING),
        )
        update.duties.set(duties)
        ids = sorted(d.pk for d in duties)
        key = (
            f"victim-update:{case.pk}:{data.victim.pk}:{data.channel}:duties:{','.join(map(str, ids))}"
            if ids
            else f"victim-update:{update.pk}:{data.channel}"
        )
        message, created = outbox.enqueue(
            outbox.NewMessage(
                idempotency_key=key,
                purpose="victim_update",
                channel=data.channel,
                recipient=recipient,
                subject=subject,
                body=body,
                case=case,
                letter=letter,
                recipient_protected=bool(details and details.protected),
                recorded_by=actor,
            )
        )
        if not created:
            if message.state == OutboxMessage.State.FAILED:
                raise invalid(
                    "duties",
                    f"A {channel_label} for these duties failed: "
                    "try it again from the case page, or choose another way.",
                )
            raise invalid(
                "duties", f"A {channel_label} for these duties was already sent. Each duty is sent once by each way."
            )
        VictimUpdate.objects.filter(pk=update.pk).update(message=message)
        update.message = message
        what = (
            "Letter to the victim produced, to be delivered"
            if letter
            else f"Update to the victim queued by {channel_label}"
        )
        case_services.add_timeline(case, TimelineEvent.Kind.NOTE, what, actor)
        audit.record(
            actor,
            audit.Action.DISCLOSURE,
            update,
            recipients=f"victim (person {data.victim.pk}) by {channel_label}",
            reason="Victims' Code update",
            detail=f"{len(ids)} duties",
        )
    return update


def record_letter_delivery(
    actor: User, update: VictimUpdate, method: str, delivered_at: dt.datetime, note: str = ""
) -> LetterDelivery:
    """A letter to the victim was posted, handed over, read by an interpreter or given through
    their advocate: record it; that meets the duties the letter was for."""
    if not holds_case(actor, update.case):
        raise AccessDenied("Only the officer in charge can record that a letter was delivered.")
    if update.letter is None or update.message_id is None:
        raise invalid("method", "This update is not a letter.")
    message = OutboxMessage.objects.get(pk=update.message_id)
    if message.state not in outbox.DELIVERABLE_BY_HAND:
        raise invalid("method", "This letter's delivery was already recorded.")
    if method not in LetterDelivery.Method.values or method == LetterDelivery.Method.NOTIFY:
        raise invalid("method", "Choose how the letter was delivered.")
    if delivered_at > clock.now():
        raise invalid("delivered_at", "The delivery cannot be in the future.")
    if delivered_at < update.letter.recorded_at:
        raise invalid("delivered_at", "The delivery cannot be before the letter was made.")
    with transaction.atomic():
        try:
            delivery = outbox.mark_delivered(message, method=method, at=delivered_at, actor=actor, note=note)
        except ValueError as exc:  # recorded by someone else a moment ago
            raise invalid("method", "This letter's delivery was already recorded.") from exc
        audit.record(
            actor,
            audit.Action.DISCLOSURE,
            update.letter,
            recipients=f"victim (person {update.victim_id})",
            detail=f"letter {method}",
        )
    return delivery


def retry_message(actor: User, case: Case, message: OutboxMessage) -> OutboxMessage:
    if not holds_case(actor, case) or message.case_id != case.pk:
        raise AccessDenied("Only the officer in charge can send this again.")
    if message.state != OutboxMessage.State.FAILED:
        raise invalid("message", "Only a message that failed can be tried again.")
    with transaction.atomic():
        VictimUpdate.objects.filter(message=message, delivery=VictimUpdate.Delivery.FAILED).update(
            delivery=VictimUpdate.Delivery.SENDING
        )
        message = outbox.retry(message, actor)
        audit.record(actor, audit.Action.DISCLOSURE, message, recipients="victim (retry)", detail="message retried")
    return message


def send_letter(
    actor: User, case: Case, victim: Person, letter: Letter, *, summary: str, duty_ids: tuple[int, ...], key: str
) -> VictimUpdate:
    """Queue a letter another app has already made (the written reasons for a decision, the result
    of a review) for delivery to the victim, as an update that meets `duty_ids` when its delivery
    is recorded. The caller has checked the actor's rights. `key` makes it idempotent: the same key
    returns the update already queued. The stored letter is sent as it is, never made again."""
    check_victim(case, victim)
    if letter.case_id != case.pk:
        raise invalid("letter", "This letter belongs to another case.")
    existing = VictimUpdate.objects.filter(message__idempotency_key=key).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        duties = _selected_duties(case, victim, duty_ids, None)
        update = VictimUpdate.objects.create(
            case=case,
            victim=victim,
            given_at=None,
            given_by=actor,
            channel=OutboxMessage.Channel.LETTER,
            language=letter.rendered_language,
            summary=summary.strip(),
            recorded_by=actor,
            letter=letter,
            delivery=VictimUpdate.Delivery.AWAITING_DELIVERY,
        )
        update.duties.set(duties)
        message, _created = outbox.enqueue(
            outbox.NewMessage(
                idempotency_key=key,
                purpose="victim_update",
                channel=OutboxMessage.Channel.LETTER,
                case=case,
                letter=letter,
                recorded_by=actor,
            )
        )
        VictimUpdate.objects.filter(pk=update.pk).update(message=message)
        update.message = message
        audit.record(
            actor,
            audit.Action.DISCLOSURE,
            update,
            recipients=f"victim (person {victim.pk}) by letter",
            reason=summary.strip()[:200],
            detail=f"letter {letter.kind}; {len(duties)} duties",
        )
    return update
