"""Correcting the interpreter register (issue 16 item 4): edit an interpreter's languages,
dialects, sex and vetting; retire one with a reason. A retired interpreter cannot be booked and
past bookings keep their name; a booking still to come is flagged for rebooking and its officer
alerted (page and e-mail, once), never silently kept. Everything audited."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from tests.factories import World, build_world

from lantern.core.access import AccessDenied
from lantern.core.models import AuditEntry
from lantern.notify.models import OutboxMessage
from lantern.people.models import LanguageSkill
from lantern.safeguarding.interpreters import bookings as interpreters
from lantern.safeguarding.interpreters import register as interpreter_register
from lantern.safeguarding.interpreters.register import Changes
from lantern.safeguarding.models import Interpreter, InterpreterBooking, SafeguardingAlert

pytestmark = pytest.mark.django_db


def _setup() -> tuple[World, Interpreter]:
    w = build_world()
    w.oic.email = "oic@example.police.uk"
    w.oic.save()
    anna = interpreters.register(
        w.spoc,
        name="Anna L",
        sex="female",
        languages_offered={"lv": []},
        vetting="nppv2",
        vetted_until=date(2030, 1, 1),
    )
    LanguageSkill.objects.create(person=w.victim, language="lv", level="first")
    return w, anna


def _book(w: World, interpreter: Interpreter, days: int) -> InterpreterBooking:
    booking = interpreters.propose(
        w.oic,
        person=w.victim,
        interpreter=interpreter,
        language="lv",
        purpose="abe_interview",
        booked_for=timezone.now() + timedelta(days=abs(days)),
        case=w.case,
    )
    booking = interpreters.confirm(w.oic, booking)
    if days < 0:
        InterpreterBooking.objects.filter(pk=booking.pk).update(booked_for=timezone.now() + timedelta(days=days))
        booking.refresh_from_db()
    return booking


def _changes(**overrides: object) -> Changes:
    base: dict[str, object] = {
        "name": "Anna L",
        "sex": "female",
        "languages_offered": {"lv": ["Latgalian"], "ru": []},
        "vetting": "nppv3",
        "vetted_until": date(2031, 6, 30),
        "register_number": "NRPSI 12345",
    }
    base.update(overrides)
    return Changes(**base)  # type: ignore[arg-type]


def test_an_interpreter_is_edited_and_the_change_audited() -> None:
    w, anna = _setup()
    interpreter_register.edit(w.spoc, anna, _changes())
    anna.refresh_from_db()
    assert anna.vetting == "nppv3"
    assert anna.vetted_until == date(2031, 6, 30)
    assert {e.language: e.dialects for e in anna.languages.all()} == {"lv": ["Latgalian"], "ru": []}
    entry = AuditEntry.objects.filter(object_type__icontains="interpreter", detail__startswith="edited").get()
    assert "languages" in entry.detail
    assert "vetting" in entry.detail


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": "  "}, "name"),
        ({"sex": "other"}, "sex"),
        ({"vetting": "top"}, "vetting"),
        ({"languages_offered": {}}, "languages"),
        ({"languages_offered": {"xx-nope": []}}, "languages"),
    ],
)
def test_bad_input_edit_names_the_field(overrides: dict[str, object], field: str) -> None:
    w, anna = _setup()
    with pytest.raises(ValidationError) as exc:
        interpreter_register.edit(w.spoc, anna, _changes(**overrides))
    assert set(exc.value.message_dict) == {field}


def test_only_the_register_keepers_of_the_force_edit_or_retire() -> None:
    w, anna = _setup()
    with pytest.raises(AccessDenied):
        interpreter_register.edit(w.oic, anna, _changes())
    with pytest.raises(AccessDenied):
        interpreter_register.retire(w.other_force_officer, anna, "Vetting lapsed in November")


def test_a_retired_interpreter_cannot_be_booked_and_past_bookings_keep_their_name() -> None:
    w, anna = _setup()
    past = _book(w, anna, -3)
    flagged = interpreter_register.retire(w.spoc, anna, "Vetting lapsed and not renewed")
    assert flagged == []
    anna.refresh_from_db()
    assert not anna.active
    assert anna.retired_reason == "Vetting lapsed and not renewed"
    past.refresh_from_db()
    assert past.interpreter.name == "Anna L"
    assert past.rebook_flagged_at is None, "a booking already past is not flagged"
    with pytest.raises(ValidationError) as exc:
        _book(w, anna, 5)
    assert "retired from the register" in str(exc.value.message_dict["interpreter"])
    assert anna in interpreter_register.register_page(w.oic), "shown on the register, as retired"
    assert anna not in interpreters.register_for(w.oic), "but not offered for booking"


def test_retiring_with_a_booking_to_come_flags_it_and_alerts_the_officer_once() -> None:
    w, anna = _setup()
    booking = _book(w, anna, 4)
    flagged = interpreter_register.retire(w.spoc, anna, "No longer working as an interpreter")
    assert [b.pk for b in flagged] == [booking.pk]
    booking.refresh_from_db()
    assert booking.rebook_flagged_at is not None
    assert "Anna L has retired" in booking.rebook_reason
    assert booking.status == InterpreterBooking.Status.CONFIRMED, "kept visible, not silently cancelled"
    alert = SafeguardingAlert.objects.get(kind=SafeguardingAlert.Kind.INTERPRETER_RETIRED)
    assert alert.officer == w.oic
    assert alert.case == w.case
    assert "Ilze" not in alert.message
    mail = OutboxMessage.objects.get(purpose="safeguarding_alert")
    assert mail.case_id == w.case.pk
    assert "rebook" in mail.body
    assert AuditEntry.objects.filter(detail="flagged for rebooking: interpreter retired").count() == 1
    with pytest.raises(ValidationError) as exc:
        interpreter_register.retire(w.spoc, anna, "No longer working as an interpreter")
    assert "reason" in exc.value.message_dict
    assert OutboxMessage.objects.filter(purpose="safeguarding_alert").count() == 1


def test_bad_input_retiring_without_a_reason() -> None:
    w, anna = _setup()
    with pytest.raises(ValidationError) as exc:
        interpreter_register.retire(w.spoc, anna, "gone")
    assert set(exc.value.message_dict) == {"reason"}
    anna.refresh_from_db()
    assert anna.active


def test_booking_a_retired_interpreter_over_the_api_is_422_saying_so() -> None:
    import json

    from django.test import Client

    from lantern.core.auth import issue_token

    w, anna = _setup()
    interpreter_register.retire(w.spoc, anna, "Vetting lapsed and not renewed")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(w.oic)}")
    response = client.post(
        "/api/v1/interpreter-bookings",
        data=json.dumps(
            {
                "person_id": w.victim.pk,
                "interpreter_id": anna.pk,
                "language": "lv",
                "purpose": "update",
                "booked_for": (timezone.now() + timedelta(days=2)).isoformat(),
                "case_id": w.case.pk,
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "retired" in str(response.json()["errors"]["interpreter"])
