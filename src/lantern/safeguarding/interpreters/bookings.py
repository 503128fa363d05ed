"""Interpreter register and bookings (F6). The match itself is rules.check_interpreter_booking;
this module gathers what it needs from the database and records the outcome."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantern.cases.models import Case, CaseParty
from lantern.core import audit
from lantern.core.access import AccessDenied, can_handle_safeguarding
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.core.roles import Capability, has_capability
from lantern.people.models import Person
from lantern.safeguarding import languages, rules
from lantern.safeguarding.models import Interpreter, InterpreterBooking, InterpreterLanguage

MIN_REASON_CHARS = 10


def register(
    actor: User,
    *,
    name: str,
    sex: str,
    languages_offered: dict[str, list[str]],
    vetting: str = "none",
    vetted_until: date | None = None,
    register_number: str = "",
    phone: str = "",
) -> Interpreter:
    """Add an interpreter to the force's register: a SPOC, supervisor or force administrator."""
    if actor.force is None or not has_capability(actor, Capability.MANAGES_INTERPRETERS):
        raise AccessDenied("SPOCs, supervisors and force administrators keep the interpreter register.")
    if not name.strip():
        raise invalid("name", "Enter the interpreter's name.")
    if sex not in ("female", "male"):
        raise invalid("sex", "Select the interpreter's sex (a person may ask for an interpreter of a particular sex).")
    if vetting not in Interpreter.Vetting.values:
        raise invalid("vetting", "Select the vetting level.")
    if not languages_offered:
        raise invalid("languages", "Give at least one language the interpreter works in.")
    codes = {}
    for code, dialects in languages_offered.items():
        canon = languages.canonical(code)
        if canon not in languages.LANGUAGES:
            raise invalid("languages", f"{code!r} is not a language on the list.")
        if languages.is_group(canon):
            raise invalid("languages", f"{languages.name_of(canon)}: name the particular language.")
        codes[canon] = [d.strip() for d in dialects if d.strip()]
    with transaction.atomic():
        interpreter = Interpreter.objects.create(
            name=name.strip(),
            sex=sex,
            vetting=vetting,
            vetted_until=vetted_until,
            register_number=register_number.strip(),
            phone=phone.strip(),
            force=actor.force,
        )
        for code, dialects in codes.items():
            InterpreterLanguage.objects.create(interpreter=interpreter, language=code, dialects=dialects)
        audit.record(actor, audit.Action.COLLECTION, interpreter)
    return interpreter


def offer_of(interpreter: Interpreter) -> rules.InterpreterOffer:
    return rules.InterpreterOffer(
        id=interpreter.pk,
        name=interpreter.name,
        sex=interpreter.sex,
        languages={entry.language: list(entry.dialects) for entry in interpreter.languages.all()},
        active=interpreter.active,
        vetted_until=interpreter.vetted_until,
    )


def previous_interpreters(person: Person) -> list[int]:
    return list(
        InterpreterBooking.objects.filter(person=person, status=InterpreterBooking.Status.CONFIRMED)
        .order_by("-booked_for")
        .values_list("interpreter_id", flat=True)
        .distinct()
    )


def check(
    person: Person, language: str, dialect: str, interpreter: Interpreter | None, on: date
) -> list[rules.Finding]:
    speaks = [rules.Speaks(s.language, s.level, s.dialect) for s in person.languages.all()]
    return rules.check_interpreter_booking(
        speaks,
        language,
        dialect,
        offer_of(interpreter) if interpreter else None,
        on=on,
        sex_preference=person.interpreter_sex_preference,
        same_interpreter_preferred=person.same_interpreter_preferred,
        previous_interpreter_ids=previous_interpreters(person),
    )


def _as_json(findings: list[rules.Finding]) -> list[dict[str, Any]]:
    return [{"code": f.code, "message": f.message, "blocking": f.blocking} for f in findings]


def propose(
    actor: User,
    *,
    person: Person,
    interpreter: Interpreter | None,
    language: str,
    dialect: str = "",
    purpose: str,
    booked_for: datetime | None,
    case: Case | None = None,
) -> InterpreterBooking:
    """Propose a booking. Refused without a language, purpose, date or interpreter, or when the
    interpreter cannot interpret that language at all; other mismatches are kept as findings
    that must be answered before it is confirmed."""
    if not can_handle_safeguarding(actor) or actor.force is None:
        raise AccessDenied("Only police officers and staff book interpreters.")
    if not (language or "").strip():
        raise invalid("language", "Choose the language the interpreter will interpret.")
    if languages.canonical(language) not in languages.LANGUAGES:
        raise invalid("language", "Choose a language from the list.")
    if purpose not in InterpreterBooking.Purpose.values:
        raise invalid("purpose", "Select what the interpreter is needed for.")
    if booked_for is None:
        raise invalid("booked_for", "Enter the date of the booking.")
    if interpreter is None:
        raise invalid("interpreter", "Choose an interpreter from the register.")
    if case is not None and not CaseParty.objects.filter(case=case, person=person).exists():
        raise invalid("person", "This person is not in that case.")
    findings = check(
        person,
        language,
        dialect,
        interpreter,
        timezone.localtime(booked_for).date() if timezone.is_aware(booked_for) else booked_for.date(),
    )
    blocking = [f for f in findings if f.blocking]
    if blocking:
        field = "language" if blocking[0].code in ("group_language", "no_language") else "interpreter"
        raise invalid(field, blocking[0].message)
    with transaction.atomic():
        booking = InterpreterBooking.objects.create(
            force=actor.force,
            person=person,
            case=case,
            interpreter=interpreter,
            language=languages.resolve(language, dialect),
            dialect=dialect.strip(),
            purpose=purpose,
            booked_for=booked_for,
            findings=_as_json(findings),
            recorded_by=actor,
        )
        audit.record(actor, audit.Action.COLLECTION, booking, detail=f"{len(findings)} findings")
    return booking


def confirm(actor: User, booking: InterpreterBooking, override_reason: str = "") -> InterpreterBooking:
    """Confirm a booking. If the check finds anything, the reason it should still go ahead must
    be recorded (a preference not honoured, a related language used for a welfare check)."""
    if not can_handle_safeguarding(actor) or booking.force_id != actor.force_id:
        raise AccessDenied("Only police of the booking's force can confirm it.")
    if booking.status != InterpreterBooking.Status.PROPOSED:
        raise invalid("status", f"This booking is already {booking.get_status_display().lower()}.")
    on = timezone.localtime(booking.booked_for).date()
    findings = check(booking.person, booking.language, booking.dialect, booking.interpreter, on)
    if any(f.blocking for f in findings):
        raise invalid("interpreter", next(f.message for f in findings if f.blocking))
    if findings and len(override_reason.strip()) < MIN_REASON_CHARS:
        raise invalid(
            "override_reason",
            "This booking does not match what the person needs: record why it should "
            "still go ahead, or change the booking.",
        )
    with transaction.atomic():
        InterpreterBooking.objects.filter(pk=booking.pk).update(
            status=InterpreterBooking.Status.CONFIRMED,
            confirmed_by=actor,
            confirmed_at=timezone.now(),
            findings=_as_json(findings),
            override_reason=override_reason.strip() if findings else "",
        )
        audit.record(actor, audit.Action.ALTERATION, booking, detail="confirmed" + (" with reason" if findings else ""))
    booking.refresh_from_db()
    return booking


def cancel(actor: User, booking: InterpreterBooking) -> InterpreterBooking:
    if not can_handle_safeguarding(actor) or booking.force_id != actor.force_id:
        raise AccessDenied("Only police of the booking's force can cancel it.")
    InterpreterBooking.objects.filter(pk=booking.pk).update(status=InterpreterBooking.Status.CANCELLED)
    audit.record(actor, audit.Action.ALTERATION, booking, detail="cancelled")
    booking.refresh_from_db()
    return booking


def register_for(actor: User) -> Any:
    """Interpreters an officer may book: the national register and their force's."""
    from django.db.models import Q

    return Interpreter.objects.filter(Q(force__isnull=True) | Q(force_id=actor.force_id), active=True).prefetch_related(
        "languages"
    )
