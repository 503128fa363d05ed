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
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lantern.core.models import Role, User
from lantern.notify import outbox
from lantern.victims_code import plans, rules, services
from lantern.victims_code.code import working_calendar
from lantern.victims_code.models import Duty, Escalation, ForceLead
from lantern.victims_code.working_days import WorkingCalendar, london_day

CHUNK = 5000


@dataclass
class SweepResult:
    backfilled_duties: int = 0
    plan_duties: int = 0
    escalated_to_supervisor: int = 0
    escalated_to_lead: int = 0
    emails_queued: int = 0
    outbox_requeued: int = 0
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
            f"took {self.seconds:.2f} s (" + ", ".join(f"{k} {v:.2f} s" for k, v in self.timings.items()) + ")",
        ]


def backfill(limit: int) -> int:
    parties = list(services.victims_without_initial_duties().select_related(None).order_by("id")[:limit])
    created = 0
    for start in range(0, len(parties), CHUNK):
        with transaction.atomic():
            created += services.create_initial_duties_in_bulk(parties[start : start + CHUNK])
    return created


def supervisors_for(owner_ids: set[int]) -> dict[int, int | None]:
    """Each owner's supervisor: a supervisor of their team, else of their force; never themselves."""
    owners = list(User.objects.filter(pk__in=owner_ids).values("pk", "team_id", "force_id"))
    supervisors = list(
        User.objects.filter(role=Role.SUPERVISOR, is_active=True, force_id__in={o["force_id"] for o in owners})
        .order_by("pk")
        .values("pk", "team_id", "force_id")
    )
    result: dict[int, int | None] = {}
    for owner in owners:
        team = [
            s["pk"]
            for s in supervisors
            if s["team_id"] == owner["team_id"] and owner["team_id"] and s["pk"] != owner["pk"]
        ]
        force = [s["pk"] for s in supervisors if s["force_id"] == owner["force_id"] and s["pk"] != owner["pk"]]
        choices: list[int | None] = [*team, *force, None]
        result[owner["pk"]] = choices[0]
    return result


def leads_for(force_ids: set[int]) -> dict[int, int | None]:
    """Each force's modern slavery lead (ForceLead), else its first SPOC."""
    leads: dict[int, int | None] = dict(
        ForceLead.objects.filter(force_id__in=force_ids).values_list("force_id", "lead_id")
    )
    missing = force_ids - set(leads)
    if missing:
        for force_id, pk in (
            User.objects.filter(role=Role.SPOC, is_active=True, force_id__in=missing)
            .order_by("-pk")
            .values_list("force_id", "pk")
        ):
            leads[force_id] = pk  # the last write is the lowest pk
    return {f: leads.get(f) for f in force_ids}


def _escalate_level(level: int, before: dt.date, now: dt.datetime) -> tuple[int, Counter[int]]:
    """Escalate every open duty due before `before` that has not reached `level`. Returns how many
    were escalated, and how many per recipient (a force with no supervisor or lead has none)."""
    candidates = list(
        Duty.objects.filter(state=Duty.State.OPEN, due_on__lt=before, escalation_level__lt=level).values_list(
            "pk", "owner_id", "case__force_id"
        )
    )
    if not candidates:
        return 0, Counter()
    if level == Escalation.Level.SUPERVISOR:
        targets = supervisors_for({owner for _, owner, _ in candidates})
        to_user = {pk: targets.get(owner) for pk, owner, _ in candidates}
    else:
        leads = leads_for({force for _, _, force in candidates})
        to_user = {pk: leads.get(force) for pk, _, force in candidates}
    per_recipient: Counter[int] = Counter()
    for start in range(0, len(candidates), CHUNK):
        chunk = [pk for pk, _, _ in candidates[start : start + CHUNK]]
        with transaction.atomic():
            Escalation.objects.bulk_create(
                [Escalation(duty_id=pk, level=level, to_user_id=to_user[pk], at=now) for pk in chunk],
                ignore_conflicts=True,
            )
            Duty.objects.filter(pk__in=chunk, escalation_level__lt=level).update(escalation_level=level)
        per_recipient.update(user for pk in chunk if (user := to_user[pk]) is not None)
    return len(candidates), per_recipient


def _email_recipients(per_recipient: Counter[int], level: int, today: dt.date) -> int:
    """One e-mail per recipient, level and day: how many duties were escalated, and where to look."""
    if not per_recipient:
        return 0
    emails = dict(
        User.objects.filter(pk__in=list(per_recipient), is_active=True).exclude(email="").values_list("pk", "email")
    )
    queued = 0
    link = settings.LANTERN_SERVICE_URL.rstrip("/") + reverse("cases:my_cases")
    who = "you, as supervisor" if level == Escalation.Level.SUPERVISOR else "you, as the force's modern slavery lead"
    for user_id, count in per_recipient.items():
        address = emails.get(user_id)
        if not address:
            continue
        with transaction.atomic():
            _message, created = outbox.enqueue(
                outbox.NewMessage(
                    idempotency_key=f"escalation:{user_id}:{level}:{today.isoformat()}",
                    purpose="escalation",
                    channel="email",
                    recipient=address,
                    subject=f"Lantern: overdue Victims' Code duties escalated to you ({today:%d %B %Y})",
                    body=(
                        f"{count} overdue Victims' Code dut{'y was' if count == 1 else 'ies were'} "
                        f"escalated to {who} today.\n\n"
                        f"The victims concerned have not been told what the Code says they must be told. "
                        f"Sign in to Lantern to see them, first on your page: {link}\n\n"
                        "This e-mail names no case or person on purpose."
                    ),
                )
            )
        queued += int(created)
    return queued


def escalate(today: dt.date, calendar: WorkingCalendar, now: dt.datetime) -> tuple[int, int, int]:
    cutoffs = rules.escalation_cutoffs(today, calendar, settings.LANTERN_VC_LEAD_ESCALATION_WORKING_DAYS)
    n_first, first = _escalate_level(Escalation.Level.SUPERVISOR, cutoffs.supervisor_before, now)
    n_second, second = _escalate_level(Escalation.Level.FORCE_LEAD, cutoffs.lead_before, now)
    emails = _email_recipients(first, Escalation.Level.SUPERVISOR, today)
    emails += _email_recipients(second, Escalation.Level.FORCE_LEAD, today)
    return n_first, n_second, emails


def run_sweep(now: dt.datetime | None = None, *, backfill_limit: int = 20000) -> SweepResult:
    started = time.perf_counter()
    now = now or timezone.now()
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
    t = timed("escalation", t)
    result.outbox_requeued = outbox.recover(now).requeued
    timed("outbox", t)
    result.seconds = time.perf_counter() - started
    return result
