"""The deadline sweep (`./lantern sweep`, and every LANTERN_SWEEP_INTERVAL_MINUTES in the worker).

1. Backfill: victims in open cases with no initial duties get them (cases loaded in bulk).
2. Contact plans: every plan owing an update duty gets it, even when nothing has happened.
3. Escalation: an overdue duty goes to its owner's supervisor; still overdue a working day later,
   to the force's modern slavery lead. Each recipient gets at most one e-mail a day per level,
   naming no victim: the duties are on their "My cases" page.
4. The outbox's safety net (lost tasks, interrupted attempts).

Everything is set-based (a handful of queries, bulk inserts and updates), so the cost grows with
what changed since the last run, not with the number of cases. Idempotent: running it twice does
nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BigIntegerField, Case, Count, Max, QuerySet, Value, When
from django.db.models.functions import Cast

from lantern.cases.models import CaseParty
from lantern.core import clock, events
from lantern.core.models import User
from lantern.core.roles import Capability, roles_with
from lantern.notify import outbox
from lantern.notify.escalation import email_counts, service_link
from lantern.victims_code import plans, rules, services
from lantern.victims_code.code import working_calendar
from lantern.victims_code.models import Duty, Escalation, ForceLead, SweepMark
from lantern.victims_code.working_days import WorkingCalendar, london_day

CHUNK = 5000
BACKFILL_MARK = "backfill_victim_party"


@dataclass
class SweepResult:
    backfilled_duties: int = 0
    plan_duties: int = 0
    escalated_to_supervisor: int = 0
    escalated_to_lead: int = 0
    emails_queued: int = 0
    outbox_requeued: int = 0
    other_escalated: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    def lines(self) -> list[str]:
        return [
            f"initial duties created for victims without them: {self.backfilled_duties}",
            f"contact plan update duties created: {self.plan_duties}",
            f"overdue duties escalated to a supervisor: {self.escalated_to_supervisor}",
            f"overdue duties escalated to the force lead: {self.escalated_to_lead}",
            f"escalation e-mails queued: {self.emails_queued}",
            f"outbox messages queued again: {self.outbox_requeued}",
            *(f"overdue {what} escalated to a supervisor: {n}" for what, n in sorted(self.other_escalated.items())),
            f"took {self.seconds:.2f} s (" + ", ".join(f"{k} {v:.2f} s" for k, v in self.timings.items()) + ")",
        ]


def backfill(limit: int) -> int:
    """Initial duties for victims added without the service (a bulk load). Only parties added since
    the last run are looked at (a mark in SweepMark), so a run costs what was added, not the table."""
    mark, _ = SweepMark.objects.get_or_create(name=BACKFILL_MARK)
    top = CaseParty.objects.aggregate(top=Max("id"))["top"] or 0
    if top <= mark.value:
        return 0
    parties = list(
        services.victims_without_initial_duties().filter(id__gt=mark.value, id__lte=top).order_by("id")[:limit]
    )
    created = 0
    for start in range(0, len(parties), CHUNK):
        with transaction.atomic():
            created += services.create_initial_duties_in_bulk(parties[start : start + CHUNK])
    reached = parties[-1].pk if len(parties) == limit else top
    SweepMark.objects.filter(pk=mark.pk).update(value=reached, updated_at=clock.now())
    return created


def supervisors_for(owner_ids: set[int]) -> dict[int, int | None]:
    """Each owner's supervisor: the first supervisor of their team, else of their force; never
    themselves (a supervisor's own overdue duties go to another supervisor)."""
    owners = list(User.objects.filter(pk__in=owner_ids).values("pk", "team_id", "force_id"))
    by_team: dict[int, list[int]] = defaultdict(list)
    by_force: dict[int, list[int]] = defaultdict(list)
    for sup in (
        User.objects.filter(
            role__in=roles_with(Capability.SIGNS_OFF), is_active=True, force_id__in={o["force_id"] for o in owners}
        )
        .order_by("pk")
        .values("pk", "team_id", "force_id")
    ):
        if sup["team_id"]:
            by_team[sup["team_id"]].append(sup["pk"])
        by_force[sup["force_id"]].append(sup["pk"])
    result: dict[int, int | None] = {}
    for owner in owners:
        choices = [*by_team.get(owner["team_id"], []), *by_force.get(owner["force_id"], [])]
        result[owner["pk"]] = next((pk for pk in choices if pk != owner["pk"]), None)
    return result


def leads_for(force_ids: set[int]) -> dict[int, int | None]:
    """Each force's modern slavery lead (ForceLead), else its first SPOC."""
    leads: dict[int, int | None] = dict(
        ForceLead.objects.filter(force_id__in=force_ids).values_list("force_id", "lead_id")
    )
    missing = force_ids - set(leads)
    if missing:
        for force_id, pk in (
            User.objects.filter(role__in=roles_with(Capability.TRIAGES), is_active=True, force_id__in=missing)
            .order_by("-pk")
            .values_list("force_id", "pk")
        ):
            leads[force_id] = pk  # the last write is the lowest pk
    return {f: leads.get(f) for f in force_ids}


def awaiting_escalation(level: int, before: dt.date) -> QuerySet[Duty]:
    """Open duties due before `before` not yet escalated to `level`. Written as state, escalation
    level IN (...), due_on, the columns of the index duty_awaiting_escalation in order, so that the
    database reads only the duties not yet escalated, not every overdue one."""
    return Duty.objects.filter(state=Duty.State.OPEN, escalation_level__in=list(range(level)), due_on__lt=before)


def _insert_escalations(
    duties: QuerySet[Duty], level: int, key: str, to_user: dict[int, int | None], now: dt.datetime
) -> None:
    """One INSERT ... SELECT for every duty escalated at this level: the recipient is chosen in SQL
    by a CASE on `key` (the owner, or the case's force), from the map worked out in Python."""
    whens = [When(**{key: value}, then=Value(user)) for value, user in to_user.items() if user is not None]
    recipient: Any = (
        Case(*whens, default=Value(None), output_field=BigIntegerField())
        if whens
        else Value(None, output_field=BigIntegerField())
    )
    # An explicit cast: PostgreSQL types a bare NULL in a subquery as text, which the bigint
    # column then refuses.
    recipient = Cast(recipient, BigIntegerField())
    sql, params = duties.order_by().annotate(recipient=recipient).values("id", "recipient").query.sql_with_params()
    table = connection.ops.quote_name(Escalation._meta.db_table)
    at = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (duty_id, to_user_id, level, recorded_at) "  # noqa: S608 - names from the model
            f"SELECT sub.id, sub.recipient, %s, %s FROM ({sql}) sub",
            [level, at, *params],
        )


def _escalate_level(level: int, before: dt.date, now: dt.datetime) -> tuple[int, Counter[int]]:
    """Escalate every open duty due before `before` that has not reached `level`, set-based: one
    INSERT ... SELECT and one UPDATE, whatever the number of duties. Returns how many were
    escalated, and how many per recipient (a force with no supervisor or lead has none)."""
    waiting = awaiting_escalation(level, before)
    per_recipient: Counter[int] = Counter()
    with transaction.atomic():
        if level == Escalation.Level.SUPERVISOR:
            key = "owner_id"
            counts = dict(waiting.values_list("owner_id").annotate(n=Count("id")).values_list("owner_id", "n"))
            to_user = supervisors_for(set(counts))
        else:
            key = "case__force_id"
            counts = dict(
                waiting.values_list("case__force_id").annotate(n=Count("id")).values_list("case__force_id", "n")
            )
            to_user = leads_for(set(counts))
        total = sum(counts.values())
        if total:
            _insert_escalations(waiting, level, key, to_user, now)
            waiting.update(escalation_level=level)
        for value, n in counts.items():
            if to_user.get(value) is not None:
                per_recipient[to_user[value]] += n  # type: ignore[index]
    return total, per_recipient


def _email_recipients(per_recipient: Counter[int], level: int, today: dt.date) -> int:
    """One e-mail per recipient, level and day: how many duties were escalated, and where to look."""
    if not per_recipient:  # nothing escalated: not even the link (it loads the URL conf)
        return 0
    link = service_link("cases:my_cases")
    who = "you, as supervisor" if level == Escalation.Level.SUPERVISOR else "you, as the force's modern slavery lead"
    return email_counts(
        per_recipient,
        purpose="escalation",
        key=lambda user_id: f"escalation:{user_id}:{level}:{today.isoformat()}",
        subject=f"Lantern: overdue Victims' Code duties escalated to you ({today:%d %B %Y})",
        body=lambda count: (
            f"{count} overdue Victims' Code dut{'y was' if count == 1 else 'ies were'} "
            f"escalated to {who} today.\n\n"
            f"The victims concerned have not been told what the Code says they must be told. "
            f"Sign in to Lantern to see them, first on your page: {link}\n\n"
            "This e-mail names no case or person on purpose."
        ),
    )


def escalate(today: dt.date, calendar: WorkingCalendar, now: dt.datetime) -> tuple[int, int, int]:
    cutoffs = rules.escalation_cutoffs(today, calendar, settings.LANTERN_VC_LEAD_ESCALATION_WORKING_DAYS)
    n_first, first = _escalate_level(Escalation.Level.SUPERVISOR, cutoffs.supervisor_before, now)
    n_second, second = _escalate_level(Escalation.Level.FORCE_LEAD, cutoffs.lead_before, now)
    emails = _email_recipients(first, Escalation.Level.SUPERVISOR, today)
    emails += _email_recipients(second, Escalation.Level.FORCE_LEAD, today)
    return n_first, n_second, emails


@dataclass(frozen=True)
class SweepEscalating:
    """Published by each sweep after the duties are escalated, so that apps above this one escalate
    their own overdue work in the same run (lantern.decisions: review tasks on closed cases).
    A handler adds what it escalated to `counts`, under a plain name for the sweep's report."""

    today: dt.date
    now: dt.datetime
    counts: Counter[str]


def run_sweep(now: dt.datetime | None = None, *, backfill_limit: int = 20000) -> SweepResult:
    started = time.perf_counter()
    now = now or clock.now()
    today = london_day(now)
    calendar = working_calendar()
    result = SweepResult()

    def timed(name: str, t0: float) -> float:
        t1 = time.perf_counter()
        result.timings[name] = t1 - t0
        return t1

    t = time.perf_counter()
    result.backfilled_duties = backfill(backfill_limit) if backfill_limit else 0
    t = timed("backfill", t)
    result.plan_duties = plans.sweep_plans(today, calendar)
    t = timed("plans", t)
    result.escalated_to_supervisor, result.escalated_to_lead, result.emails_queued = escalate(today, calendar, now)
    events.publish(SweepEscalating(today=today, now=now, counts=result.other_escalated))
    t = timed("escalation", t)
    result.outbox_requeued = outbox.recover(now).requeued
    timed("outbox", t)
    result.seconds = time.perf_counter() - started
    return result
