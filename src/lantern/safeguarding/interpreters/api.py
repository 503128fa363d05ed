"""API for interpreter bookings and the interpreter check."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status

from lantern.cases.access import get_case_for
from lantern.core import access
from lantern.core.access import AccessDenied, get_for
from lantern.core.api_schemas import InputSchema
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.core.web import current_user as _user  # the API's auth has run: a User
from lantern.people.access import get_person_for
from lantern.safeguarding.api_common import officer as _officer
from lantern.safeguarding.interpreters import bookings as interpreters
from lantern.safeguarding.models import (
    Interpreter,
    InterpreterBooking,
)

router = Router(tags=["safeguarding"])

# --- Interpreters --------------------------------------------------------------------------------


class FindingOut(Schema):
    code: str
    message: str
    blocking: bool


class CheckIn(InputSchema):
    person_id: int
    language: str = ""
    dialect: str = ""
    interpreter_id: int | None = None
    on: date


class BookingIn(InputSchema):
    person_id: int
    case_id: int | None = None
    interpreter_id: int
    language: str = ""
    dialect: str = ""
    purpose: str
    booked_for: datetime


class BookingOut(Schema):
    id: int
    status: str
    language: str
    findings: list[FindingOut]
    override_reason: str


class ConfirmIn(InputSchema):
    override_reason: str = ""


def _interpreter(user: User, pk: int | None) -> Interpreter | None:
    if pk is None:
        return None
    from lantern.safeguarding.interpreters.register import register_page

    # Retired ones included, so that booking one is refused saying they retired (the booking check).
    interpreter = register_page(user).filter(pk=pk).first()
    if interpreter is None:
        raise invalid("interpreter_id", "No interpreter on your force's or the national register has that id.")
    return interpreter


def _booking_out(b: InterpreterBooking) -> BookingOut:
    return BookingOut(
        id=b.pk,
        status=b.status,
        language=b.language,
        override_reason=b.override_reason,
        findings=[FindingOut(**f) for f in b.findings],
    )


@router.post(
    "/interpreter-check",
    response=list[FindingOut],
    summary="Check a possible interpreter booking against the person's languages and preferences",
)
def check_interpreter(request: HttpRequest, payload: CheckIn) -> list[FindingOut]:
    user = _user(request)
    if not access.can_handle_safeguarding(user):
        raise AccessDenied("Only police officers and staff book interpreters.")
    person = get_person_for(user, payload.person_id)
    findings = interpreters.check(
        person, payload.language, payload.dialect, _interpreter(user, payload.interpreter_id), payload.on
    )
    return [FindingOut(code=f.code, message=f.message, blocking=f.blocking) for f in findings]


@router.post("/interpreter-bookings", response={201: BookingOut}, summary="Propose an interpreter booking")
def propose_interpreter_booking(request: HttpRequest, payload: BookingIn) -> Status[BookingOut]:
    user = _officer(request)
    person = get_person_for(user, payload.person_id)
    case = get_case_for(user, payload.case_id) if payload.case_id else None
    booking = interpreters.propose(
        user,
        person=person,
        interpreter=_interpreter(user, payload.interpreter_id),
        language=payload.language,
        dialect=payload.dialect,
        purpose=payload.purpose,
        booked_for=payload.booked_for,
        case=case,
    )
    return Status(201, _booking_out(booking))


@router.post(
    "/interpreter-bookings/{booking_id}/confirm",
    response=BookingOut,
    summary="Confirm a booking (a mismatch needs the reason it should go ahead)",
)
def confirm_interpreter_booking(request: HttpRequest, booking_id: int, payload: ConfirmIn) -> BookingOut:
    user = _user(request)
    booking = get_for(user, InterpreterBooking, booking_id)
    return _booking_out(interpreters.confirm(user, booking, payload.override_reason))
