"""Shared pieces of the decisions services: today in London, the moment for a day-only event,
the first problem as a field error, and the evidence-open guard."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from lantern.cases.models import Case, CaseStatus, TimelineEvent
from lantern.core.access import AccessDenied
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.decisions import access as dec_access
from lantern.decisions import facts
from lantern.decisions.models import (
    Decision,
)
from lantern.people.models import Person
from lantern.victims_code.working_days import LONDON, london_day

Kind = TimelineEvent.Kind


def today() -> dt.date:
    return london_day(timezone.now())


def moment_of(day: dt.date, case: Case, now: dt.datetime | None = None) -> dt.datetime:
    """A moment for an event known only by its day: now if it is today, else noon London time
    (never before the crime was reported)."""
    now = now or timezone.now()
    if day >= london_day(now):
        return now
    return max(dt.datetime.combine(day, dt.time(12), tzinfo=LONDON), case.reported_at)


def _first(problems: dict[str, str]) -> None:
    if problems:
        field_name, message = next(iter(problems.items()))
        raise invalid(field_name, message)


def _check_victim(case: Case, victim: Person, field_name: str = "victim") -> None:
    if victim.pk not in {v.pk for v in facts.victims_of(case)}:
        raise invalid(field_name, "That person is not a victim in this case.")


def _evidence_open(actor: User, case: Case) -> None:
    """The evidence a closing decision rests on can change until the decision is signed off."""
    if not dec_access.can_record_evidence(actor, case):
        raise AccessDenied("Only police of the force holding the case can record this.")
    if case.status == CaseStatus.CLOSED:
        raise invalid("case", "The case is closed. Record new information, or reopen the case first.")
    waiting = facts.open_decision(case)
    if waiting is not None and waiting.state == Decision.State.SIGNED_OFF:
        raise invalid(
            "case",
            "The decision was signed off on this evidence. To change it, correct the decision first.",
        )
