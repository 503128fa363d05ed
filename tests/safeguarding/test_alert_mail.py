"""Safeguarding alerts reach a person: an NRM decision on a person in an open case and a change of
a witness's immigration status are e-mailed to the officer in charge through the outbox, once,
and not twice after a retried delivery or a repeated call (issue 16, item 1)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper
from tests.factories import build_world, person
from tests.local_servers import SmtpSink, body_of, free_port, smtp_server
from tests.safeguarding.test_services import _referral

from lantern.cases import services as case_services
from lantern.notify import outbox
from lantern.notify.models import OutboxMessage
from lantern.nrm import services as nrm_services
from lantern.safeguarding import alert_mail
from lantern.safeguarding.models import SafeguardingAlert
from lantern.safeguarding.sharing import ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings: SettingsWrapper) -> Iterator[SmtpSink]:
    with smtp_server() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        yield sink


def _alert_messages() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(purpose=alert_mail.PURPOSE))


def test_an_nrm_decision_is_emailed_to_the_officer_in_charge_once(smtp: SmtpSink) -> None:
    w = build_world()
    referral = _referral(w)
    decision = nrm_services.record_decision(w.oic, referral, "rg", True, timezone.localdate() - timedelta(days=5))
    [message] = _alert_messages()
    assert message.case_id == w.case.pk
    assert message.channel == "email"
    assert outbox.attempt(message.pk) == "sent"
    assert outbox.attempt(message.pk) == "skipped", "a second attempt sends nothing"
    # The same alert asked for again (a retried request) gets the message already queued.
    again, created = outbox.enqueue(
        outbox.NewMessage(
            idempotency_key=alert_mail.alert_key("nrm_decision", decision.pk, w.case),
            purpose=alert_mail.PURPOSE,
            channel="email",
            recipient=w.oic.email,
        )
    )
    assert again.pk == message.pk
    assert not created
    assert len(smtp.messages) == 1
    assert smtp.envelopes[0][1] == [w.oic.email]
    email = smtp.messages[0]
    assert w.case.crime_reference in str(email["Subject"])
    body = body_of(email)
    assert "Reasonable grounds decision: positive" in body
    assert "Ilze" not in body
    assert SafeguardingAlert.objects.filter(officer=w.oic, kind="nrm_decision").count() == 1, "and on the page"


def test_a_witness_immigration_status_change_is_emailed_once_even_after_a_failed_attempt(
    settings: SettingsWrapper,
) -> None:
    w = build_world()
    witness = person("Andris", "Kalnins")
    case_services.add_party(w.oic, w.case, witness, "witness")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # the mail server is down
    with transaction.atomic():
        _event, alerts = ledger.record_status_change(
            w.colleague, person=witness, kind="detained", occurred_on=timezone.localdate(), source="Home Office"
        )
    assert alerts == 1
    [message] = _alert_messages()
    assert outbox.attempt(message.pk) == "retrying"
    message.refresh_from_db()
    with smtp_server() as sink:
        settings.EMAIL_PORT = sink.port
        assert outbox.attempt(message.pk, now=message.next_attempt_at) == "sent"
        assert outbox.attempt(message.pk, now=message.next_attempt_at + timedelta(hours=1)) == "skipped"
        outbox.recover(message.next_attempt_at + timedelta(hours=1))
        assert len(sink.messages) == 1, "sent once, not twice after the retry"
        assert sink.envelopes[0][1] == [w.oic.email]
        assert "Detained under immigration powers" in body_of(sink.messages[0])
        assert "Andris" not in body_of(sink.messages[0])
    assert len(_alert_messages()) == 1


def test_an_officer_without_an_email_address_still_gets_the_page_alert() -> None:
    w = build_world()
    type(w.oic).objects.filter(pk=w.oic.pk).update(email="")
    w.oic.refresh_from_db()
    ledger.record_status_change(
        w.colleague, person=w.victim, kind="detained", occurred_on=timezone.localdate(), source="Home Office letter"
    )
    assert SafeguardingAlert.objects.filter(officer=w.oic, kind="immigration_status").exists()
    assert _alert_messages() == []
