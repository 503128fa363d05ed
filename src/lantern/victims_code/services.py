"""Operations on Victims' Code duties. Each is one function that checks the rules, writes in one
transaction (duties, the case timeline, the audit log) and returns the result. Pages, the API, the
sweep and the handlers of lantern.cases.events (subscriptions.py) all call these.

Duties come from events: recording a crime (and adding a victim to it) creates the initial duties;
recording an arrest, a charge, a transfer and so on creates the duty to tell each victim about it,
with the deadline of the Code version in force on the day of the event. An update to the victim
meets duties; a waiver closes one with a reason (updates.py, re-exported here). Nothing is deleted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from lantern.cases import services as case_services
from lantern.cases.models import Case, CaseParty, Offence, TimelineEvent
from lantern.core import audit, clock
from lantern.core.access import AccessDenied
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.nrm.models import DtnCaseLink, NrmCaseLink
from lantern.people.models import LanguageSkill, Person
from lantern.victims_code import retime, rules
from lantern.victims_code.code import CodeData, can_record_events, can_waive, load_code, working_calendar
from lantern.victims_code.models import (
    CaseEvent,
    ContactPlan,
    Duty,
    DutyKind,
    EnhancedRightsDecision,
    EventKind,
)
from lantern.victims_code.updates import (  # meeting and waiving duties; re-exported for their readers
    ANY_UPDATE_MEETS as ANY_UPDATE_MEETS,
)
from lantern.victims_code.updates import (
    NewUpdate as NewUpdate,
)
from lantern.victims_code.updates import (
    apply_delivered_update as apply_delivered_update,
)
from lantern.victims_code.updates import (
    correct_update as correct_update,
)
from lantern.victims_code.updates import (
    mark_update_failed as mark_update_failed,
)
from lantern.victims_code.updates import (
    record_update as record_update,
)
from lantern.victims_code.updates import (
    waive_duty as waive_duty,
)
from lantern.victims_code.victims import check_victim
from lantern.victims_code.victims import victims_of as victims_of
from lantern.victims_code.working_days import WorkingCalendar, london_day

NOTE = TimelineEvent.Kind.NOTE


# --- Enhanced rights ---------------------------------------------------------------------------


def victim_facts(case: Case, victim: Person) -> rules.VictimFacts:
    offences = list(Offence.objects.filter(case=case).values_list("legislation", "committed_from"))
    linked = NrmCaseLink.objects.filter(case=case).exists() or DtnCaseLink.objects.filter(case=case).exists()
    child_flag = victim.nrm_referrals.filter(child_at_exploitation=True).exists()
    offence_dates = [d for _, d in offences if d is not None]
    offence_on = min(offence_dates) if offence_dates else london_day(case.reported_at)
    decision = EnhancedRightsDecision.objects.filter(case=case, victim=victim).first()
    return rules.VictimFacts(
        under_18_at_offence=rules.under_18_at_offence(victim.date_of_birth, victim.age_max, offence_on, child_flag),
        modern_slavery_case=rules.is_modern_slavery_case(
            (code for code, _ in offences), linked, case.exploitation_types or []
        ),
        recorded_decision=decision.enhanced if decision else None,
        recorded_reason=decision.reason if decision else "",
    )


def enhanced_rights(case: Case, victim: Person) -> rules.EnhancedRights:
    return rules.enhanced_rights(victim_facts(case, victim))


def decide_enhanced_rights(
    actor: User, case: Case, victim: Person, enhanced: bool, reason: str
) -> EnhancedRightsDecision:
    """Record whether a victim has enhanced rights. A reason is always needed; a decision cannot
    take them from someone under 18 at the time of the offence (the rules ignore it, and the page
    says so). It applies to duties created from now on, and re-times the victim's open duties
    (retime.py) when it changes which figure they are owed."""
    if not can_waive(actor, case):
        raise AccessDenied("Only the officer in charge, a supervisor or the SPOC can decide on enhanced rights.")
    check_victim(case, victim)
    if not reason.strip():
        raise invalid("reason", "Say why: a decision on enhanced rights needs a recorded reason.")
    with transaction.atomic():
        decision = EnhancedRightsDecision.objects.create(
            case=case, victim=victim, enhanced=enhanced, reason=reason.strip(), decided_by=actor
        )
        word = "has" if enhanced else "does not have"
        case_services.add_timeline(
            case, NOTE, f"Recorded that a victim {word} enhanced rights under the Victims' Code", actor
        )
        audit.record(actor, audit.Action.ALTERATION, decision, reason=reason.strip()[:200], detail="enhanced rights")
        effective = enhanced_rights(case, victim).enhanced
        retimed = retime.retime_open_duties(actor, case, victim, effective, reason)
        if retimed:
            audit.record(actor, audit.Action.ALTERATION, decision, detail=f"{len(retimed)} open duties re-timed")
    return decision


# --- Creating duties ---------------------------------------------------------------------------


@dataclass
class DutyFactory:
    """Builds duties for one moment in time, loading the Code data once (the sweep and bulk loaders
    make many)."""

    code: CodeData = field(default_factory=load_code)
    calendar: WorkingCalendar = field(default_factory=working_calendar)

    def build(
        self,
        *,
        case: Case,
        victim_id: int,
        kind: str,
        enhanced: bool,
        event_at: dt.datetime,
        source_key: str,
        owner_id: int,
        event: CaseEvent | None = None,
    ) -> Duty:
        version = rules.version_in_force(self.code.versions, london_day(event_at))
        deadline = rules.deadline(self.code.rules, version, kind, event_at, enhanced, self.calendar)
        return Duty(
            case=case,
            victim_id=victim_id,
            kind=kind,
            event=event,
            source_key=source_key,
            rule_id=deadline.rule_id,
            enhanced=enhanced,
            working_days=deadline.working_days,
            event_at=event_at,
            due_on=deadline.due_on,
            owner_id=owner_id,
        )


def _insert_new(duties: Sequence[Duty]) -> list[Duty]:
    """Insert the duties that do not exist yet (same case, victim, kind and source)."""
    if not duties:
        return []
    keys = {(d.case_id, d.victim_id, d.kind, d.source_key) for d in duties}
    case_ids = {d.case_id for d in duties}
    existing = set(
        Duty.objects.filter(case_id__in=case_ids, source_key__in={k[3] for k in keys}).values_list(
            "case_id", "victim_id", "kind", "source_key"
        )
    )
    fresh = [d for d in duties if (d.case_id, d.victim_id, d.kind, d.source_key) not in existing]
    if fresh:
        bulk_create_with_history(fresh, Duty, batch_size=2000, default_change_reason="duty created")
    return fresh


def _event_duties(event: CaseEvent, victims: Iterable[Person], factory: DutyFactory | None = None) -> list[Duty]:
    factory = factory or DutyFactory()
    case = event.case
    duties = []
    for victim in victims:
        enhanced = enhanced_rights(case, victim).enhanced
        for kind in rules.duties_for_event(event.kind):
            duties.append(
                factory.build(
                    case=case,
                    victim_id=victim.pk,
                    kind=kind,
                    enhanced=enhanced,
                    event_at=event.occurred_at,
                    source_key=f"event:{event.pk}",
                    owner_id=case.officer_in_charge_id,
                    event=event,
                )
            )
    return _insert_new(duties)


def record_event(
    actor: User | None,
    case: Case,
    kind: str,
    occurred_at: dt.datetime,
    note: str = "",
    victims: Sequence[Person] | None = None,
) -> CaseEvent:
    """Record something that happened on the case; every victim is owed a duty to be told of it
    (or only `victims`, for an event that concerns some of them: one victim's request for a review).
    `actor` None means the system (a hook in another service that has checked its own rights)."""
    if actor is not None and not can_record_events(actor, case):
        raise AccessDenied("Only officers of the force holding the case can record what happened on it.")
    if kind not in EventKind.values:
        raise invalid("kind", "Choose what happened.")
    if occurred_at > clock.now():
        raise invalid("occurred_at", "The date cannot be in the future.")
    if occurred_at < case.reported_at and kind != EventKind.CRIME_RECORDED:
        raise invalid("occurred_at", "The date cannot be before the crime was reported.")
    if len(note) > 500:
        raise invalid("note", "The note must be 500 characters or fewer.")
    with transaction.atomic():
        event = CaseEvent.objects.create(
            case=case, kind=kind, occurred_at=occurred_at, note=note.strip(), recorded_by=actor
        )
        if victims is not None:
            for victim in victims:
                check_victim(case, victim, "victims")
        duties = _event_duties(event, victims_of(case) if victims is None else victims)
        label = EventKind(kind).label
        case_services.add_timeline(
            case,
            NOTE,
            f"{label}: {len(duties)} Victims' Code dut{'y' if len(duties) == 1 else 'ies'} to tell the victim",
            actor,
        )
        audit.record(actor, audit.Action.COLLECTION, event, detail=f"event {kind}")
    return event


def _crime_recorded_event(case: Case, actor: User | None) -> CaseEvent:
    event = CaseEvent.objects.filter(case=case, kind=EventKind.CRIME_RECORDED).order_by("id").first()
    if event is None:
        event = CaseEvent.objects.create(
            case=case, kind=EventKind.CRIME_RECORDED, occurred_at=case.reported_at, recorded_by=actor
        )
    return event


def on_case_recorded(case: Case, actor: User | None) -> None:
    """On CaseRecorded (cases.services.record_case): the crime-recorded event, and the initial duties of
    any victim already in the case."""
    event = _crime_recorded_event(case, actor)
    _event_duties(event, victims_of(case))


def on_victim_added(case: Case, victim: Person, actor: User | None) -> list[Duty]:
    """On PartyAdded (cases.services.add_party): a new victim is owed the initial duties, timed from when
    they became part of the case (or the report, if they were there from the start)."""
    event = _crime_recorded_event(case, actor)
    party = CaseParty.objects.victims().filter(case=case, person=victim).order_by("id").first()
    start = max(case.reported_at, party.recorded_at) if party else case.reported_at
    factory = DutyFactory()
    enhanced = enhanced_rights(case, victim).enhanced
    duties = [
        factory.build(
            case=case,
            victim_id=victim.pk,
            kind=kind,
            enhanced=enhanced,
            event_at=start,
            source_key=f"event:{event.pk}",
            owner_id=case.officer_in_charge_id,
            event=event,
        )
        for kind in rules.INITIAL_DUTIES
    ]
    return _insert_new(duties)


def reassign_open_duties(case: Case, new_owner: User, kind: str, actor: User | None) -> int:
    """On OfficerChanged and CaseTransferred: open duties move to the new officer in
    charge, and the victims are owed word of the change. Returns how many duties moved."""
    open_duties = list(Duty.objects.filter(case=case, state=Duty.State.OPEN).exclude(owner=new_owner).order_by())
    for duty in open_duties:
        duty.owner = new_owner
    reason = "case transferred" if kind == EventKind.CASE_TRANSFERRED else "officer in charge changed"
    bulk_update_with_history(open_duties, Duty, ["owner"], batch_size=500, default_change_reason=reason)
    case.refresh_from_db()
    event = CaseEvent.objects.create(case=case, kind=kind, occurred_at=clock.now(), recorded_by=actor)
    _event_duties(event, victims_of(case))
    return len(open_duties)


def preferred_language(case: Case, victim: Person) -> str:
    """The language to use with a victim: their contact plan's, else their first language, else English."""
    plan = ContactPlan.objects.filter(case=case, victim=victim, superseded_at__isnull=True).first()
    if plan is not None:
        return plan.language
    skills = {s.level: s.language for s in LanguageSkill.objects.filter(person=victim).order_by("-id")}
    return skills.get(LanguageSkill.Level.FIRST) or skills.get(LanguageSkill.Level.FLUENT) or "en"


def victims_without_initial_duties(case_ids: QuerySet[Case] | None = None) -> QuerySet[CaseParty]:
    """Victims in open cases who have no initial duties (added by a path without the hook, such
    as a bulk load): the sweep gives them theirs."""
    has_duties = Duty.objects.filter(
        case_id=OuterRef("case_id"), victim_id=OuterRef("person_id"), kind=DutyKind.WRITTEN_CONFIRMATION
    )
    parties = CaseParty.objects.victims().exclude(case__status="closed").filter(~Exists(has_duties))
    if case_ids is not None:
        parties = parties.filter(case__in=case_ids)
    return parties


def create_initial_duties_in_bulk(parties: Sequence[CaseParty], factory: DutyFactory | None = None) -> int:
    """Initial duties for many victims at once (the sweep's backfill, the demo generator): one
    crime-recorded event per case, duties enhanced by the modern slavery default (a case loaded in
    bulk has no recorded decisions yet; under-18s are picked up from the date of birth)."""
    factory = factory or DutyFactory()
    by_case: dict[int, list[CaseParty]] = {}
    for party in parties:
        by_case.setdefault(party.case_id, []).append(party)
    if not by_case:
        return 0
    cases = Case.objects.in_bulk(list(by_case))
    events = {e.case_id: e for e in CaseEvent.objects.filter(case_id__in=list(by_case), kind=EventKind.CRIME_RECORDED)}
    missing = [
        CaseEvent(case=cases[cid], kind=EventKind.CRIME_RECORDED, occurred_at=cases[cid].reported_at)
        for cid in by_case
        if cid not in events
    ]
    for event in CaseEvent.objects.bulk_create(missing, batch_size=2000):
        events[event.case_id] = event
    persons = Person.objects.in_bulk([p.person_id for group in by_case.values() for p in group])
    duties = []
    for case_id, group in by_case.items():
        case, event = cases[case_id], events[case_id]
        for party in group:
            person = persons[party.person_id]
            under_18 = rules.under_18_at_offence(person.date_of_birth, person.age_max, london_day(case.reported_at))
            enhanced = rules.enhanced_rights(rules.VictimFacts(under_18, modern_slavery_case=True)).enhanced
            start = max(case.reported_at, party.recorded_at)
            for kind in rules.INITIAL_DUTIES:
                duties.append(
                    factory.build(
                        case=case,
                        victim_id=person.pk,
                        kind=kind,
                        enhanced=enhanced,
                        event_at=start,
                        source_key=f"event:{event.pk}",
                        owner_id=case.officer_in_charge_id,
                        event=event,
                    )
                )
    try:
        with transaction.atomic():
            bulk_create_with_history(duties, Duty, batch_size=5000, default_change_reason="duty created")
    except IntegrityError:  # someone created some meanwhile: fall back to the careful path
        return len(_insert_new(duties))
    return len(duties)
