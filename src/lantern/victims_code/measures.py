"""Victims' Code measures for oversight: per officer, team or force, over any date range, the
share of duties met on time, the median days late, and the longest silence on a case.

All computed in the database with GROUP BY (one query per measure, whatever the number of rows);
Python only turns grouped counts into medians. Definitions:

- duties counted: those due in the range (due_on from `start` to `end`, inclusive), attributed to
  the officer who owns them (the officer in charge when they fell due, or who met them);
- share on time: met on time / (met on time + met late + still overdue); waived duties and duties
  not yet due are shown but not in the share;
- median days late: over duties met late (days after the due day) and duties still overdue (days
  overdue so far), in calendar days;
- longest silence: the longest time a case's victims went without being told anything, counting
  gaps that ended with a contact in the range (from the contact before it, or from the report) and,
  for cases open now, the silence still running at the end of the range. A gap is attributed to
  the officer who ended it; a running silence to the officer in charge now.

A national analyst sees forces only (aggregates, never a person); police see their own force.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Max, Min, Q, QuerySet
from django.db.models.functions import Coalesce

from lantern.cases.models import Case, CaseStatus, TimelineEvent
from lantern.core import access
from lantern.core.dbfunctions import SecondsBetween
from lantern.core.models import Force, Team, User
from lantern.victims_code import rules
from lantern.victims_code.models import Duty
from lantern.victims_code.working_days import LONDON

GROUPINGS = {"officer": "Officer", "team": "Team", "force": "Force"}
CONTACT = TimelineEvent.Kind.VICTIM_CONTACT


@dataclass
class MeasureRow:
    key: int | None
    label: str
    due: int = 0
    met_on_time: int = 0
    met_late: int = 0
    overdue: int = 0
    not_yet_due: int = 0
    waived: int = 0
    median_days_late: float | None = None
    longest_silence_days: int | None = None
    # {days late: duties}, behind median_days_late: lets oversight merge forces into regions.
    lateness: dict[int, int] = field(default_factory=dict)

    @property
    def decided(self) -> int:
        return self.met_on_time + self.met_late + self.overdue

    @property
    def share_on_time(self) -> float | None:
        return round(100 * self.met_on_time / self.decided, 1) if self.decided else None


def groupings_for(user: User) -> list[str]:
    if access.sees_aggregates_only(user):
        return ["force"]
    return ["officer", "team", "force"]


def _duty_scope(user: User) -> QuerySet[Duty]:
    """Aggregates only, so no case is fetched: a force's figures are its own officers' duties; the
    analyst's, every force's."""
    if access.sees_aggregates_only(user):
        return Duty.objects.all()
    if user.force_id is None or not access.can_see_force_dashboard(user):
        return Duty.objects.none()
    return Duty.objects.filter(owner__force_id=user.force_id)


def _case_scope(user: User) -> QuerySet[Case]:
    """The cases whose silences count (aggregated, never listed): the force's own."""
    if access.sees_aggregates_only(user):
        return Case.objects.all()
    if user.force_id is None or not access.can_see_force_dashboard(user):
        return Case.objects.none()
    return Case.objects.filter(force_id=user.force_id)


def _labels(by: str, keys: set[int | None]) -> dict[int | None, str]:
    ids = [k for k in keys if k is not None]
    if by == "officer":
        names: dict[int | None, str] = {u.pk: u.display_name for u in User.objects.filter(pk__in=ids)}
    elif by == "team":
        names = {t.pk: t.name for t in Team.objects.filter(pk__in=ids)}
    else:
        names = dict(Force.objects.filter(pk__in=ids).values_list("pk", "name"))
    names[None] = {"officer": "No officer", "team": "No team", "force": "No force"}[by]
    return names


def _owner_groups(by: str, owners: set[int]) -> dict[int, int | None]:
    """Each owner's group: the officer themself, their team or their force."""
    if by == "officer":
        return {pk: pk for pk in owners}
    field_name = "team_id" if by == "team" else "force_id"
    return dict(User.objects.filter(pk__in=owners).values_list("pk", field_name))


def compute(
    user: User, start: dt.date, end: dt.date, by: str, now: dt.datetime, *, silences: bool = True
) -> list[MeasureRow]:
    """The measures for the user's scope, grouped `by` officer, team or force. With silences=False
    the longest silences are left out (lantern.victims_code.figures: a month not yet begun adds
    none to those of the current month)."""
    if by not in groupings_for(user):
        raise ValueError(f"cannot group by {by!r}")
    if end < start:
        raise ValueError("the range ends before it starts")
    today = now.astimezone(LONDON).date()
    rows: dict[int | None, MeasureRow] = {}

    def row(key: int | None) -> MeasureRow:
        return rows.setdefault(key, MeasureRow(key, ""))

    # Counted over a column of the covering index (due_on is never null; COUNT(*) where Django allows
    # it), not the id: PostgreSQL then answers from the index alone (an index-only scan: its indexes
    # hold no id), about 3-5x quicker there at national scale (issue 13).
    # Grouped by owner on the duty table alone (each a range of a covering index: (due_on, owner,
    # state), (state, due_on, owner, days_late)), then owners to their team or force here: a join
    # to the users let SQLite, without statistics, walk every duty of every user (issue 13).
    duties = _duty_scope(user).filter(due_on__gte=start, due_on__lte=end)
    counted = list(
        duties.values("owner_id").annotate(
            due=Count("due_on"),
            on_time=Count("due_on", filter=Q(state=Duty.State.MET)),
            late=Count("due_on", filter=Q(state=Duty.State.MET_LATE)),
            overdue=Count("due_on", filter=Q(state=Duty.State.OPEN, due_on__lt=today)),
            pending=Count("due_on", filter=Q(state=Duty.State.OPEN, due_on__gte=today)),
            waived=Count("due_on", filter=Q(state=Duty.State.WAIVED)),
        )
    )
    group = _owner_groups(by, {item["owner_id"] for item in counted})
    for item in counted:
        r = row(group.get(item["owner_id"]))
        r.due, r.met_on_time, r.met_late = (
            r.due + item["due"],
            r.met_on_time + item["on_time"],
            r.met_late + item["late"],
        )
        r.overdue, r.not_yet_due, r.waived = (
            r.overdue + item["overdue"],
            r.not_yet_due + item["pending"],
            r.waived + item["waived"],
        )

    # The distributions of lateness grouped by the owner's group in the database (a primary-key
    # seek to the owner per late duty, from the covering index's range): grouped by owner, they came
    # back as tens of thousands of (owner, days) rows at national scale, turned into Python dicts one
    # by one (issue 13: most of the cold dashboard's time).
    group_key = {"officer": "owner_id", "team": "owner__team_id", "force": "owner__force_id"}[by]
    lateness: dict[int | None, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    late_rows = duties.filter(state=Duty.State.MET_LATE).values_list(group_key, "days_late").annotate(n=Count("*"))
    for key, days_late, n in late_rows.order_by():
        lateness[key][days_late or 0] += n
    overdue_rows = (
        duties.filter(state=Duty.State.OPEN, due_on__lt=today).values_list(group_key, "due_on").annotate(n=Count("*"))
    )
    for key, due_on, n in overdue_rows.order_by():
        lateness[key][(today - due_on).days] += n
    for key, counts in lateness.items():
        row(key).median_days_late = rules.median_from_counts(counts)
        row(key).lateness = dict(counts)

    start_at = dt.datetime.combine(start, dt.time.min, tzinfo=LONDON)
    end_at = min(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=LONDON), now)
    for key, seconds in (_silences(user, by, start_at, end_at, now) if silences else {}).items():
        days = int(seconds // 86400)
        current = row(key).longest_silence_days
        row(key).longest_silence_days = days if current is None else max(current, days)

    labels = _labels(by, set(rows))
    for key, r in rows.items():
        r.label = labels.get(key, "Unknown")
    return sorted(rows.values(), key=lambda r: (r.share_on_time if r.share_on_time is not None else 101, r.label))


def _silences(
    user: User, by: str, start_at: dt.datetime, end_at: dt.datetime, now: dt.datetime
) -> dict[int | None, float]:
    """Longest silence in seconds per group: gaps ended in the range, and silences still running."""
    result: dict[int | None, float] = {}
    cases = _case_scope(user)
    # Each contact carries when the silence it ended began (silent_since: the previous contact or the
    # report, kept by cases.silences): the gaps ended in the range are a MAX over a range of the
    # partial index cases_timeline_contacts (recorded_at, force, silent_since), the gap computed by the
    # database (SecondsBetween), with no per-contact seek (decisions 0024, 0027).
    contacts = TimelineEvent.objects.filter(kind=CONTACT)
    gap_key = {"officer": "recorded_by_id", "team": "recorded_by__team_id", "force": "force_id"}[by]
    in_range = contacts.filter(recorded_at__gte=start_at, recorded_at__lt=end_at)
    if not access.sees_aggregates_only(user):
        in_range = in_range.filter(case__in=cases.values("pk"))
    ended = in_range.values(gap_key).annotate(longest=Max(SecondsBetween(F("recorded_at"), F("silent_since"))))
    for gap in ended:
        if gap["longest"] is not None:
            result[gap[gap_key]] = float(gap["longest"])
    # Silences still running at the end of the range, for open cases reported before it. A case not
    # contacted since the end has been silent since its last contact, kept on the case itself
    # (last_victim_contact_at), or since the report.
    case_key = {"officer": "officer_in_charge_id", "team": "officer_in_charge__team_id", "force": "force_id"}[by]
    open_cases = cases.exclude(status=CaseStatus.CLOSED).filter(reported_at__lt=end_at)
    quiet = (
        open_cases.filter(Q(last_victim_contact_at__lt=end_at) | Q(last_victim_contact_at__isnull=True))
        .values(case_key)
        .annotate(oldest=Min(Coalesce("last_victim_contact_at", "reported_at")))
    )
    # A case contacted since: its first contact after the end ended a silence that began before the
    # end, at the last contact before it or the report: that contact's silent_since, read from the
    # partial index (no seek per case, decision 0027).
    contacted_since = (
        contacts.filter(recorded_at__gte=end_at, silent_since__lt=end_at)
        .exclude(case__status=CaseStatus.CLOSED)
        .filter(case__reported_at__lt=end_at)
    )
    if not access.sees_aggregates_only(user):
        contacted_since = contacted_since.filter(case__in=cases.values("pk"))
    key = f"case__{case_key}"
    since = contacted_since.values(key).annotate(oldest=Min("silent_since"))
    for rows, field_name in ((quiet, case_key), (since, key)):
        for item in rows:
            if item["oldest"] is not None:
                seconds = (end_at - item["oldest"]).total_seconds()
                result[item[field_name]] = max(result.get(item[field_name], 0.0), seconds)
    return result


CSV_HEADER = [
    "group",
    "name",
    "duties due",
    "met on time",
    "met late",
    "overdue",
    "not yet due",
    "waived",
    "share met on time (%)",
    "median days late",
    "longest silence (days)",
]


def _cell(value: Any) -> Any:
    """A spreadsheet must not run a name as a formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value


def to_csv(rows: list[MeasureRow], by: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for r in rows:
        values: list[Any] = [
            by,
            r.label,
            r.due,
            r.met_on_time,
            r.met_late,
            r.overdue,
            r.not_yet_due,
            r.waived,
            "" if r.share_on_time is None else r.share_on_time,
            "" if r.median_days_late is None else r.median_days_late,
            "" if r.longest_silence_days is None else r.longest_silence_days,
        ]
        writer.writerow([_cell(v) for v in values])
    return buffer.getvalue()
