"""The Victims' Code rules Lantern runs: pure functions, the clock and the calendar passed in.

Sources: shared/reference/domain.md, section 0 (the clocks C1-C16) and section 1 (the Code, its
versions and Enhanced Rights). The day counts are not here: they are data (DeadlineRule rows,
keyed by Code version and the date it came into force), loaded by a migration, because the Code is
being rewritten and some figures are unverified. What is here is the logic: which events create
which duties, which version judges an event, who has enhanced rights, when a duty is due, met,
overdue or escalated, and when the next update under a contact plan falls due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lantern.core.measure_registry import median_from_counts as median_from_counts
from lantern.victims_code.models import Duty, DutyKind, EventKind
from lantern.victims_code.working_days import LONDON, WorkingCalendar, london_day

# --- Which events create which duties ---------------------------------------------------------

# Owed to every victim from the start of a case (C1, C3, C4, Right 7, C16).
INITIAL_DUTIES: tuple[str, ...] = (
    DutyKind.WRITTEN_CONFIRMATION,
    DutyKind.NEEDS_ASSESSMENT,
    DutyKind.SUPPORT_REFERRAL,
    DutyKind.VPS_OFFER,
    DutyKind.AGREE_CONTACT_PLAN,
)


# Events whose duties are not just "tell the victim about it": a request for a review is owed an
# acknowledgement (10 working days) and the result (30 working days), C13.
EVENT_DUTIES: dict[str, tuple[str, ...]] = {
    EventKind.REVIEW_REQUESTED: (DutyKind.REVIEW_ACKNOWLEDGE, DutyKind.REVIEW_OUTCOME),
}


def duties_for_event(kind: str) -> tuple[str, ...]:
    """The duties an event creates for each victim in the case. A crime being recorded creates
    the initial duties; a request for a review, its acknowledgement and result; every other
    event, the duty to tell the victim about it."""
    if kind == EventKind.CRIME_RECORDED:
        return INITIAL_DUTIES
    if kind not in EventKind.values:
        raise ValueError(f"unknown event kind {kind!r}")
    if kind in EVENT_DUTIES:
        return EVENT_DUTIES[kind]
    return (DutyKind(kind).value,)


# --- Which version of the Code, and which deadline ----------------------------------------------


@dataclass(frozen=True)
class VersionRow:
    id: int
    code: str
    in_force_from: dt.date


@dataclass(frozen=True)
class RuleRow:
    id: int
    version_id: int
    duty_kind: str
    standard_working_days: int
    enhanced_working_days: int


def version_in_force(versions: Sequence[VersionRow], day: dt.date) -> VersionRow:
    """The version of the Code that judges an event on `day`: the latest in force on that day.
    An event before the first version Lantern holds is judged by that first version."""
    if not versions:
        raise LookupError("no version of the Victims' Code is loaded")
    ordered = sorted(versions, key=lambda v: v.in_force_from)
    chosen = ordered[0]
    for version in ordered:
        if version.in_force_from <= day:
            chosen = version
    return chosen


@dataclass(frozen=True)
class Deadline:
    rule_id: int
    version_id: int
    working_days: int
    due_on: dt.date


def deadline(
    rules: Iterable[RuleRow],
    version: VersionRow,
    duty_kind: str,
    event_at: dt.datetime,
    enhanced: bool,
    calendar: WorkingCalendar,
) -> Deadline:
    """When a duty arising at `event_at` is due, under `version`: N working days after the London
    calendar day of the event, N being the enhanced or the standard figure."""
    for rule in rules:
        if rule.version_id == version.id and rule.duty_kind == duty_kind:
            days = rule.enhanced_working_days if enhanced else rule.standard_working_days
            return Deadline(rule.id, version.id, days, calendar.add_working_days(london_day(event_at), days))
    raise LookupError(f"the {version.code} Code has no deadline for {duty_kind}")


# --- Enhanced rights (domain.md 1.3 and 9.2) ----------------------------------------------------


@dataclass(frozen=True)
class VictimFacts:
    under_18_at_offence: bool | None  # None: not known
    modern_slavery_case: bool
    recorded_decision: bool | None = None  # the latest recorded decision, if any
    recorded_reason: str = ""


@dataclass(frozen=True)
class EnhancedRights:
    enhanced: bool
    reason: str


def enhanced_rights(facts: VictimFacts) -> EnhancedRights:
    """Whether a victim has enhanced rights (the 1-working-day clocks).

    Anyone under 18 at the time of the offence always has them, whatever was recorded. Otherwise
    a recorded decision (made with a reason) stands. Otherwise every victim in a modern slavery
    case has them by default (most qualify as vulnerable or intimidated, and trafficking is in the
    most-serious-crime list); a victim in any other case has them only by a recorded decision.
    """
    if facts.under_18_at_offence:
        return EnhancedRights(True, "Under 18 at the time of the offence: always enhanced")
    if facts.recorded_decision is not None:
        word = "Enhanced" if facts.recorded_decision else "Not enhanced"
        return EnhancedRights(facts.recorded_decision, f"{word} by a recorded decision: {facts.recorded_reason}")
    if facts.modern_slavery_case:
        return EnhancedRights(True, "Victim of modern slavery: enhanced by default")
    return EnhancedRights(False, "No enhanced-rights category recorded")


def under_18_at_offence(
    date_of_birth: dt.date | None, age_max: int | None, offence_on: dt.date | None, child_at_exploitation: bool = False
) -> bool | None:
    """True if the victim was a child when the offence happened, False if an adult, None if it
    cannot be told. An estimated age below 18 when recorded means under 18 at the (earlier) offence."""
    if child_at_exploitation:
        return True
    if date_of_birth is not None and offence_on is not None:
        eighteenth = _add_years(date_of_birth, 18)
        return offence_on < eighteenth
    if age_max is not None and age_max < 18:
        return True
    return None


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February: the birthday is taken as 1 March in a common year
        return dt.date(day.year + years, 3, 1)


def is_modern_slavery_case(
    offence_codes: Iterable[str], linked_to_nrm_or_dtn: bool, exploitation_types: Iterable[str]
) -> bool:
    """A case is a modern slavery case if it has a Modern Slavery Act offence, an NRM referral or
    Duty to Notify linked, or any type of exploitation recorded. A case with no offence recorded
    yet is treated as one: Lantern records modern slavery crimes, and the error on that side only
    shortens a deadline."""
    codes = list(offence_codes)
    if linked_to_nrm_or_dtn or any(exploitation_types):
        return True
    if not codes:
        return True
    return any(code != "other" for code in codes)


# --- States, lateness and escalation --------------------------------------------------------------

OVERDUE = "overdue"
DUE_TODAY = "due_today"
DUE = "due"


def display_state(state: str, due_on: dt.date, today: dt.date) -> str:
    """What to show for a duty: overdue, due today and due are open duties seen against today."""
    if state != Duty.State.OPEN:
        return state
    if today > due_on:
        return OVERDUE
    if today == due_on:
        return DUE_TODAY
    return DUE


DISPLAY_LABELS = {
    OVERDUE: "Overdue",
    DUE_TODAY: "Due today",
    DUE: "Due",
    Duty.State.MET: "Met",
    Duty.State.MET_LATE: "Met late",
    Duty.State.WAIVED: "Waived",
}


@dataclass(frozen=True)
class Meeting:
    state: str
    days_late: int


def meeting(due_on: dt.date, met_at: dt.datetime) -> Meeting:
    """A duty met at `met_at` is on time if that is on or before its due day (London time)."""
    late = (london_day(met_at) - due_on).days
    if late <= 0:
        return Meeting(Duty.State.MET, 0)
    return Meeting(Duty.State.MET_LATE, late)


def can_meet(duty_event_at: dt.datetime, given_at: dt.datetime) -> bool:
    """An update meets a duty only if it was given when the duty already existed. Officers record
    times to the minute, so an update in the same minute as the event counts."""
    return given_at >= duty_event_at.replace(second=0, microsecond=0)


@dataclass(frozen=True)
class EscalationCutoffs:
    """An open duty with due_on before `supervisor_before` goes to the supervisor; before
    `lead_before`, to the force's modern slavery lead as well."""

    supervisor_before: dt.date
    lead_before: dt.date


def escalation_cutoffs(today: dt.date, calendar: WorkingCalendar, lead_after_working_days: int) -> EscalationCutoffs:
    """An open duty is overdue the day after it was due, and goes to the owner's supervisor. If it
    is still open `lead_after_working_days` working days after its due day has ended, it goes to
    the force lead: that is, when add_working_days(due_on, k) < today, which holds exactly when
    due_on is before the k-th working day counted back from today."""
    if lead_after_working_days < 1:
        raise ValueError("the lead escalation comes at least one working day after the supervisor's")
    day = today
    for _ in range(lead_after_working_days):
        day = calendar.previous_working_day(day)
    return EscalationCutoffs(supervisor_before=today, lead_before=day)


def escalation_level_due(
    due_on: dt.date, today: dt.date, calendar: WorkingCalendar, lead_after_working_days: int
) -> int:
    """The escalation level an open duty should have reached today: 0, 1 (supervisor) or 2 (lead)."""
    if today <= due_on:
        return 0
    if calendar.add_working_days(due_on, lead_after_working_days) < today:
        return 2
    return 1


# --- Contact plans: "no news" is news ---------------------------------------------------------------


@dataclass(frozen=True)
class PlanDutyRecord:
    """The latest update duty under a contact plan, as far as the next one depends on it."""

    starts_on: dt.date
    due_on: dt.date
    state: str
    closed_on: dt.date | None = None  # the London day it was met or waived


@dataclass(frozen=True)
class PlanWindow:
    starts_on: dt.date
    due_on: dt.date


def plan_due_on(starts_on: dt.date, interval_days: int, calendar: WorkingCalendar) -> dt.date:
    """A plan update is due `interval_days` calendar days after the window starts; a day that is
    not a working day moves it to the next working day."""
    return calendar.add_working_days(starts_on + dt.timedelta(days=interval_days), 0)


def next_plan_window(
    agreed_on: dt.date, interval_days: int, latest: PlanDutyRecord | None, today: dt.date, calendar: WorkingCalendar
) -> PlanWindow | None:
    """The next update duty a contact plan creates, or None if none is owed yet.

    The first is due an interval after the plan was agreed. When one is met (or waived), the next
    is due an interval after that day. When one is missed, the next is due an interval after the
    missed deadline, even though nothing has happened on the case: every interval of silence is a
    duty missed."""
    if interval_days < 1:
        raise ValueError("a contact plan interval is at least one day")
    if latest is None:
        start = agreed_on
    elif latest.state == Duty.State.OPEN:
        if today <= latest.due_on:
            return None
        start = latest.due_on
    else:
        start = latest.closed_on or latest.due_on
    return PlanWindow(start, plan_due_on(start, interval_days, calendar))


# --- Updates ------------------------------------------------------------------------------------------


def update_problems(given_at: dt.datetime, now: dt.datetime, case_reported_at: dt.datetime) -> dict[str, str]:
    """What is wrong with the time of an update to the victim, by field (empty if nothing)."""
    problems: dict[str, str] = {}
    if given_at > now:
        problems["given_at"] = "The update cannot be in the future."
    elif given_at < case_reported_at:
        reported = case_reported_at.astimezone(LONDON).strftime("%-d %B %Y at %H:%M")
        problems["given_at"] = f"The update cannot be before the crime was reported ({reported})."
    return problems


def days_since(last_told_at: dt.datetime | None, now: dt.datetime) -> int | None:
    """Whole London calendar days since the victim was last told anything (None: never)."""
    if last_told_at is None:
        return None
    return max(0, (london_day(now) - london_day(last_told_at)).days)


def letter_language(wanted: str, held: Iterable[str]) -> tuple[str, bool]:
    """The language a letter is written in, and whether it needs the note that an interpreter
    must read it to the victim: their language where a translation is held, otherwise English."""
    wanted = (wanted or "en").lower()
    if wanted == "en" or wanted in {h.lower() for h in held}:
        return wanted, False
    return "en", True


# --- Measures ----------------------------------------------------------------------------------------


# median_from_counts lives in core (lantern.core.measure_registry), beside the measures that use it;
# re-exported here for the Victims' Code measures and their tests.
