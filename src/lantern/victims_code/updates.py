"""Meeting and waiving Victims' Code duties: an update to a victim (recorded, delivered, failed,
corrected) meets the duties it answers; a waiver closes one with a reason. Each operation is one
function: rules checked, one transaction, timeline and audit log. Re-exported from services.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from lantern.cases import services as case_services
from lantern.cases.models import Case, TimelineEvent
from lantern.core import audit, clock
from lantern.core.access import AccessDenied
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.people.models import Person
from lantern.victims_code import rules
from lantern.victims_code.code import can_waive, holds_case
from lantern.victims_code.models import (
    Channel,
    Duty,
    DutyKind,
    VictimUpdate,
)
from lantern.victims_code.victims import check_victim

NOTE = TimelineEvent.Kind.NOTE

# --- Meeting and waiving duties ------------------------------------------------------------------


def _meet(duties: Iterable[Duty], at: dt.datetime, update: VictimUpdate) -> list[Duty]:
    met = []
    for duty in duties:
        if duty.state != Duty.State.OPEN or not rules.can_meet(duty.event_at, at):
            continue
        result = rules.meeting(duty.due_on, at)
        duty.state, duty.days_late, duty.met_at = result.state, result.days_late, at
        duty._change_reason = f"met by update {update.pk}"  # type: ignore[attr-defined]
        duty.save(update_fields=["state", "days_late", "met_at"])
        met.append(duty)
    return met


# Duties any news meets: "no news is news" under the contact plan, and a request for an update.
ANY_UPDATE_MEETS = (DutyKind.PLAN_UPDATE, DutyKind.UPDATE_REQUESTED)


def _open_plan_duties(case: Case, victim: Person, at: dt.datetime) -> QuerySet[Duty]:
    return Duty.objects.filter(
        case=case, victim=victim, kind__in=ANY_UPDATE_MEETS, state=Duty.State.OPEN, event_at__lte=at
    )


def _selected_duties(case: Case, victim: Person, duty_ids: Iterable[int], at: dt.datetime | None) -> list[Duty]:
    """The duties an update is to meet, checked: open, this victim's, and already owed at `at`."""
    ids = sorted(set(duty_ids))
    duties = list(Duty.objects.filter(pk__in=ids, case=case).select_for_update())
    if len(duties) != len(ids):
        raise invalid("duties", "One of the duties chosen is not a duty of this case.")
    for duty in duties:
        if duty.victim_id != victim.pk:
            raise invalid("duties", f"“{duty.get_kind_display()}” is owed to another victim in this case.")
        if duty.state != Duty.State.OPEN:
            raise invalid("duties", f"“{duty.get_kind_display()}” was already {duty.get_state_display().lower()}.")
        if at is not None and not rules.can_meet(duty.event_at, at):
            raise invalid(
                "duties", f"“{duty.get_kind_display()}” arose after this update, so the update cannot meet it."
            )
    return duties


@dataclass(frozen=True)
class NewUpdate:
    victim: Person
    given_at: dt.datetime
    channel: str
    language: str
    summary: str
    interpreter_used: bool = False
    interpreter_name: str = ""
    duty_ids: tuple[int, ...] = ()
    grouped: bool = False  # for a group of missed updates: it must name at least one of them


def _check_update_fields(
    channel: str, language: str, summary: str, interpreter_used: bool, interpreter_name: str
) -> None:
    if channel not in Channel.values:
        raise invalid("channel", "Choose how the victim was told.")
    if not language.strip():
        raise invalid("language", "Say which language the update was given in.")
    if not summary.strip():
        raise invalid("summary", "Say what the victim was told.")
    if interpreter_used and not interpreter_name.strip():
        raise invalid("interpreter_name", "Say who interpreted.")


def record_update(actor: User, case: Case, data: NewUpdate) -> VictimUpdate:
    """Record that the victim was told something: meets the duties chosen and every open contact
    plan update (any news meets "no news is news"), and sets the case's last victim contact."""
    if not holds_case(actor, case):
        raise AccessDenied(
            "Only the officer in charge can record an update to the victim. Ask them to, or take the case over first."
        )
    check_victim(case, data.victim)
    problems = rules.update_problems(data.given_at, clock.now(), case.reported_at)
    if problems:
        field_name, message = next(iter(problems.items()))
        raise invalid(field_name, message)
    _check_update_fields(data.channel, data.language, data.summary, data.interpreter_used, data.interpreter_name)
    if data.grouped and not data.duty_ids:
        raise invalid("duties", "Tick the missed updates this update meets: it was opened for them, and names none.")
    with transaction.atomic():
        duties = _selected_duties(case, data.victim, data.duty_ids, data.given_at)
        duties += [d for d in _open_plan_duties(case, data.victim, data.given_at) if d.pk not in data.duty_ids]
        update = VictimUpdate.objects.create(
            case=case,
            victim=data.victim,
            given_at=data.given_at,
            given_by=actor,
            channel=data.channel,
            language=data.language.strip().lower(),
            interpreter_used=data.interpreter_used,
            interpreter_name=data.interpreter_name.strip() if data.interpreter_used else "",
            summary=data.summary.strip(),
            delivery=VictimUpdate.Delivery.GIVEN,
            recorded_by=actor,
        )
        update.duties.set(duties)
        _meet(duties, data.given_at, update)
        case_services.record_victim_contact(actor, case, data.given_at, Channel(data.channel).label.lower())
        from lantern.victims_code.plans import advance_plan

        advance_plan(case, data.victim)
        audit.record(actor, audit.Action.COLLECTION, update, detail=f"update to victim; {len(duties)} duties")
    return update


def apply_delivered_update(update: VictimUpdate, at: dt.datetime) -> list[Duty]:
    """An update sent through the outbox reached the victim (sent, or a letter delivered): it is
    now given, and meets its duties and any open contact plan update."""
    case = update.case
    with transaction.atomic():
        VictimUpdate.objects.filter(pk=update.pk).update(given_at=at, delivery=VictimUpdate.Delivery.GIVEN)
        update.refresh_from_db()
        duties = list(update.duties.select_for_update()) + list(_open_plan_duties(case, update.victim, at))
        update.duties.add(*duties)
        met = _meet(duties, at, update)
        case_services.record_victim_contact(update.given_by, case, at, update.get_channel_display().lower())
        from lantern.victims_code.plans import advance_plan

        advance_plan(case, update.victim)
    return met


def mark_update_failed(update: VictimUpdate) -> None:
    with transaction.atomic():
        VictimUpdate.objects.filter(pk=update.pk).update(delivery=VictimUpdate.Delivery.FAILED)
        case_services.add_timeline(
            update.case,
            NOTE,
            f"{update.get_channel_display()} to the victim could not be sent: the duties stay open",
            None,
        )


def correct_update(
    actor: User,
    update: VictimUpdate,
    *,
    summary: str,
    language: str,
    interpreter_used: bool,
    interpreter_name: str,
    reason: str,
) -> VictimUpdate:
    """Correct what was recorded about an update (not when it was given: record a new update for
    that). The earlier version stays in the update's history, with the reason."""
    if not holds_case(actor, update.case):
        raise AccessDenied("Only the officer in charge can correct an update to the victim.")
    if not reason.strip():
        raise invalid("reason", "Say why the record is being corrected.")
    _check_update_fields(update.channel, language, summary, interpreter_used, interpreter_name)
    with transaction.atomic():
        update.summary, update.language = summary.strip(), language.strip().lower()
        update.interpreter_used = interpreter_used
        update.interpreter_name = interpreter_name.strip() if interpreter_used else ""
        update._change_reason = reason.strip()[:100]  # type: ignore[attr-defined]
        update.save()
        audit.record(actor, audit.Action.ALTERATION, update, reason=reason.strip()[:200], detail="update corrected")
    return update


def waive_duty(actor: User, duty: Duty, reason: str) -> Duty:
    """Close a duty without meeting it, for a recorded reason (the victim asked not to be told,
    could not be traced, declined a referral). It still counts in the measures as waived."""
    case = duty.case
    if not can_waive(actor, case):
        raise AccessDenied("Only the officer in charge, a supervisor or the SPOC can waive a duty.")
    if not reason.strip():
        raise invalid("reason", "Say why this duty is waived.")
    with transaction.atomic():
        locked = Duty.objects.select_for_update().get(pk=duty.pk)
        if locked.state != Duty.State.OPEN:
            raise invalid("reason", f"This duty was already {locked.get_state_display().lower()}.")
        locked.state, locked.waived_reason = Duty.State.WAIVED, reason.strip()
        locked.waived_by, locked.waived_at = actor, clock.now()
        locked._change_reason = "waived"  # type: ignore[attr-defined]
        locked.save(update_fields=["state", "waived_reason", "waived_by", "waived_at"])
        case_services.add_timeline(case, NOTE, f"Victims' Code duty waived: {locked.get_kind_display()}", actor)
        audit.record(actor, audit.Action.ALTERATION, locked, reason=reason.strip()[:200], detail="duty waived")
        if locked.kind == DutyKind.PLAN_UPDATE:
            from lantern.victims_code.plans import advance_plan

            advance_plan(case, locked.victim)
    return locked
