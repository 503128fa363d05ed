"""Victims' Code history for SYNTHETIC data only (the demo generator and the benchmarks).

Real cases get their duties from services as things happen; the sweep's backfill gives duties to
victims loaded in bulk but never invents that they were met. Generated cases, though, come with a
synthetic past: victim contacts, handovers, transfers and charges on their timelines. This module
derives a consistent Victims' Code history from that past, in bulk and deterministically by seed:

- the initial duties of every victim, and a duty for each handover, transfer and charge;
- a contact plan for most victims, agreed at the first contact, with its update duties;
- each victim contact on the timeline becomes an update to the victim that meets every duty owed
  by then (so an officer who kept in touch meets their duties, and long silences show as missed
  plan updates and late duties);
- open duties of cases that are still open are left open (overdue or not, as the dates say).

Usage: `derive(seed=1)` after the generator has written its cases (it skips victims who already
have duties), then run the sweep. It writes no history rows (generated data has no history).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, Max, OuterRef

from lantern.cases.models import Case, CaseParty, CaseStatus, TimelineEvent
from lantern.core import bulk, clock
from lantern.people.models import LanguageSkill
from lantern.victims_code import rules
from lantern.victims_code.models import CaseEvent, Channel, ContactPlan, Duty, DutyKind, EventKind, VictimUpdate
from lantern.victims_code.services import DutyFactory
from lantern.victims_code.working_days import end_of_day, london_day

CHUNK = 1000
Kind = TimelineEvent.Kind
EVENT_OF: dict[str, str] = {
    Kind.HANDOVER_ACCEPTED: EventKind.OFFICER_CHANGED,
    Kind.TRANSFER_ACCEPTED: EventKind.CASE_TRANSFERRED,
}
CHANNEL_BY_WORDS = (
    ("phone", Channel.PHONE),
    ("advocate", Channel.ADVOCATE),
    ("letter", Channel.LETTER),
    ("person", Channel.IN_PERSON),
    ("visited", Channel.IN_PERSON),
)
PLAN_INTERVALS = (14, 21, 28, 28, 28, 42)
PLAN_CHANNELS = (Channel.PHONE, Channel.PHONE, Channel.IN_PERSON, Channel.ADVOCATE, Channel.LETTER)


@dataclass
class Derived:
    events: list[CaseEvent] = field(default_factory=list)
    duties: list[Duty] = field(default_factory=list)
    plans: list[ContactPlan] = field(default_factory=list)
    updates: list[VictimUpdate] = field(default_factory=list)
    # Per duty, the event or the plan it comes from (ids are known only when written).
    duty_events: list[CaseEvent | None] = field(default_factory=list)
    duty_plans: list[ContactPlan | None] = field(default_factory=list)
    # (update index, duty index) pairs: which update met which duty.
    links: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Totals:
    cases: int = 0
    victims: int = 0
    duties: int = 0
    updates: int = 0
    plans: int = 0


def _chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def derive(seed: int = 1, now: dt.datetime | None = None) -> Totals:
    """Give every victim without duties a synthetic Victims' Code history. Returns counts."""
    now = now or clock.now()
    factory = DutyFactory()
    has_duties = Duty.objects.filter(case_id=OuterRef("case_id"), victim_id=OuterRef("person_id"))
    case_ids = sorted(set(CaseParty.objects.victims().filter(~Exists(has_duties)).values_list("case_id", flat=True)))
    totals = Totals()
    for ids in _chunks(case_ids, CHUNK):
        with transaction.atomic():
            derived = _derive_chunk(ids, seed, now, factory, totals)
            _write(derived)
        totals.cases += len(ids)
        totals.duties += len(derived.duties)
        totals.updates += len(derived.updates)
        totals.plans += len(derived.plans)
    reset_sequences()
    return totals


def _derive_chunk(ids: list[int], seed: int, now: dt.datetime, factory: DutyFactory, totals: Totals) -> Derived:
    cases = Case.objects.in_bulk(ids)
    parties: dict[int, list[CaseParty]] = defaultdict(list)
    for party in CaseParty.objects.victims().filter(case_id__in=ids).select_related("person").order_by("id"):
        if all(p.person_id != party.person_id for p in parties[party.case_id]):
            parties[party.case_id].append(party)
    languages = {
        s.person_id: s.language
        for s in LanguageSkill.objects.filter(person__case_parties__case_id__in=ids, level=LanguageSkill.Level.FIRST)
    }
    timeline: dict[int, list[TimelineEvent]] = defaultdict(list)
    for event in TimelineEvent.objects.filter(
        case_id__in=ids,
        kind__in=[Kind.VICTIM_CONTACT, Kind.HANDOVER_ACCEPTED, Kind.TRANSFER_ACCEPTED, Kind.STATUS_CHANGED],
    ).order_by("at", "id"):
        timeline[event.case_id].append(event)
    out = Derived()
    today = london_day(now)
    for case_id in ids:
        case = cases[case_id]
        rng = random.Random(f"{seed}:victims-code:{case_id}")  # noqa: S311 - synthetic data, not security
        events = [CaseEvent(case=case, kind=EventKind.CRIME_RECORDED, occurred_at=case.reported_at)]
        for item in timeline[case_id]:
            kind = EVENT_OF.get(item.kind)
            if item.kind == Kind.STATUS_CHANGED and item.summary.endswith("to Charged"):
                kind = EventKind.CHARGED
            if kind:
                events.append(CaseEvent(case=case, kind=kind, occurred_at=item.at, recorded_by_id=item.actor_id))
        out.events += events
        contacts = [e for e in timeline[case_id] if e.kind == Kind.VICTIM_CONTACT and e.at <= now]
        for party in parties[case_id]:
            totals.victims += 1
            _victim_history(
                out,
                case,
                party,
                events,
                contacts,
                languages.get(party.person_id, "en"),
                rng,
                factory,
                now,
                today,
                timeline[case_id],
            )
    return out


def _victim_history(  # noqa: C901 - synthetic data: one branch per duty kind; to split (issue 8 item 5)
    out: Derived,
    case: Case,
    party: CaseParty,
    events: list[CaseEvent],
    contacts: list[TimelineEvent],
    language: str,
    rng: random.Random,
    factory: DutyFactory,
    now: dt.datetime,
    today: dt.date,
    contacts_and_status: list[TimelineEvent],
) -> None:
    person = party.person
    under_18 = rules.under_18_at_offence(person.date_of_birth, person.age_max, london_day(case.reported_at))
    enhanced = rules.enhanced_rights(rules.VictimFacts(under_18, modern_slavery_case=True)).enhanced
    owed: list[int] = []  # indexes into out.duties of this victim's open duties

    def add(
        kind: str,
        event: CaseEvent,
        at: dt.datetime,
        owner_id: int,
        plan: ContactPlan | None = None,
        due: dt.date | None = None,
        key: str = "",
    ) -> int:
        if plan is None:
            duty = factory.build(
                case=case,
                victim_id=person.pk,
                kind=kind,
                enhanced=enhanced,
                event_at=at,
                source_key="",
                owner_id=owner_id,
            )
        else:
            duty = Duty(
                case=case,
                victim_id=person.pk,
                kind=kind,
                source_key=key,
                enhanced=enhanced,
                event_at=at,
                due_on=due or today,
                owner_id=owner_id,
            )
        out.duties.append(duty)
        out.duty_events.append(event if plan is None else None)
        out.duty_plans.append(plan)
        owed.append(len(out.duties) - 1)
        return len(out.duties) - 1

    start = max(case.reported_at, party.recorded_at)
    timed = sorted(
        [(start, "initial", events[0])] + [(e.occurred_at, "event", e) for e in events[1:] if e.occurred_at >= start],
        key=lambda item: item[0],
    )
    plan: ContactPlan | None = None
    plan_latest: rules.PlanDutyRecord | None = None
    plan_count = 0
    wants_plan = rng.random() < 0.7
    calendar = factory.calendar

    def plan_duties_until(limit: dt.date, officer_id: int) -> None:
        nonlocal plan_latest, plan_count
        if plan is None:
            return
        for _ in range(60):
            window = rules.next_plan_window(
                london_day(plan.agreed_at), plan.interval_days, plan_latest, limit, calendar
            )
            if window is None:
                return
            if plan_latest is None:
                at = plan.agreed_at
            elif plan_latest.state == Duty.State.OPEN:
                at = end_of_day(plan_latest.due_on)
            else:
                at = dt.datetime.combine(plan_latest.closed_on or window.starts_on, dt.time(12), tzinfo=now.tzinfo)
            plan_count += 1
            add(
                DutyKind.PLAN_UPDATE,
                events[0],
                at,
                officer_id,
                plan,
                window.due_on,
                f"plan:synthetic:{id(plan)}:{plan_count}",
            )
            plan_latest = rules.PlanDutyRecord(window.starts_on, window.due_on, Duty.State.OPEN)
            plan.latest_due_on = window.due_on
            if window.due_on >= limit:
                return

    queue = list(timed)
    # A closed case's history ends when it was closed: no updates owed under the plan after that.
    end = _closed_at(case, contacts_and_status) or now
    for contact in [c for c in contacts if c.at <= end] + [None]:
        moment = contact.at if contact is not None else end
        while queue and queue[0][0] <= moment:
            at, what, event = queue.pop(0)
            kinds = rules.INITIAL_DUTIES if what == "initial" else rules.duties_for_event(event.kind)
            for kind in kinds:
                add(kind, event, at, case.officer_in_charge_id)
        plan_duties_until(
            london_day(moment), contact.actor_id if contact and contact.actor_id else case.officer_in_charge_id
        )
        if contact is None:
            break
        officer = contact.actor_id or case.officer_in_charge_id
        channel = next((c for words, c in CHANNEL_BY_WORDS if words in contact.summary.lower()), Channel.PHONE)
        update = VictimUpdate(
            case=case,
            victim=person,
            given_at=contact.at,
            given_by_id=officer,
            recorded_by_id=officer,
            channel=channel,
            language=language,
            interpreter_used=language != "en",
            interpreter_name="Booked interpreter" if language != "en" else "",
            summary=contact.summary,
            recorded_at=contact.at,
        )
        out.updates.append(update)
        for index in list(owed):
            duty = out.duties[index]
            if duty.event_at <= contact.at:
                result = rules.meeting(duty.due_on, contact.at)
                duty.state, duty.days_late, duty.met_at, duty.owner_id = (
                    result.state,
                    result.days_late,
                    contact.at,
                    officer,
                )
                out.links.append((len(out.updates) - 1, index))
                owed.remove(index)
                if duty.kind == DutyKind.PLAN_UPDATE:
                    plan_latest = rules.PlanDutyRecord(
                        london_day(duty.event_at), duty.due_on, duty.state, london_day(contact.at)
                    )
        if wants_plan and plan is None:
            plan = ContactPlan(
                case=case,
                victim=person,
                interval_days=rng.choice(PLAN_INTERVALS),
                channel=rng.choice(PLAN_CHANNELS),
                language=language,
                interpreter_needed=language != "en",
                agreed_at=contact.at,
                agreed_by_id=officer,
            )
            out.plans.append(plan)
            plan_latest, plan_count = None, 0
    if case.status == CaseStatus.CLOSED:
        for index in owed:
            duty = out.duties[index]
            duty.state, duty.waived_at, duty.waived_by_id = Duty.State.WAIVED, end, case.officer_in_charge_id
            duty.waived_reason = "Not done before the case was closed (synthetic history)"


def _closed_at(case: Case, timeline: list[TimelineEvent]) -> dt.datetime | None:
    if case.status != CaseStatus.CLOSED:
        return None
    for event in reversed(timeline):
        if event.kind == Kind.STATUS_CHANGED and event.summary.split(":")[0].endswith("to Closed"):
            return event.at
    return case.updated_at


def _write(derived: Derived) -> None:
    """Insert with ids chosen here (the next free ones), so that rows pointing to each other can be
    written raw: executemany on SQLite, COPY on PostgreSQL (bulk_create spends most of its time
    preparing every field of every object). The caller holds the only writing transaction."""
    for model, objects in (
        (CaseEvent, derived.events),
        (ContactPlan, derived.plans),
        (Duty, derived.duties),
        (VictimUpdate, derived.updates),
    ):
        first = (model.objects.aggregate(top=Max("id"))["top"] or 0) + 1
        for offset, obj in enumerate(objects):
            obj.pk = first + offset
    for duty, event, plan in zip(derived.duties, derived.duty_events, derived.duty_plans, strict=True):
        if plan is not None:
            duty.plan_id = plan.pk
            duty.source_key = f"plan:{plan.pk}:{duty.source_key.rsplit(':', 1)[1]}"
        elif event is not None:
            duty.event_id = event.pk
            duty.source_key = f"event:{event.pk}"
    for model, objects in (
        (CaseEvent, derived.events),
        (ContactPlan, derived.plans),
        (Duty, derived.duties),
        (VictimUpdate, derived.updates),
    ):
        bulk.insert_rows(
            model._meta.db_table,
            [f.column for f in model._meta.concrete_fields],
            ([obj.__dict__[f.attname] for f in model._meta.concrete_fields] for obj in objects),
        )
    through = VictimUpdate.duties.through
    bulk.insert_rows(
        through._meta.db_table,
        ["victimupdate_id", "duty_id"],
        ([derived.updates[u].pk, derived.duties[d].pk] for u, d in derived.links),
    )


def reset_sequences() -> None:
    """After inserting with explicit ids, PostgreSQL's sequences must move past them."""
    bulk.reset_sequences((CaseEvent, ContactPlan, Duty, VictimUpdate, VictimUpdate.duties.through))
