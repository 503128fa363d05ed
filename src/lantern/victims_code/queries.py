"""Read side of the Victims' Code pages and API. Cases come through the access policy
(lantern.cases.access) first; everything here starts from a case the user may see, or from
visible_cases, so no page built on it can show a duty of a case the policy hides."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from django.db.models import Count, Max, Q, QuerySet

from lantern.cases.access import visible_cases
from lantern.cases.models import Case
from lantern.core import access
from lantern.core.models import User
from lantern.core.roles import Capability, has_capability
from lantern.notify import outbox, transports
from lantern.notify.models import OutboxMessage
from lantern.people.models import Person
from lantern.victims_code import rules, services
from lantern.victims_code.models import CaseEvent, ContactPlan, Duty, DutyKind, Escalation, VictimUpdate
from lantern.victims_code.plans import ContactSummary, contact_summary
from lantern.victims_code.sending import duties_being_sent
from lantern.victims_code.working_days import london_day

DISPLAY_ORDER = {rules.OVERDUE: 0, rules.DUE_TODAY: 1, rules.DUE: 2}
TAG_CLASSES = {
    rules.OVERDUE: "govuk-tag--red",
    rules.DUE_TODAY: "govuk-tag--orange",
    rules.DUE: "govuk-tag--blue",
    Duty.State.MET: "govuk-tag--green",
    Duty.State.MET_LATE: "govuk-tag--yellow",
    Duty.State.WAIVED: "govuk-tag--grey",
}


@dataclass
class DutyRow:
    duty: Duty
    display: str
    sending: bool = False

    @property
    def label(self) -> str:
        return rules.DISPLAY_LABELS[self.display]

    @property
    def tag_class(self) -> str:
        return TAG_CLASSES[self.display]

    @property
    def is_open(self) -> bool:
        return self.duty.state == Duty.State.OPEN


def visible_case_ids(user: User, case_ids: Iterable[int]) -> set[int]:
    """Which of these cases the user may see, by the access policy. Asking about given cases lets
    the database check the policy for those rows only, instead of listing every case the user may
    see (at national scale that list is a scan of every case in the force)."""
    ids = sorted(set(case_ids))
    allowed: set[int] = set()
    for start in range(0, len(ids), 5000):
        allowed.update(visible_cases(user).filter(pk__in=ids[start : start + 5000]).values_list("pk", flat=True))
    return allowed


def get_duty_for(user: User, pk: int) -> Duty:
    """A duty of a case the user may see, or 404 (audited)."""
    return access.get_for(
        user, Duty, pk, queryset=lambda rows: rows.select_related("case", "case__force", "victim", "owner")
    )


def get_update_for(user: User, pk: int) -> VictimUpdate:
    return access.get_for(
        user,
        VictimUpdate,
        pk,
        queryset=lambda rows: rows.select_related("case", "case__force", "letter", "message", "victim"),
    )


def get_message_for(user: User, pk: int) -> OutboxMessage:
    return access.get_for(user, OutboxMessage, pk, queryset=lambda rows: rows.select_related("case"))


def case_duties(case: Case, today: dt.date) -> list[DutyRow]:
    """Every duty of the case: open ones first, overdue at the top, then the closed ones."""
    sending = duties_being_sent(case)
    rows = [
        DutyRow(d, rules.display_state(d.state, d.due_on, today), d.pk in sending)
        for d in Duty.objects.filter(case=case)
        .order_by()  # by the case index, sorted below
        .select_related("victim", "owner", "event", "waived_by")
        .prefetch_related("victim__names")
    ]
    open_rows = sorted(
        (r for r in rows if r.is_open), key=lambda r: (DISPLAY_ORDER[r.display], r.duty.due_on, r.duty.pk)
    )
    closed = sorted(
        (r for r in rows if not r.is_open),
        key=lambda r: r.duty.met_at or r.duty.waived_at or r.duty.recorded_at,
        reverse=True,
    )
    return open_rows + closed


@dataclass
class DutyGroup:
    """Overdue duties of one kind to one victim shown as one row ("5 updates missed since 3
    September"), met by one recorded update naming them all."""

    rows: list[DutyRow]
    grouped: bool = True

    @property
    def duty(self) -> Duty:
        return self.rows[0].duty

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def since(self) -> dt.date:
        return min(r.duty.due_on for r in self.rows)

    @property
    def duty_ids(self) -> list[int]:
        return [r.duty.pk for r in self.rows]

    @property
    def label(self) -> str:
        return rules.DISPLAY_LABELS[rules.OVERDUE]

    @property
    def tag_class(self) -> str:
        return TAG_CLASSES[rules.OVERDUE]


def group_overdue(rows: list[DutyRow]) -> list[DutyRow | DutyGroup]:
    """Open rows with the overdue duties of one kind to one victim gathered into one group (two or
    more), placed where the first of them was; a duty being sent stays on its own row."""
    keyed: dict[tuple[int, str], list[DutyRow]] = {}
    for row in rows:
        if row.display == rules.OVERDUE and not row.sending:
            keyed.setdefault((row.duty.victim_id, row.duty.kind), []).append(row)
    items: list[DutyRow | DutyGroup] = []
    placed: set[tuple[int, str]] = set()
    for row in rows:
        key = (row.duty.victim_id, row.duty.kind)
        group = keyed.get(key, [])
        if len(group) < 2 or row not in group:
            items.append(row)
        elif key not in placed:
            placed.add(key)
            items.append(DutyGroup(group))
    return items


@dataclass
class VictimSummary:
    victim: Person
    last_told_at: dt.datetime | None
    days_since_told: int | None
    days_since_reported: int
    next_due: Duty | None
    open_count: int
    overdue_count: int
    enhanced: rules.EnhancedRights
    plan: ContactPlan | None
    contact: ContactSummary
    language: str


def victim_summaries(case: Case, now: dt.datetime) -> list[VictimSummary]:
    today = london_day(now)
    victims = services.victims_of(case)
    last_told = dict(
        VictimUpdate.objects.filter(case=case, delivery=VictimUpdate.Delivery.GIVEN)
        .values("victim_id")
        .annotate(last=Max("given_at"))
        .values_list("victim_id", "last")
    )
    # A case's open duties are few: read them once (by the case index) and work per victim here.
    open_duties = sorted(
        Duty.objects.filter(case=case, state=Duty.State.OPEN).order_by(), key=lambda d: (d.due_on, d.pk)
    )
    plans = {
        p.victim_id: p
        for p in ContactPlan.objects.filter(case=case, superseded_at__isnull=True).select_related("advocate")
    }
    summaries = []
    for victim in victims:
        told = last_told.get(victim.pk)
        if len(victims) == 1 and case.last_victim_contact_at and (told is None or case.last_victim_contact_at > told):
            # A contact recorded on the case's timeline (not through an update here) counts for its only victim.
            told = case.last_victim_contact_at
        summaries.append(
            VictimSummary(
                victim=victim,
                last_told_at=told,
                days_since_told=rules.days_since(told, now),
                days_since_reported=rules.days_since(case.reported_at, now) or 0,
                next_due=next((d for d in open_duties if d.victim_id == victim.pk), None),
                open_count=sum(1 for d in open_duties if d.victim_id == victim.pk),
                overdue_count=sum(1 for d in open_duties if d.victim_id == victim.pk and d.due_on < today),
                enhanced=services.enhanced_rights(case, victim),
                plan=plans.get(victim.pk),
                contact=contact_summary(victim),
                language=services.preferred_language(case, victim),
            )
        )
    return summaries


@dataclass
class MessageRow:
    message: OutboxMessage
    recipient: str
    update: VictimUpdate | None = None

    @property
    def failed(self) -> bool:
        return self.message.state == OutboxMessage.State.FAILED

    @property
    def deliverable_by_hand(self) -> bool:
        """A letter the officer prints and delivers (GOV.UK Notify posts it when configured)."""
        return (
            self.message.channel == OutboxMessage.Channel.LETTER
            and self.message.state in outbox.DELIVERABLE_BY_HAND
            and not transports.notify_configured()
        )


def case_messages(case: Case) -> list[MessageRow]:
    """Messages to the victims of a case, failures first; recipients masked (never a protected one)."""
    messages = list(OutboxMessage.objects.filter(case=case, purpose="victim_update").select_related("letter"))
    updates = {u.message_id: u for u in VictimUpdate.objects.filter(message__in=messages)}
    rows = [MessageRow(m, outbox.masked_recipient(m), updates.get(m.pk)) for m in messages]
    return sorted(rows, key=lambda r: (not r.failed, -r.message.pk))


def case_updates(case: Case) -> QuerySet[VictimUpdate]:
    return (
        VictimUpdate.objects.filter(case=case)
        .select_related("given_by", "victim", "letter", "message")
        .prefetch_related("duties", "victim__names")
        .order_by("-recorded_at", "-id")
    )


def case_events(case: Case) -> QuerySet[CaseEvent]:
    return CaseEvent.objects.filter(case=case).select_related("recorded_by").annotate(n_duties=Count("duties"))


class OwedDuty(NamedTuple):
    """An open duty as the officer's list shows it (read as values: no model per row)."""

    kind: str
    due_on: dt.date


@dataclass
class CaseDuties:
    """One case's open duties on the officer's list: what is owed and since when."""

    case: Case
    duties: list[OwedDuty]

    @property
    def earliest(self) -> dt.date:
        return min(d.due_on for d in self.duties)

    @cached_property
    def kinds(self) -> list[tuple[str, int]]:
        """What is owed, each kind once with how many (four missed plan updates read as one line)."""
        labels = dict(DutyKind.choices)
        counts: dict[str, int] = {}
        for duty in self.duties:
            label = labels.get(duty.kind, duty.kind)
            counts[label] = counts.get(label, 0) + 1
        return list(counts.items())


def _by_case(duties: QuerySet[Duty], limit: int) -> list[CaseDuties]:
    """The first `limit` cases in the duties' order, each with its duties among them. The rows are
    read as values and only the cases shown are loaded as objects: a busy officer has hundreds of
    overdue duties, and making each a model with its case and force was most of "My cases"."""
    grouped: dict[int, list[OwedDuty]] = {}
    for case_id, kind, due_on in duties.values_list("case_id", "kind", "due_on"):
        if case_id not in grouped:
            if len(grouped) >= limit:
                continue
            grouped[case_id] = []
        grouped[case_id].append(OwedDuty(kind, due_on))
    cases = Case.objects.select_related("force").in_bulk(list(grouped))
    return [CaseDuties(cases[case_id], rows) for case_id, rows in grouped.items()]


@dataclass
class MyDuties:
    overdue: list[CaseDuties] = field(default_factory=list)
    due_today: list[CaseDuties] = field(default_factory=list)
    overdue_count: int = 0
    overdue_cases: int = 0
    due_today_count: int = 0
    due_soon_count: int = 0
    escalated: list[Escalation] = field(default_factory=list)
    escalated_count: int = 0
    failed_messages: int = 0

    @property
    def empty(self) -> bool:
        return not (
            self.overdue_count
            or self.due_today_count
            or self.due_soon_count
            or self.escalated_count
            or self.failed_messages
        )

    @property
    def more_cases(self) -> bool:
        return self.overdue_cases > len(self.overdue)


def my_duties(user: User, today: dt.date, limit: int = 10) -> MyDuties:
    """What the officer owes today, case by case, overdue first (the longest overdue at the top);
    what was escalated to them; their failed messages."""
    owned = Duty.objects.filter(owner=user, state=Duty.State.OPEN)
    mine = owned.filter(case_id__in=visible_case_ids(user, owned.values_list("case_id", flat=True).distinct()))
    result = MyDuties()
    counts = mine.aggregate(
        overdue=Count("id", filter=Q(due_on__lt=today)),
        today=Count("id", filter=Q(due_on=today)),
        soon=Count("id", filter=Q(due_on__gt=today, due_on__lte=today + dt.timedelta(days=7))),
        overdue_cases=Count("case_id", filter=Q(due_on__lt=today), distinct=True),
    )
    result.overdue_count, result.due_today_count, result.due_soon_count = (
        counts["overdue"],
        counts["today"],
        counts["soon"],
    )
    result.overdue_cases = counts["overdue_cases"]
    result.overdue = _by_case(mine.filter(due_on__lt=today).order_by("due_on", "id")[:2000], limit)
    result.due_today = _by_case(mine.filter(due_on=today).order_by("id")[:500], limit)
    to_me = Escalation.objects.filter(to_user=user, duty__state=Duty.State.OPEN)
    escalated = to_me.filter(
        duty__case_id__in=visible_case_ids(user, to_me.values_list("duty__case_id", flat=True).distinct())
    )
    result.escalated_count = escalated.count()
    result.escalated = list(
        escalated.select_related("duty", "duty__case", "duty__case__force", "duty__owner").order_by("duty__due_on")[
            :limit
        ]
    )
    result.failed_messages = failed_messages_for(user).count()
    return result


def failed_messages_for(user: User) -> QuerySet[OutboxMessage]:
    """Failed messages to victims an officer should act on: their own cases; for a supervisor or
    SPOC, every case of their force they may see."""
    failed = OutboxMessage.objects.filter(state=OutboxMessage.State.FAILED, purpose="victim_update")
    if not has_capability(user, Capability.ALLOCATES_CASES):
        failed = failed.filter(case__officer_in_charge=user)
    allowed = visible_case_ids(user, failed.values_list("case_id", flat=True).distinct())
    return (
        failed.filter(case_id__in=allowed)
        .select_related("case", "case__force", "case__officer_in_charge")
        .order_by("-recorded_at")
    )
