"""The rows of a synthetic Victims' Code history (synthetic.py), and how they are written.

Plain slotted objects rather than model instances (building 2 million Duty instances took most of
the time of a national history), written with lantern.core.bulk with ids chosen here: the next free
ones, so that rows pointing to each other (a duty to its event or plan, an update to the duties it
met) are linked before anything is sent. The caller holds the only writing transaction.

The escalations are those a sweep running every few minutes would have made (see
lantern.victims_code.sweep): an open duty reaches the level rules.escalation_level_due gives for
`now`; a duty met or waived, the level it had reached on the day it was closed. Each level is one
Escalation row dated the London midnight the sweep would first have seen it due, sent to the
owner's supervisor (level 1) or the force's lead (level 2), as the sweep chooses them. No e-mails:
those were sent at the time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Max

from lantern.core import bulk
from lantern.victims_code import rules
from lantern.victims_code.models import CaseEvent, ContactPlan, Duty, Escalation, VictimUpdate
from lantern.victims_code.sweep import leads_for, supervisors_for
from lantern.victims_code.working_days import LONDON, WorkingCalendar, london_day

OPEN = str(Duty.State.OPEN)
MET_STATES = {str(Duty.State.MET), str(Duty.State.MET_LATE)}


@dataclass(slots=True)
class EventRow:
    case_id: int
    kind: str
    occurred_at: dt.datetime
    recorded_by_id: int | None
    pk: int = 0


@dataclass(slots=True)
class PlanRow:
    case_id: int
    victim_id: int
    interval_days: int
    channel: str
    language: str
    interpreter_needed: bool
    agreed_at: dt.datetime
    agreed_by_id: int
    latest_due_on: dt.date | None = None
    pk: int = 0


@dataclass(slots=True)
class DutyRow:
    case_id: int
    victim_id: int
    kind: str
    enhanced: bool
    event_at: dt.datetime
    due_on: dt.date
    owner_id: int
    rule_id: int | None = None
    working_days: int | None = None
    event: EventRow | None = None
    plan: PlanRow | None = None
    plan_n: int = 0
    state: str = OPEN
    met_at: dt.datetime | None = None
    days_late: int | None = None
    waived_reason: str = ""
    waived_at: dt.datetime | None = None
    waived_by_id: int | None = None
    escalation_level: int = 0
    pk: int = 0


@dataclass(slots=True)
class UpdateRow:
    case_id: int
    victim_id: int
    given_at: dt.datetime
    officer_id: int
    channel: str
    language: str
    summary: str
    duties: list[DutyRow] = field(default_factory=list)  # the duties this update met
    pk: int = 0


@dataclass
class Derived:
    events: list[EventRow] = field(default_factory=list)
    duties: list[DutyRow] = field(default_factory=list)
    plans: list[PlanRow] = field(default_factory=list)
    updates: list[UpdateRow] = field(default_factory=list)
    case_force: dict[int, int] = field(default_factory=dict)
    victims: int = 0
    escalations: int = 0


@dataclass
class Totals:
    cases: int = 0
    victims: int = 0
    duties: int = 0
    updates: int = 0
    plans: int = 0
    escalations: int = 0

    def add(self, derived: Derived, cases: int) -> None:
        self.cases += cases
        self.victims += derived.victims
        self.duties += len(derived.duties)
        self.updates += len(derived.updates)
        self.plans += len(derived.plans)
        self.escalations += derived.escalations


class Table:
    """How to insert one model's rows: the columns given per row, then every other column with its
    default (a default of "now" is the history's `now`, so the content does not depend on the
    wall clock). A column name that is not the model's fails at once, not half-way."""

    def __init__(self, model: type[models.Model], given: tuple[str, ...], now: dt.datetime) -> None:
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [name for name in given if name not in fields]
        if unknown:
            raise LookupError(f"{model.__name__} has no field {', '.join(unknown)}")
        rest = [f for name, f in fields.items() if name not in given and not f.primary_key]  # else the database's
        self.table = model._meta.db_table
        self.columns = [fields[name].column for name in given] + [f.column for f in rest]
        self.defaults = tuple(
            now if f.has_default() and callable(f.default) and isinstance(f, models.DateTimeField) else f.get_default()
            for f in rest
        )

    def insert(self, rows: list[tuple[Any, ...]]) -> None:
        defaults = self.defaults
        bulk.insert_rows(self.table, self.columns, (row + defaults for row in rows))


def _first_id(model: type[models.Model]) -> int:
    return int(model._default_manager.aggregate(top=Max("id"))["top"] or 0) + 1


def write(derived: Derived, now: dt.datetime, calendar: WorkingCalendar) -> None:
    """Choose ids, link, escalate, insert."""
    tables: tuple[tuple[list[Any], type[models.Model]], ...] = (
        (derived.events, CaseEvent),
        (derived.plans, ContactPlan),
        (derived.duties, Duty),
        (derived.updates, VictimUpdate),
    )
    for rows, model in tables:
        first = _first_id(model)
        for offset, row in enumerate(rows):
            row.pk = first + offset
    escalations = escalate(derived, now, calendar)
    derived.escalations = len(escalations)
    Table(CaseEvent, ("id", "case_id", "kind", "occurred_at", "recorded_by_id"), now).insert(
        [(e.pk, e.case_id, e.kind, e.occurred_at, e.recorded_by_id) for e in derived.events]
    )
    plan_columns = ("id", "case_id", "victim_id", "interval_days", "channel", "language", "interpreter_needed")
    Table(ContactPlan, (*plan_columns, "agreed_at", "agreed_by_id", "latest_due_on"), now).insert(
        [
            (p.pk, p.case_id, p.victim_id, p.interval_days, p.channel, p.language, p.interpreter_needed)
            + (p.agreed_at, p.agreed_by_id, p.latest_due_on)
            for p in derived.plans
        ]
    )
    _write_duties(derived.duties, now)
    update_columns = ("id", "case_id", "victim_id", "given_at", "given_by_id", "recorded_by_id", "recorded_at")
    Table(
        VictimUpdate, (*update_columns, "channel", "language", "interpreter_used", "interpreter_name", "summary"), now
    ).insert(
        [
            (u.pk, u.case_id, u.victim_id, u.given_at, u.officer_id, u.officer_id, u.given_at)
            + (u.channel, u.language, u.language != "en", "Booked interpreter" if u.language != "en" else "", u.summary)
            for u in derived.updates
        ]
    )
    bulk.insert_rows(
        VictimUpdate.duties.through._meta.db_table,
        ["victimupdate_id", "duty_id"],
        ((u.pk, d.pk) for u in derived.updates for d in u.duties),
    )
    Table(Escalation, ("duty_id", "level", "to_user_id", "recorded_at"), now).insert(escalations)


def _write_duties(duties: list[DutyRow], now: dt.datetime) -> None:
    names: tuple[str, ...] = (
        "id",
        "case_id",
        "victim_id",
        "kind",
        "event_id",
        "plan_id",
        "source_key",
        "rule_id",
        "enhanced",
    )
    names += ("working_days", "event_at", "due_on", "owner_id", "state", "met_at", "days_late", "waived_reason")
    names += ("waived_at", "waived_by_id", "escalation_level")
    rows = []
    for d in duties:
        if d.plan is not None:
            source, event_id, plan_id = f"plan:{d.plan.pk}:{d.plan_n}", None, d.plan.pk
        else:
            event_id = d.event.pk if d.event is not None else None
            source, plan_id = f"event:{event_id}", None
        rows.append(
            (d.pk, d.case_id, d.victim_id, d.kind, event_id, plan_id, source, d.rule_id, d.enhanced)
            + (d.working_days, d.event_at, d.due_on, d.owner_id, d.state, d.met_at, d.days_late, d.waived_reason)
            + (d.waived_at, d.waived_by_id, d.escalation_level)
        )
    Table(Duty, names, now).insert(rows)


def escalate(derived: Derived, now: dt.datetime, calendar: WorkingCalendar) -> list[tuple[Any, ...]]:
    """Set each duty's escalation level as a running sweep would have left it, and return the
    Escalation rows (duty id, level, recipient, when) that go with it."""
    after = settings.LANTERN_VC_LEAD_ESCALATION_WORKING_DAYS
    today = london_day(now)
    lead_day: dict[dt.date, dt.date] = {}
    reached: list[tuple[DutyRow, int]] = []
    for duty in derived.duties:
        if duty.state == OPEN:
            closed_on = today
        elif duty.state in MET_STATES and duty.met_at is not None:
            closed_on = london_day(duty.met_at)
        elif duty.waived_at is not None:
            closed_on = london_day(duty.waived_at)
        else:
            continue
        if closed_on <= duty.due_on:
            continue
        level = rules.escalation_level_due(duty.due_on, closed_on, calendar, after)
        duty.escalation_level = level
        reached.append((duty, level))
    if not reached:
        return []
    supervisor = supervisors_for({duty.owner_id for duty, _ in reached})
    lead = leads_for({derived.case_force[duty.case_id] for duty, _ in reached})
    rows: list[tuple[Any, ...]] = []
    for duty, level in reached:
        rows.append((duty.pk, 1, supervisor.get(duty.owner_id), _midnight(duty.due_on + dt.timedelta(days=1))))
        if level >= 2:
            day = lead_day.get(duty.due_on)
            if day is None:
                day = lead_day[duty.due_on] = calendar.add_working_days(duty.due_on, after) + dt.timedelta(days=1)
            rows.append((duty.pk, 2, lead.get(derived.case_force[duty.case_id]), _midnight(day)))
    return rows


def _midnight(day: dt.date) -> dt.datetime:
    """The start of a London day: when the sweep, running every few minutes, first sees it."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=LONDON)


def reset_sequences() -> None:
    """After inserting with explicit ids, PostgreSQL's sequences must move past them."""
    bulk.reset_sequences((CaseEvent, ContactPlan, Duty, VictimUpdate, VictimUpdate.duties.through, Escalation))
