"""Re-timing a victim's open duties when their enhanced rights change (issue 16 item 4).

A duty's deadline is N working days after the event that gave rise to it, N being the enhanced or
the standard figure of the Code version in force on the day of the event (decision 0006). When a
recorded decision changes whether the victim has enhanced rights, each of their open duties that
was timed on the other figure is timed again from its own event under the same version: never
from the day of the decision. A duty whose new deadline has already passed is simply overdue (the
sweep escalates it as any other). Met and waived duties are history and stay as they were; contact
plan updates have no working-day figure and are untouched.

`retime_duties` is pure (rows in, changes out); `retime_open_duties` applies it inside the
caller's transaction (decide_enhanced_rights), with the history rows and one timeline entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from simple_history.utils import bulk_update_with_history

from lantern.cases import services as case_services
from lantern.cases.models import Case, TimelineEvent
from lantern.core.models import User
from lantern.people.models import Person
from lantern.victims_code import rules
from lantern.victims_code.code import CodeData, load_code, working_calendar
from lantern.victims_code.models import Duty
from lantern.victims_code.working_days import WorkingCalendar, london_day


@dataclass(frozen=True)
class OpenDuty:
    id: int
    kind: str
    event_at: dt.datetime
    enhanced: bool
    due_on: dt.date


@dataclass(frozen=True)
class Retimed:
    id: int
    rule_id: int
    working_days: int
    due_on: dt.date
    was_due_on: dt.date


def retime_duties(
    duties: Iterable[OpenDuty],
    enhanced: bool,
    versions: Sequence[rules.VersionRow],
    rule_rows: Sequence[rules.RuleRow],
    calendar: WorkingCalendar,
) -> list[Retimed]:
    """The new deadlines of the open duties timed on the other figure. Each keeps its event and
    the Code version that judged it; only the figure changes."""
    changes = []
    for duty in duties:
        if duty.enhanced == enhanced:
            continue
        version = rules.version_in_force(versions, london_day(duty.event_at))
        new = rules.deadline(rule_rows, version, duty.kind, duty.event_at, enhanced, calendar)
        changes.append(Retimed(duty.id, new.rule_id, new.working_days, new.due_on, duty.due_on))
    return changes


def retime_open_duties(
    actor: User,
    case: Case,
    victim: Person,
    enhanced: bool,
    reason: str,
    *,
    code: CodeData | None = None,
    calendar: WorkingCalendar | None = None,
) -> list[Retimed]:
    """Apply the new figure to the victim's open working-day duties on the case, in the caller's
    transaction, and say so on the case timeline with the reason. Returns what changed."""
    code = code or load_code()
    calendar = calendar or working_calendar()
    rows = list(
        Duty.objects.select_for_update().filter(
            case=case, victim=victim, state=Duty.State.OPEN, working_days__isnull=False
        )
    )
    opened = [OpenDuty(d.pk, d.kind, d.event_at, d.enhanced, d.due_on) for d in rows]
    changes = retime_duties(opened, enhanced, code.versions, code.rules, calendar)
    if not changes:
        return []
    by_id = {d.pk: d for d in rows}
    touched = []
    for change in changes:
        duty = by_id[change.id]
        duty.enhanced = enhanced
        duty.rule_id = change.rule_id
        duty.working_days = change.working_days
        duty.due_on = change.due_on
        touched.append(duty)
    bulk_update_with_history(
        touched,
        Duty,
        ["enhanced", "rule_id", "working_days", "due_on"],
        batch_size=500,
        default_change_reason="re-timed: enhanced rights changed",
    )
    figure = "enhanced" if enhanced else "standard"
    count = len(changes)
    case_services.add_timeline(
        case,
        TimelineEvent.Kind.NOTE,
        f"{count} open Victims' Code {'duty' if count == 1 else 'duties'} re-timed to the {figure} deadlines. "
        f"Reason: {reason.strip()}",
        actor,
    )
    return changes
