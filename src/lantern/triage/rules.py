"""Pure triage rules: the date passed in, nothing read from the database.

- An item must be triaged (assessed and allocated) by the end of the N-th working day after the
  day it entered the queue (N = LANTERN_TRIAGE_WORKING_DAYS, default 1: [U], not a published figure);
  still untriaged after that day, it goes to the force's modern slavery lead.
- An officer is qualified for a modern slavery case when they hold every required skill, current
  on the day (LANTERN_TRIAGE_REQUIRED_SKILLS: [U], local policy). A higher PIP level covers a lower.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from lantern.victims_code.working_days import WorkingCalendar

PIP_ORDER = ("pip1", "pip2", "pip3")


def due_on(entered_day: dt.date, working_days: int, calendar: WorkingCalendar) -> dt.date:
    """The last day on which an item entered on `entered_day` is triaged on time."""
    return calendar.add_working_days(entered_day, working_days)


def is_overdue(due: dt.date, today: dt.date) -> bool:
    """Overdue from the day after its due day (as a Victims' Code duty)."""
    return due < today


@dataclass(frozen=True)
class Held:
    """A training record as the rules see it."""

    skill: str
    achieved_on: dt.date
    expires_on: dt.date | None


def current_skills(records: Iterable[Held], today: dt.date) -> set[str]:
    """The skills current on `today`; a PIP level brings the levels below it."""
    skills: set[str] = set()
    for record in records:
        if record.achieved_on > today or (record.expires_on is not None and record.expires_on < today):
            continue
        skills.add(record.skill)
        if record.skill in PIP_ORDER:
            skills.update(PIP_ORDER[: PIP_ORDER.index(record.skill)])
    return skills


def missing_skills(required: Iterable[str], held: set[str]) -> list[str]:
    """The required skills an officer lacks, in the order required."""
    return [skill for skill in required if skill not in held]


def parse_required(value: str) -> tuple[str, ...]:
    """The setting's comma-separated list of skill values."""
    return tuple(part.strip() for part in value.split(",") if part.strip())
