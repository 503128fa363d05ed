"""The demo's messages can be read (issue 16, item 2): a local mail catcher stores what the service
e-mails, and the demo-only Sent messages page lists every message the outbox sent, to whom and
when, including an escalation e-mail once the worker has run. Not found under production settings."""

from __future__ import annotations

import html
import time
from collections.abc import Iterator

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper
from tests.factories import build_world
from tests.local_servers import free_port
from tests.victims_code.conftest import london

from lantern.notify import catcher
from lantern.notify.models import CaughtEmail, OutboxMessage
from lantern.victims_code import services
from lantern.victims_code.sweep import run_sweep


@pytest.fixture
def mail_catcher(settings: SettingsWrapper) -> Iterator[int]:
    port = free_port()
    smtp = catcher.controller(port)
    smtp.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    try:
        yield port
    finally:
        smtp.stop()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_escalation_email_is_listed_on_the_sent_messages_page_once_the_worker_runs(mail_catcher: int) -> None:
    with time_machine.travel(london("2026-12-07 09:00"), tick=False) as clock:
        w = build_world()
        services.on_victim_added(w.case, w.victim, w.oic)
        clock.move_to(london("2026-12-09 06:00"))  # the initial duties are overdue
        assert run_sweep().emails_queued >= 1
        [escalation] = OutboxMessage.objects.filter(purpose="escalation", recipient_ciphertext__gt="")[:1]
        started = time.perf_counter()
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
        client = Client()
        client.force_login(w.supervisor)
        while True:
            page = html.unescape(client.get(reverse("notify:sent_messages")).content.decode())
            if "Received by the mail catcher" in page or time.perf_counter() - started > 60:
                break
            time.sleep(0.2)
        latency = time.perf_counter() - started
    print(f"\nSent messages page listed the escalation {latency:.2f} s after the worker started")  # noqa: T201
    assert latency < 60
    escalation.refresh_from_db()
    assert escalation.state == OutboxMessage.State.SENT
    caught = CaughtEmail.objects.get(subject=escalation.subject)
    assert w.supervisor.email in caught.recipients
    assert "overdue Victims' Code dut" in caught.body
    assert escalation.subject in page
    assert w.supervisor.email in page
    assert "Received by the mail catcher" in page
    assert "Sent messages" in page


@pytest.mark.django_db
def test_the_page_lists_every_channel_and_is_in_the_demo_navigation(settings: SettingsWrapper) -> None:
    w = build_world()
    from lantern.notify import outbox

    outbox.enqueue(outbox.NewMessage("t:1", "victim_update", "sms", recipient="07700 900111", body="Update"))
    outbox.enqueue(outbox.NewMessage("t:2", "victim_update", "email", recipient="v@example.org", subject="Hello"))
    client = Client()
    client.force_login(w.oic)
    page = client.get(reverse("notify:sent_messages")).content.decode()
    assert "Text message" in page
    assert "07700 900111" in page
    assert "v@example.org" in page
    nav = client.get(reverse("cases:my_cases")).content.decode().split('aria-label="Menu"')[1].split("</nav>")[0]
    assert "Sent messages (demo)" in nav


@pytest.mark.django_db
def test_refused_and_not_in_the_navigation_under_production_settings(settings: SettingsWrapper) -> None:
    w = build_world()
    settings.PRODUCTION = True
    client = Client()
    client.force_login(w.oic)
    assert client.get(reverse("notify:sent_messages")).status_code == 404
    nav = client.get(reverse("cases:my_cases")).content.decode().split('aria-label="Menu"')[1].split("</nav>")[0]
    assert "Sent messages" not in nav
    with pytest.raises(Exception, match="production"):
        catcher.controller(free_port())
