"""Victims' Code history for SYNTHETIC data only (the demo generator and the benchmarks).

Real cases get their duties from services as things happen; the sweep's backfill gives duties to
victims loaded in bulk but never invents that they were met. Generated cases, though, come with a
synthetic past: victim contacts, handovers, transfers and charges on their timelines. This module
derives a consistent Victims' Code history from that past, in bulk and deterministically by seed:

- the initial duties of every victim, and a duty for each handover, transfer and charge;
- a contact plan for most victims, agreed at the first contact, with its update duties up to `now`;
- each victim contact on the timeline becomes an update to the victim that meets every duty owed
  by then (so an officer who kept in touch meets their duties, and long silences show as missed
  plan updates and late duties);
- open duties of cases that are still open are left open (overdue or not, as the dates say);
- the escalations a sweep running every few minutes would have made (synthetic_escalations.py):
  so the first real sweep finds the steady state, not years of backlog (issue 15 item 5).

Usage: the generator calls `derive(seed, now=anchor)` once its cases are written (so does
`manage.py synthetic_duties`, for databases generated before; it skips victims who already have
duties). It writes no history rows (generated data has no history).

Set-based: each chunk of cases is read in four queries (plain values, no model instances),
worked out in plain Python rows, and written with lantern.core.bulk (executemany on SQLite, COPY on
PostgreSQL) with ids chosen here, so that rows pointing to each other need no round trip.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterator
from typing import NamedTuple

from django.db import transaction
from django.db.models import Exists, OuterRef

from lantern.cases.models import Case, CaseParty, CaseStatus, TimelineEvent
from lantern.core import clock
from lantern.people.models import LanguageSkill
from lantern.victims_code import rules
from lantern.victims_code.models import Channel, Duty, DutyKind, EventKind
from lantern.victims_code.services import DutyFactory
from lantern.victims_code.synthetic_rows import (
    Derived,
    DutyRow,
    EventRow,
    PlanRow,
    Totals,
    UpdateRow,
    write,
)
from lantern.victims_code.synthetic_rows import (
    reset_sequences as reset_sequences,
)
from lantern.victims_code.working_days import end_of_day, london_day

CHUNK = 1000
PLAN_WINDOWS_MAX = 1000  # update duties per plan: a guard only (a 14-day plan over 38 years)
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
OPEN, MET = str(Duty.State.OPEN), str(Duty.State.MET)


class CaseFacts(NamedTuple):
    id: int
    reported_at: dt.datetime
    officer_id: int
    status: str
    updated_at: dt.datetime
    force_id: int
    crime_reference: str


class Victim(NamedTuple):
    person_id: int
    added_at: dt.datetime
    date_of_birth: dt.date | None
    age_max: int | None


class Item(NamedTuple):
    """A timeline event the history is derived from (`at`, `actor_id`: its recorded_at, recorded_by_id)."""

    kind: str
    at: dt.datetime
    actor_id: int | None
    summary: str


class Deadlines:
    """The deadline of a duty, by rules.deadline under the Code version in force that day, looked
    up once per (kind, enhanced, London day): it depends on nothing else."""

    def __init__(self, factory: DutyFactory) -> None:
        self.factory = factory
        self.cache: dict[tuple[str, bool, dt.date], rules.Deadline] = {}

    def __call__(self, kind: str, enhanced: bool, at: dt.datetime) -> rules.Deadline:
        day = london_day(at)
        key = (kind, enhanced, day)
        found = self.cache.get(key)
        if found is None:
            version = rules.version_in_force(self.factory.code.versions, day)
            found = rules.deadline(self.factory.code.rules, version, kind, at, enhanced, self.factory.calendar)
            self.cache[key] = found
        return found


def _chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def derive(seed: int = 1, now: dt.datetime | None = None) -> Totals:
    """Give every victim without duties a synthetic Victims' Code history up to `now`, with the
    escalations a running sweep would have made by then. Returns counts."""
    now = now or clock.now()
    factory = DutyFactory()
    deadlines = Deadlines(factory)
    has_duties = Duty.objects.filter(case_id=OuterRef("case_id"), victim_id=OuterRef("person_id"))
    case_ids = sorted(set(CaseParty.objects.victims().filter(~Exists(has_duties)).values_list("case_id", flat=True)))
    totals = Totals()
    for ids in _chunks(case_ids, CHUNK):
        with transaction.atomic():
            derived = _derive_chunk(ids, seed, now, factory, deadlines)
            write(derived, now, factory.calendar)
        totals.add(derived, len(ids))
    reset_sequences()
    return totals


def _read_chunk(
    ids: list[int],
) -> tuple[list[CaseFacts], dict[int, list[Victim]], dict[int, str], dict[int, list[Item]]]:
    """Four queries of plain values for a chunk of cases: no model instances."""
    cases = [CaseFacts(*row) for row in _case_rows(ids)]
    parties: dict[int, list[Victim]] = defaultdict(list)
    seen: set[tuple[int, int]] = set()
    for case_id, person_id, added_at, born, age_max in (
        CaseParty.objects.victims()
        .filter(case_id__in=ids)
        .order_by("id")
        .values_list("case_id", "person_id", "recorded_at", "person__date_of_birth", "person__age_max")
    ):
        if (case_id, person_id) not in seen:  # a victim twice on a case (two roles) is one victim
            seen.add((case_id, person_id))
            parties[case_id].append(Victim(person_id, added_at, born, age_max))
    languages = dict(
        LanguageSkill.objects.filter(person__case_parties__case_id__in=ids, level=LanguageSkill.Level.FIRST)
        .order_by("person_id", "language")  # the same language each run on every database (issue 15)
        .values_list("person_id", "language")
    )
    timeline: dict[int, list[Item]] = defaultdict(list)
    for case_id, kind, at, actor_id, summary in (
        TimelineEvent.objects.filter(
            case_id__in=ids,
            kind__in=[Kind.VICTIM_CONTACT, Kind.HANDOVER_ACCEPTED, Kind.TRANSFER_ACCEPTED, Kind.STATUS_CHANGED],
        )
        .order_by("recorded_at", "id")
        .values_list("case_id", "kind", "recorded_at", "recorded_by_id", "summary")
    ):
        timeline[case_id].append(Item(kind, at, actor_id, summary))
    return cases, parties, languages, timeline


def _case_rows(ids: list[int]) -> list[tuple[int, dt.datetime, int, str, dt.datetime, int, str]]:
    return list(
        Case.objects.filter(id__in=ids)
        .order_by("id")
        .values_list("id", "reported_at", "officer_in_charge_id", "status", "updated_at", "force_id", "crime_reference")
    )


def _derive_chunk(ids: list[int], seed: int, now: dt.datetime, factory: DutyFactory, deadlines: Deadlines) -> Derived:
    cases, parties, languages, timeline = _read_chunk(ids)
    out = Derived()
    for case in cases:
        out.case_force[case.id] = case.force_id
        # Seeded by what the case is, not its database id: ids differ between runs on PostgreSQL
        # (sequences are not rolled back), and the same seed must give the same history.
        rng = random.Random(f"{seed}:victims-code:{case.crime_reference}:{case.reported_at.isoformat()}")  # noqa: S311
        events = [EventRow(case.id, EventKind.CRIME_RECORDED, case.reported_at, None)]
        for item in timeline[case.id]:
            kind = EVENT_OF.get(item.kind)
            if item.kind == Kind.STATUS_CHANGED and item.summary.endswith("to Charged"):
                kind = EventKind.CHARGED
            if kind:
                events.append(EventRow(case.id, kind, item.at, item.actor_id))
        out.events += events
        contacts = [e for e in timeline[case.id] if e.kind == Kind.VICTIM_CONTACT and e.at <= now]
        end = _closed_at(case, timeline[case.id]) or now
        for victim in parties[case.id]:
            out.victims += 1
            history = VictimHistory(out, case, victim, languages.get(victim.person_id, "en"), factory, deadlines)
            history.run(events, contacts, end, rng, now)
    return out


class VictimHistory:
    """One victim's duties, updates and contact plan on one case, walked forward in time."""

    def __init__(
        self,
        out: Derived,
        case: CaseFacts,
        victim: Victim,
        language: str,
        factory: DutyFactory,
        deadlines: Deadlines,
    ) -> None:
        self.out, self.case, self.victim, self.language = out, case, victim, language
        self.calendar, self.deadlines = factory.calendar, deadlines
        under_18 = rules.under_18_at_offence(victim.date_of_birth, victim.age_max, london_day(case.reported_at))
        self.enhanced = rules.enhanced_rights(rules.VictimFacts(under_18, modern_slavery_case=True)).enhanced
        self.owed: list[DutyRow] = []  # this victim's open duties, in the order they arose
        self.plan: PlanRow | None = None
        self.plan_latest: rules.PlanDutyRecord | None = None
        self.plan_count = 0

    def add(self, duty: DutyRow) -> None:
        self.out.duties.append(duty)
        self.owed.append(duty)

    def add_event_duties(self, kinds: tuple[str, ...] | list[str], event: EventRow, at: dt.datetime) -> None:
        for kind in kinds:
            found = self.deadlines(kind, self.enhanced, at)
            self.add(
                DutyRow(
                    self.case.id,
                    self.victim.person_id,
                    kind,
                    self.enhanced,
                    at,
                    found.due_on,
                    self.case.officer_id,
                    rule_id=found.rule_id,
                    working_days=found.working_days,
                    event=event,
                )
            )

    def plan_duties_until(self, limit: dt.date, officer_id: int, tz: dt.tzinfo | None) -> None:
        plan = self.plan
        if plan is None:
            return
        for _ in range(PLAN_WINDOWS_MAX):
            latest = self.plan_latest
            window = rules.next_plan_window(
                london_day(plan.agreed_at), plan.interval_days, latest, limit, self.calendar
            )
            if window is None:
                return
            if latest is None:
                at = plan.agreed_at
            elif latest.state == OPEN:
                at = end_of_day(latest.due_on)
            else:
                at = dt.datetime.combine(latest.closed_on or window.starts_on, dt.time(12), tzinfo=tz)
            self.plan_count += 1
            self.add(
                DutyRow(
                    self.case.id,
                    self.victim.person_id,
                    DutyKind.PLAN_UPDATE,
                    self.enhanced,
                    at,
                    window.due_on,
                    officer_id,
                    plan=plan,
                    plan_n=self.plan_count,
                )
            )
            self.plan_latest = rules.PlanDutyRecord(window.starts_on, window.due_on, OPEN)
            plan.latest_due_on = window.due_on
            if window.due_on >= limit:
                return

    def run(
        self, events: list[EventRow], contacts: list[Item], end: dt.datetime, rng: random.Random, now: dt.datetime
    ) -> None:
        case, victim = self.case, self.victim
        start = max(case.reported_at, victim.added_at)
        queue = sorted(
            [(start, True, events[0])] + [(e.occurred_at, False, e) for e in events[1:] if e.occurred_at >= start],
            key=lambda item: item[0],
        )
        wants_plan = rng.random() < 0.7
        # A closed case's history ends when it was closed: no updates owed under the plan after that.
        for contact in [c for c in contacts if c.at <= end] + [None]:
            moment = contact.at if contact is not None else end
            while queue and queue[0][0] <= moment:
                at, initial, event = queue.pop(0)
                self.add_event_duties(
                    rules.INITIAL_DUTIES if initial else rules.duties_for_event(event.kind), event, at
                )
            officer = (contact.actor_id if contact else None) or case.officer_id
            self.plan_duties_until(london_day(moment), officer, now.tzinfo)
            if contact is None:
                break
            self.update(contact, officer)
            if wants_plan and self.plan is None:
                self.plan = PlanRow(
                    case.id,
                    victim.person_id,
                    rng.choice(PLAN_INTERVALS),
                    rng.choice(PLAN_CHANNELS),
                    self.language,
                    self.language != "en",
                    contact.at,
                    officer,
                )
                self.out.plans.append(self.plan)
                self.plan_latest, self.plan_count = None, 0
        if case.status == CaseStatus.CLOSED:
            for duty in self.owed:
                duty.state, duty.waived_at, duty.waived_by_id = Duty.State.WAIVED, end, case.officer_id
                duty.waived_reason = "Not done before the case was closed (synthetic history)"

    def update(self, contact: Item, officer: int) -> None:
        """The contact as an update to the victim, meeting every duty owed by then."""
        channel = next((c for words, c in CHANNEL_BY_WORDS if words in contact.summary.lower()), Channel.PHONE)
        update = UpdateRow(
            self.case.id, self.victim.person_id, contact.at, officer, channel, self.language, contact.summary
        )
        self.out.updates.append(update)
        kept: list[DutyRow] = []
        for duty in self.owed:
            if duty.event_at > contact.at:
                kept.append(duty)
                continue
            result = rules.meeting(duty.due_on, contact.at)
            duty.state, duty.days_late, duty.met_at, duty.owner_id = result.state, result.days_late, contact.at, officer
            update.duties.append(duty)
            if duty.kind == DutyKind.PLAN_UPDATE:
                self.plan_latest = rules.PlanDutyRecord(
                    london_day(duty.event_at), duty.due_on, duty.state, london_day(contact.at)
                )
        self.owed = kept


def _closed_at(case: CaseFacts, timeline: list[Item]) -> dt.datetime | None:
    if case.status != CaseStatus.CLOSED:
        return None
    for event in reversed(timeline):
        if event.kind == Kind.STATUS_CHANGED and event.summary.split(":")[0].endswith("to Closed"):
            return event.at
    return case.updated_at
