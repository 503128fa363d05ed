"""Corrections to the interpreter register (issue 16 item 4): edit an interpreter's languages,
dialects, sex and vetting, or retire them with a reason.

A retired interpreter stays in the register (shown as retired) so that past bookings keep their
name; the booking check refuses them (rules.check_interpreter_booking: "interpreter_inactive").
Retiring one who has a booking still to come never keeps it silently: each such booking is
flagged for rebooking (shown on the booking and on the case's safeguarding page) and the officer
in charge of the case (or, for a booking with no case, whoever made it) gets a safeguarding alert
and its e-mail through the outbox (alert_mail). Everything is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet

from lantern.core import audit, clock
from lantern.core.access import AccessDenied
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.core.roles import Capability, has_capability
from lantern.safeguarding import languages
from lantern.safeguarding.alert_mail import alert_and_email, alert_key
from lantern.safeguarding.models import Interpreter, InterpreterBooking, InterpreterLanguage, SafeguardingAlert

MIN_RETIRE_REASON = 10
STILL_TO_COME = (InterpreterBooking.Status.PROPOSED, InterpreterBooking.Status.CONFIRMED)


@dataclass(frozen=True)
class Changes:
    name: str
    sex: str
    languages_offered: dict[str, list[str]]
    vetting: str
    vetted_until: date | None
    register_number: str


def keeps_register(user: User) -> bool:
    return user.force_id is not None and has_capability(user, Capability.MANAGES_INTERPRETERS)


def register_page(user: User) -> QuerySet[Interpreter]:
    """The register as its page shows it: the national register and the force's own, retired
    interpreters included (marked), active ones first."""
    return (
        Interpreter.objects.filter(Q(force__isnull=True) | Q(force_id=user.force_id))
        .prefetch_related("languages")
        .order_by("-active", "name")
    )


def editable(user: User) -> QuerySet[Interpreter]:
    """The interpreters this user may edit or retire: their own force's (the national register is
    kept nationally)."""
    if not keeps_register(user) or user.force_id is None:
        return Interpreter.objects.none()
    return Interpreter.objects.filter(force_id=user.force_id)


def _check_may_change(actor: User, interpreter: Interpreter) -> None:
    if not keeps_register(actor) or interpreter.force_id != actor.force_id:
        raise AccessDenied("SPOCs, supervisors and force administrators keep their force's interpreter register.")


def _clean_languages(offered: dict[str, list[str]]) -> dict[str, list[str]]:
    if not offered:
        raise invalid("languages", "Give at least one language the interpreter works in.")
    codes: dict[str, list[str]] = {}
    for code, dialects in offered.items():
        canon = languages.canonical(code)
        if canon not in languages.LANGUAGES:
            raise invalid("languages", f"{code!r} is not a language on the list.")
        if languages.is_group(canon):
            raise invalid("languages", f"{languages.name_of(canon)}: name the particular language.")
        codes[canon] = [d.strip() for d in dialects if d.strip()]
    return codes


def edit(actor: User, interpreter: Interpreter, changes: Changes) -> Interpreter:
    """Correct an interpreter's details. Bookings already made keep what they were checked
    against; new bookings are checked against the corrected details."""
    _check_may_change(actor, interpreter)
    if not interpreter.active:
        raise invalid("name", "This interpreter has retired: a retired interpreter's details are kept as they were.")
    if not changes.name.strip():
        raise invalid("name", "Enter the interpreter's name.")
    if changes.sex not in ("female", "male"):
        raise invalid("sex", "Select the interpreter's sex.")
    if changes.vetting not in Interpreter.Vetting.values:
        raise invalid("vetting", "Select the vetting level.")
    codes = _clean_languages(changes.languages_offered)
    before = {entry.language: list(entry.dialects) for entry in interpreter.languages.all()}
    fields = {
        "name": changes.name.strip(),
        "sex": changes.sex,
        "vetting": changes.vetting,
        "vetted_until": changes.vetted_until,
        "register_number": changes.register_number.strip(),
    }
    changed = [name for name, value in fields.items() if getattr(interpreter, name) != value]
    if before != codes:
        changed.append("languages")
    if not changed:
        return interpreter
    with transaction.atomic():
        Interpreter.objects.filter(pk=interpreter.pk).update(**fields)
        if "languages" in changed:
            InterpreterLanguage.objects.filter(interpreter=interpreter).delete()
            InterpreterLanguage.objects.bulk_create(
                InterpreterLanguage(interpreter=interpreter, language=code, dialects=dialects)
                for code, dialects in codes.items()
            )
        audit.record(actor, audit.Action.ALTERATION, interpreter, detail="edited: " + ", ".join(changed))
    interpreter.refresh_from_db()
    return interpreter


def bookings_to_come(interpreter: Interpreter) -> QuerySet[InterpreterBooking]:
    """The interpreter's bookings still to take place (proposed or confirmed, from now on)."""
    return InterpreterBooking.objects.filter(
        interpreter=interpreter, status__in=STILL_TO_COME, booked_for__gte=clock.now()
    ).select_related("case", "case__officer_in_charge", "recorded_by")


def retire(actor: User, interpreter: Interpreter, reason: str) -> list[InterpreterBooking]:
    """Retire an interpreter with a reason. Returns the bookings still to come, each now flagged
    for rebooking with its officer alerted (page and e-mail, once each)."""
    _check_may_change(actor, interpreter)
    if not interpreter.active:
        raise invalid("reason", "This interpreter has already retired.")
    if len(reason.strip()) < MIN_RETIRE_REASON:
        raise invalid("reason", "Say why the interpreter is leaving the register (at least 10 characters).")
    now = clock.now()
    with transaction.atomic():
        Interpreter.objects.filter(pk=interpreter.pk).update(
            active=False, retired_at=now, retired_reason=reason.strip()
        )
        flagged = list(bookings_to_come(interpreter).select_for_update(of=("self",)))
        note = f"{interpreter.name} has retired from the interpreter register: rebook with another interpreter"
        for booking in flagged:
            InterpreterBooking.objects.filter(pk=booking.pk).update(rebook_flagged_at=now, rebook_reason=note[:255])
            audit.record(actor, audit.Action.ALTERATION, booking, detail="flagged for rebooking: interpreter retired")
            _alert(booking)
        audit.record(
            actor,
            audit.Action.ALTERATION,
            interpreter,
            reason=reason.strip()[:200],
            detail=f"retired; {len(flagged)} booking(s) to come flagged for rebooking",
        )
    interpreter.refresh_from_db()
    for booking in flagged:
        booking.refresh_from_db()
    return flagged


def _alert(booking: InterpreterBooking) -> None:
    """The officer in charge of the booking's case (or its maker, with no case) is told. The
    message names no person: the date and purpose are enough to find it."""
    when = clock.london_day(booking.booked_for).strftime("%-d %B %Y")
    message = f"An interpreter booked for {when} ({booking.get_purpose_display().lower()}) has retired: rebook"
    case = booking.case
    officer = case.officer_in_charge if case is not None and case.officer_in_charge else booking.recorded_by
    if case is None:
        from lantern.safeguarding.services import alert

        alert(officer, SafeguardingAlert.Kind.INTERPRETER_RETIRED, message)
        return
    alert_and_email(
        officer,
        SafeguardingAlert.Kind.INTERPRETER_RETIRED,
        message,
        case,
        key=alert_key("interpreter_booking_rebook", booking.pk, case),
    )
