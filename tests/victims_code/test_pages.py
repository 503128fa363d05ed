"""The Victims' Code pages, as an officer uses them: what they see first, forms that meet duties,
refusals shown on the field at fault, protected details kept off the page, failures shown."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.html import escape
from tests.factories import World
from tests.victims_code.conftest import london

from lantern.core.models import AuditEntry
from lantern.notify import outbox
from lantern.notify.models import OutboxMessage
from lantern.victims_code import plans, sending, services
from lantern.victims_code.models import Channel, Duty, DutyKind, EventKind

pytestmark = pytest.mark.django_db


def signed_in(client: Client, user: object) -> Client:
    client.force_login(user)  # type: ignore[arg-type]
    return client


def text(response: object) -> str:
    html = response.content.decode()  # type: ignore[attr-defined]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_officer_sees_overdue_updates_first_case_by_case(
    world: World, client: Client, clock: time_machine.Traveller
) -> None:
    services.record_event(world.oic, world.case, EventKind.SUSPECT_ARRESTED, london("2026-12-07 08:00"))
    clock.move_to(london("2026-12-09 09:00"))  # initial duties (due the 8th) overdue; referral due today
    page = text(signed_in(client, world.oic).get(reverse("victims_code:my_duties")))
    assert "Yours: overdue first, then due today" in page
    overdue_at = page.index("Overdue")
    assert page.index("WMP 20/000123/26") < overdue_at < page.index("Due today")
    assert "and 1 more" in page, "the arrest is the fifth overdue duty of the case"


def test_the_my_cases_panel_renders_for_the_signed_in_officer(world: World, clock: time_machine.Traveller) -> None:
    clock.move_to(london("2026-12-09 09:00"))
    request = RequestFactory().get("/cases/")
    request.user = world.oic
    html = Template('{% include "victims_code/includes/my_duties.html" %}').render(Context({"request": request}))
    assert "Updates owed to victims" in html
    assert "WMP 20/000123/26" in html
    assert "overdue on 1 case" in html
    request.user = world.analyst
    assert "Updates owed" not in Template('{% include "victims_code/includes/my_duties.html" %}').render(
        Context({"request": request})
    )


def test_the_case_page_shows_days_since_told_and_the_next_deadline(
    world: World, client: Client, clock: time_machine.Traveller
) -> None:
    page = text(signed_in(client, world.colleague).get(reverse("victims_code:case_duties", args=[world.case.pk])))
    assert "Last told anything Never : reported 10 days ago" in page
    assert "Next deadline Written confirmation of the crime: by the end of Tuesday 8 December 2026" in page
    assert "Record an update you gave" not in page, "only the officer in charge records updates"
    assert AuditEntry.objects.filter(actor=world.colleague, action="consultation", detail="page duties").exists()


def test_recording_an_update_on_the_page_meets_the_duties_ticked(
    world: World, client: Client, clock: time_machine.Traveller
) -> None:
    owed = Duty.objects.filter(case=world.case, kind__in=[DutyKind.WRITTEN_CONFIRMATION, DutyKind.NEEDS_ASSESSMENT])
    url = reverse("victims_code:record_update", args=[world.case.pk])
    form_page = signed_in(client, world.oic).get(url, {"duty": [owed[0].pk]})
    assert f'value="{owed[0].pk}" checked' in form_page.content.decode()
    clock.move_to(london("2026-12-07 10:00"))
    response = client.post(
        url,
        {
            "victim": world.victim.pk,
            "given_on_day": "7",
            "given_on_month": "12",
            "given_on_year": "2026",
            "given_time": "09:30",
            "channel": Channel.IN_PERSON,
            "language": "lv",
            "interpreter_used": "yes",
            "interpreter_name": "Anna Ozola",
            "summary": "Gave her the crime reference and my number; assessed her needs.",
            "duties": [d.pk for d in owed],
        },
        follow=True,
    )
    assert "Update recorded. It meets 2 duties." in text(response)
    assert set(Duty.objects.filter(pk__in=[d.pk for d in owed]).values_list("state", flat=True)) == {Duty.State.MET}
    assert "Last told anything 0 days ago" in text(response)


def test_an_update_in_the_future_is_refused_on_the_date_field(world: World, client: Client) -> None:
    response = signed_in(client, world.oic).post(
        reverse("victims_code:record_update", args=[world.case.pk]),
        {
            "victim": world.victim.pk,
            "given_on_day": "7",
            "given_on_month": "12",
            "given_on_year": "2026",
            "given_time": "23:00",
            "channel": Channel.PHONE,
            "language": "lv",
            "interpreter_used": "no",
            "summary": "Told her",
            "duties": [],
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert '<a href="#given_on-day">The update cannot be in the future.</a>' in html
    assert "<title>Error:" in html
    assert not world.case.victim_updates.exists()


def test_waiving_without_a_reason_and_a_plan_without_a_channel_are_refused(world: World, client: Client) -> None:
    duty = Duty.objects.filter(case=world.case).first()
    assert duty is not None
    response = signed_in(client, world.supervisor).post(reverse("victims_code:waive", args=[duty.pk]), {"reason": "  "})
    assert response.status_code == 400
    assert "Say why this duty is waived" in text(response)
    response = signed_in(client, world.oic).post(
        reverse("victims_code:contact_plan", args=[world.case.pk]),
        {
            "victim": world.victim.pk,
            "interval_days": "28",
            "channel": "",
            "language": "lv",
            "interpreter_needed": "yes",
        },
    )
    assert response.status_code == 400
    assert "Choose how the victim wants to be updated: a contact plan needs a channel." in text(response)


def test_only_the_officer_in_charge_gets_the_update_forms(world: World, client: Client) -> None:
    for name in ("record_update", "send_update", "contact_plan", "contact_details"):
        assert (
            signed_in(client, world.colleague).get(reverse(f"victims_code:{name}", args=[world.case.pk])).status_code
            == 403
        )


def test_protected_contact_details_stay_off_the_page_until_a_reason_is_given(world: World, client: Client) -> None:
    plans.set_contact_details(
        world.oic,
        world.case,
        world.victim,
        plans.ContactDetails(
            mobile="07700 900982",
            postal_address="Flat 2, 9 Example Road",
            protected=True,
            protected_reason="Safe house",
        ),
    )
    signed_in(client, world.colleague)
    case_page = client.get(reverse("victims_code:case_duties", args=[world.case.pk])).content.decode()
    assert "900982" not in case_page
    assert "Example Road" not in case_page
    assert "Protected" in case_page
    url = reverse("victims_code:reveal_contact", args=[world.case.pk])
    refused = client.post(url, {"victim": world.victim.pk, "reason": ""})
    assert refused.status_code == 400
    assert "900982" not in refused.content.decode()
    shown = client.post(url, {"victim": world.victim.pk, "reason": "Arranging the ABE interview"})
    assert "07700 900982" in shown.content.decode()
    assert AuditEntry.objects.filter(actor=world.colleague, reason="Arranging the ABE interview").exists()


def test_a_failed_message_is_shown_on_the_case_and_can_be_tried_again(
    world: World, client: Client, settings: object
) -> None:
    plans.set_contact_details(world.oic, world.case, world.victim, plans.ContactDetails(mobile="07700 900982"))
    update = sending.send_update(world.oic, world.case, sending.OutgoingUpdate(world.victim, "sms", "Please call me."))
    assert update.message is not None
    outbox.attempt(update.message.pk)  # no GOV.UK Notify here: fails at once
    page = text(signed_in(client, world.oic).get(reverse("victims_code:case_duties", args=[world.case.pk])))
    assert "1 message to the victim could not be sent. The victim has not been told." in page
    assert "SMS needs GOV.UK Notify" in page
    failures = text(client.get(reverse("victims_code:failures")))
    assert "WMP 20/000123/26" in failures
    assert "07700" not in failures
    client.post(reverse("victims_code:retry_message", args=[update.message.pk]))
    assert OutboxMessage.objects.get(pk=update.message.pk).state == OutboxMessage.State.PENDING


def test_the_letter_pdf_is_served_from_what_was_stored(world: World, client: Client) -> None:
    update = sending.send_update(
        world.oic, world.case, sending.OutgoingUpdate(world.victim, "letter", "Your case is open.")
    )
    response = signed_in(client, world.colleague).get(reverse("victims_code:letter_pdf", args=[update.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert update.letter is not None
    assert response.content == bytes(update.letter.pdf)
    assert (
        signed_in(client, world.other_force_officer)
        .get(reverse("victims_code:letter_pdf", args=[update.pk]))
        .status_code
        == 404
    )


def test_measures_page_and_csv(world: World, client: Client, clock: time_machine.Traveller) -> None:
    clock.move_to(london("2026-12-14 09:00"))
    query = {
        "start_day": "1",
        "start_month": "12",
        "start_year": "2026",
        "end_day": "31",
        "end_month": "12",
        "end_year": "2026",
        "by": "officer",
    }
    page = text(signed_in(client, world.supervisor).get(reverse("victims_code:measures"), query))
    assert escape(world.oic.display_name) in page
    assert "0.0%" in page
    csv_response = client.get(reverse("victims_code:measures_csv"), query)
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_response.content.decode().splitlines()[0].startswith("group,name,duties due")
    bad = client.get(reverse("victims_code:measures"), {**query, "end_year": "2025"})
    assert bad.status_code == 400
    assert "The end date must be the same as or after the start date" in text(bad)
