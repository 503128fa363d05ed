"""Sending updates to a victim through the outbox, over a real local SMTP server and a local GOV.UK
Notify stub: sent once, retried with backoff, failures kept and shown, never lost; letters made
as PDFs and their delivery recorded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from pytest_django.fixtures import Settings as SettingsWrapper
from tests.factories import World
from tests.local_servers import SmtpSink, body_of, free_port, notify_stub, smtp_server
from tests.victims_code.conftest import london

from lantern.core.models import AuditEntry
from lantern.notify import outbox
from lantern.notify.models import Letter, LetterDelivery, OutboxMessage
from lantern.people.models import LanguageSkill
from lantern.victims_code import plans, sending
from lantern.victims_code.models import Duty, DutyKind, VictimUpdate
from lantern.victims_code.sending import OutgoingUpdate

pytestmark = pytest.mark.django_db
State = OutboxMessage.State
NOTIFY_KEY = "lantern_test-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0"


@pytest.fixture
def smtp(settings: SettingsWrapper) -> Iterator[SmtpSink]:
    with smtp_server() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        yield sink


@pytest.fixture
def reachable(world: World) -> World:
    LanguageSkill.objects.create(person=world.victim, language="lv", level="first", interpreter_needed=True)
    plans.set_contact_details(
        world.oic,
        world.case,
        world.victim,
        plans.ContactDetails(
            email="ilze.berzina@example.org",
            mobile="07700 900982",
            postal_address="1 Example Street\nBirmingham B1 1AA",
        ),
    )
    return world


def initial(w: World, *kinds: str) -> list[Duty]:
    return list(Duty.objects.filter(case=w.case, victim=w.victim, kind__in=kinds).order_by("kind"))


def send(
    w: World,
    channel: str,
    duties: list[Duty],
    message: str = "The suspect was arrested today and is in custody.",
    translation: str = "",
) -> VictimUpdate:
    return sending.send_update(
        w.oic, w.case, OutgoingUpdate(w.victim, channel, message, translation, tuple(d.pk for d in duties))
    )


def test_an_email_is_sent_once_and_meets_its_duties(
    reachable: World, smtp: SmtpSink, clock: time_machine.Traveller
) -> None:
    w = reachable
    duties = initial(w, DutyKind.WRITTEN_CONFIRMATION, DutyKind.NEEDS_ASSESSMENT)
    update = send(w, "email", duties)
    message = update.message
    assert message is not None
    assert message.state == State.PENDING
    assert all(d.state == Duty.State.OPEN for d in initial(w, DutyKind.WRITTEN_CONFIRMATION)), (
        "not met before it is sent"
    )

    clock.move_to(london("2026-12-07 09:05"))
    assert outbox.attempt(message.pk) == "sent"
    assert outbox.attempt(message.pk) == "skipped", "a second run of the task sends nothing"
    assert len(smtp.messages) == 1
    email = smtp.messages[0]
    assert smtp.envelopes[0][1] == ["ilze.berzina@example.org"]
    assert "WMP 20/000123/26" in email["Subject"]
    text = body_of(email)
    assert "The suspect was arrested today" in text
    assert w.oic.phone in text
    assert "interpreter must read it" in text, "a Latvian speaker with no translation gets the English note"

    update.refresh_from_db()
    assert update.delivery == VictimUpdate.Delivery.GIVEN
    assert update.given_at == london("2026-12-07 09:05")
    assert {d.state for d in initial(w, DutyKind.WRITTEN_CONFIRMATION, DutyKind.NEEDS_ASSESSMENT)} == {Duty.State.MET}
    w.case.refresh_from_db()
    assert w.case.last_victim_contact_at == london("2026-12-07 09:05")
    entry = AuditEntry.objects.get(action="disclosure", object_type="victims_code.victimupdate")
    assert entry.recipients == f"victim (person {w.victim.pk}) by e-mail"
    assert "example.org" not in entry.recipients

    with pytest.raises(ValidationError, match="already"):
        send(w, "email", duties)


def test_the_same_duties_sent_twice_at_once_queue_one_message(reachable: World) -> None:
    duties = initial(reachable, DutyKind.VPS_OFFER)
    send(reachable, "email", duties)
    with pytest.raises(ValidationError, match="already being sent"):
        send(reachable, "email", duties)
    assert OutboxMessage.objects.filter(purpose="victim_update").count() == 1


def test_a_failed_email_is_retried_with_backoff_then_shown_as_failed_and_never_lost(
    reachable: World, settings: SettingsWrapper, clock: time_machine.Traveller
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens there
    settings.LANTERN_OUTBOX_MAX_ATTEMPTS = 4
    duty = initial(reachable, DutyKind.WRITTEN_CONFIRMATION)
    update = send(reachable, "email", duty)
    message = update.message
    assert message is not None
    waits = []
    now = london("2026-12-07 09:00")
    for _ in range(3):
        assert outbox.attempt(message.pk, now=now) == "retrying"
        message.refresh_from_db()
        waits.append((message.next_attempt_at - now).total_seconds())
        assert outbox.attempt(message.pk, now=now) == "skipped", "not before its time"
        now = message.next_attempt_at
    assert waits == [60, 120, 240], "exponential backoff"
    assert outbox.attempt(message.pk, now=now) == "failed"
    message.refresh_from_db()
    assert message.state == State.FAILED
    assert message.attempts == 4
    assert "could not reach the mail server" in message.last_error
    assert "example.org" not in message.last_error
    update.refresh_from_db()
    assert update.delivery == VictimUpdate.Delivery.FAILED
    assert initial(reachable, DutyKind.WRITTEN_CONFIRMATION)[0].state == Duty.State.OPEN, "the victim was not told"

    # The officer sees it, the mail server is back, they try again: it goes, and the duty is met.
    with smtp_server() as sink:
        settings.EMAIL_PORT = sink.port
        sending.retry_message(reachable.oic, reachable.case, message)
        assert outbox.attempt(message.pk) == "sent"
        assert len(sink.messages) == 1
    assert initial(reachable, DutyKind.WRITTEN_CONFIRMATION)[0].state == Duty.State.MET


def test_an_address_the_server_refuses_fails_at_once_and_a_deferral_is_retried(
    reachable: World, smtp: SmtpSink
) -> None:
    smtp.refuse = "permanent"
    refused = send(reachable, "email", initial(reachable, DutyKind.WRITTEN_CONFIRMATION)).message
    assert refused is not None
    assert outbox.attempt(refused.pk) == "failed"
    smtp.refuse = "temporary"
    deferred = send(reachable, "email", initial(reachable, DutyKind.VPS_OFFER)).message
    assert deferred is not None
    assert outbox.attempt(deferred.pk) == "retrying"
    assert smtp.messages == []


@pytest.mark.django_db(transaction=True)
def test_the_task_worker_delivers_what_a_committed_request_queued(
    smtp: SmtpSink, clock: time_machine.Traveller
) -> None:
    from tests.factories import build_world

    from lantern.victims_code import services

    w = build_world()
    services.on_victim_added(w.case, w.victim, w.oic)
    plans.set_contact_details(w.oic, w.case, w.victim, plans.ContactDetails(email="ilze.berzina@example.org"))
    send(w, "email", initial(w, DutyKind.WRITTEN_CONFIRMATION))
    clock.move_to(london("2026-12-07 09:01"))
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert len(smtp.messages) == 1
    assert OutboxMessage.objects.get(purpose="victim_update").state == State.SENT


def test_an_sms_goes_through_gov_uk_notify_when_it_is_configured(reachable: World, settings: SettingsWrapper) -> None:
    with notify_stub() as stub:
        settings.LANTERN_NOTIFY_API_KEY, settings.LANTERN_NOTIFY_BASE_URL = NOTIFY_KEY, stub.base_url
        settings.LANTERN_NOTIFY_SMS_TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"
        message = send(
            reachable, "sms", initial(reachable, DutyKind.SUPPORT_REFERRAL), "A support worker will call you today."
        ).message
        assert message is not None
        assert outbox.attempt(message.pk) == "sent"
        path, body, headers = stub.requests[0]
        assert path == "/v2/notifications/sms"
        assert body["phone_number"] == "07700 900982"
        assert body["reference"] == message.idempotency_key
        assert "A support worker will call you" in body["personalisation"]["body"]
        assert headers["Authorization"].startswith("Bearer ")
        message.refresh_from_db()
        assert message.provider_reference == "notify-1"

        stub.status = 500
        busy = send(
            reachable, "sms", initial(reachable, DutyKind.VPS_OFFER), "Would you like to make a statement?"
        ).message
        assert busy is not None
        assert outbox.attempt(busy.pk) == "retrying"
        stub.status = 400
        bad = send(
            reachable, "sms", initial(reachable, DutyKind.NEEDS_ASSESSMENT), "We need to ask about your needs."
        ).message
        assert bad is not None
        assert outbox.attempt(bad.pk) == "failed"
        bad.refresh_from_db()
        assert bad.last_error == "GOV.UK Notify refused the message (HTTP 400)"


def test_an_sms_without_notify_fails_and_says_why(reachable: World) -> None:
    message = send(
        reachable, "sms", initial(reachable, DutyKind.SUPPORT_REFERRAL), "A support worker will call you."
    ).message
    assert message is not None
    assert outbox.attempt(message.pk) == "failed"
    message.refresh_from_db()
    assert "needs GOV.UK Notify" in message.last_error


def test_no_address_on_file_is_refused_before_anything_is_queued(world: World) -> None:
    with pytest.raises(ValidationError, match="no e-mail address"):
        send(world, "email", initial(world, DutyKind.WRITTEN_CONFIRMATION))
    with pytest.raises(ValidationError, match="Write the update"):
        send(world, "letter", [], message="   ")
    assert not OutboxMessage.objects.exists()
    assert not VictimUpdate.objects.exists()


def test_a_letter_is_made_stored_and_meets_its_duties_when_its_delivery_is_recorded(
    reachable: World, clock: time_machine.Traveller
) -> None:
    w = reachable
    plans.set_contact_plan(w.oic, w.case, plans.NewPlan(w.victim, 28, "letter", "lv", interpreter_needed=True))
    update = send(
        w,
        "letter",
        initial(w, DutyKind.WRITTEN_CONFIRMATION),
        message="Your crime is recorded under the reference above.",
        translation="Jūsu noziegums ir reģistrēts ar iepriekš norādīto atsauces numuru.",
    )
    letter = update.letter
    assert letter is not None
    assert letter.rendered_language == "lv"
    assert not letter.interpreter_note
    assert letter.pdf[:5] == b"%PDF-"
    assert "reģistrēts" in letter.text
    message = update.message
    assert message is not None
    assert outbox.attempt(message.pk) == "manual"
    assert initial(w, DutyKind.WRITTEN_CONFIRMATION)[0].state == Duty.State.OPEN

    with pytest.raises(ValidationError, match="future"):
        sending.record_letter_delivery(w.oic, update, "handed_over", london("2026-12-08 10:00"))
    clock.move_to(london("2026-12-07 15:00"))
    sending.record_letter_delivery(
        w.oic, update, "read_by_interpreter", london("2026-12-07 14:30"), "Read with Anna Ozola"
    )
    assert LetterDelivery.objects.get(letter=letter).method == "read_by_interpreter"
    duty = initial(w, DutyKind.WRITTEN_CONFIRMATION)[0]
    assert duty.state == Duty.State.MET
    assert duty.met_at == london("2026-12-07 14:30")
    stored = Letter.objects.get(pk=letter.pk)
    assert bytes(stored.pdf) == bytes(letter.pdf), "the letter is kept as made"
    with pytest.raises(ValidationError, match="already recorded"):
        sending.record_letter_delivery(w.oic, update, "posted", london("2026-12-07 14:40"))


def test_protected_contact_details_are_masked_wherever_the_message_is_listed(reachable: World) -> None:
    w = reachable
    plans.set_contact_details(
        w.oic,
        w.case,
        w.victim,
        plans.ContactDetails(email="ilze.berzina@example.org", protected=True, protected_reason="Safe house"),
    )
    message = send(w, "email", initial(w, DutyKind.WRITTEN_CONFIRMATION)).message
    assert message is not None
    assert message.recipient_protected
    assert outbox.masked_recipient(message) == "protected contact details"
    assert "ilze" not in message.recipient_ciphertext
    unprotected = OutboxMessage(channel="email", recipient_ciphertext=message.recipient_ciphertext)
    assert outbox.masked_recipient(unprotected) == "i…@example.org"


def test_only_the_officer_in_charge_sends(reachable: World) -> None:
    from lantern.core.access import AccessDenied

    with pytest.raises(AccessDenied):
        sending.send_update(reachable.colleague, reachable.case, OutgoingUpdate(reachable.victim, "email", "Hello"))


def test_a_message_stuck_in_sending_goes_back_to_retrying(reachable: World) -> None:
    message = send(reachable, "email", initial(reachable, DutyKind.WRITTEN_CONFIRMATION)).message
    assert message is not None
    OutboxMessage.objects.filter(pk=message.pk).update(state=State.SENDING, last_attempt_at=london("2026-12-07 08:00"))
    assert outbox.attempt(message.pk) == "skipped", "someone else is sending it"
    recovered = outbox.recover(london("2026-12-07 09:00"))
    assert recovered.unstuck == 1
    message.refresh_from_db()
    assert message.state == State.RETRYING


def test_a_translation_in_a_language_without_a_letter_goes_under_the_english(world: World) -> None:
    LanguageSkill.objects.create(person=world.victim, language="yo", level="first", interpreter_needed=True)
    update = send(
        world,
        "letter",
        initial(world, DutyKind.WRITTEN_CONFIRMATION),
        message="Your crime is recorded.",
        translation="A ti ṣe àkọsílẹ̀ ẹ̀ṣẹ̀ rẹ.",
    )
    letter = update.letter
    assert letter is not None
    assert letter.rendered_language == "en"
    assert letter.interpreter_note
    assert "Your crime is recorded.\n\nA ti ṣe àkọsílẹ̀ ẹ̀ṣẹ̀ rẹ." in letter.text
