"""API for Victims' Code duties: a case's duties, recording events and updates, waiving, contact
plans, the officer's own duties, and the measures. Thin: the rules are in services and rules."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from lantern.cases.access import get_case_for
from lantern.cases.models import Case
from lantern.core import audit, clock
from lantern.core.access import AccessDenied
from lantern.core.api_schemas import InputSchema
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.core.web import current_user as _user  # the API's auth has run: a User
from lantern.core.web import record_list_consultation
from lantern.people.models import Person
from lantern.victims_code import measures, plans, queries, rules, services
from lantern.victims_code.code import can_see_duties, can_see_measures
from lantern.victims_code.models import Duty
from lantern.victims_code.working_days import london_day

router = Router(tags=["victims' code"])


def _case(user: User, case_id: int) -> Case:
    if not can_see_duties(user):
        raise AccessDenied("Victims' Code duties are for police users.")
    return get_case_for(user, case_id)


def _victim(case_victims: list[Person], victim_id: int | None) -> Person:
    if victim_id is None:
        if len(case_victims) == 1:
            return case_victims[0]
        raise invalid("victim_id", "The case has several victims: say which one.")
    for victim in case_victims:
        if victim.pk == victim_id:
            return victim
    raise invalid("victim_id", "That person is not a victim in this case.")


class DutyOut(Schema):
    id: int
    case_id: int
    victim_id: int
    kind: str
    description: str
    state: str = Field(description="open, met, met_late or waived")
    display_state: str = Field(description="overdue, due_today or due for an open duty; otherwise the state")
    enhanced: bool
    working_days: int | None
    event_at: dt.datetime
    due_on: dt.date
    owner_id: int
    met_at: dt.datetime | None
    days_late: int | None
    waived_reason: str
    escalation_level: int

    @staticmethod
    def of(duty: Duty, today: dt.date) -> DutyOut:
        return DutyOut(
            id=duty.pk,
            case_id=duty.case_id,
            victim_id=duty.victim_id,
            kind=duty.kind,
            description=duty.get_kind_display(),
            state=duty.state,
            display_state=rules.display_state(duty.state, duty.due_on, today),
            enhanced=duty.enhanced,
            working_days=duty.working_days,
            event_at=duty.event_at,
            due_on=duty.due_on,
            owner_id=duty.owner_id,
            met_at=duty.met_at,
            days_late=duty.days_late,
            waived_reason=duty.waived_reason,
            escalation_level=duty.escalation_level,
        )


class VictimOut(Schema):
    victim_id: int
    days_since_told: int | None = Field(description="Days since the victim was last told anything; null: never")
    next_due_on: dt.date | None
    open_duties: int
    overdue_duties: int
    enhanced_rights: bool
    enhanced_rights_reason: str


class CaseDutiesOut(Schema):
    victims: list[VictimOut]
    duties: list[DutyOut]


class EventIn(InputSchema):
    kind: str
    occurred_at: dt.datetime
    note: str = ""


class EventOut(Schema):
    id: int
    kind: str
    occurred_at: dt.datetime
    duties_created: int


class UpdateIn(InputSchema):
    victim_id: int | None = None
    given_at: dt.datetime
    channel: str
    language: str
    summary: str
    interpreter_used: bool = False
    interpreter_name: str = ""
    duty_ids: list[int] = []


class UpdateOut(Schema):
    id: int
    given_at: dt.datetime | None
    duties_met: list[int]


class WaiveIn(InputSchema):
    reason: str


class PlanIn(InputSchema):
    victim_id: int | None = None
    interval_days: int | None = None
    channel: str = ""
    language: str = ""
    interpreter_needed: bool = False
    advocate_id: int | None = None
    notes: str = ""


class PlanOut(Schema):
    id: int
    victim_id: int
    interval_days: int
    channel: str
    language: str
    agreed_at: dt.datetime
    next_update_due_on: dt.date | None


class MeasureOut(Schema):
    name: str
    duties_due: int
    met_on_time: int
    met_late: int
    overdue: int
    not_yet_due: int
    waived: int
    share_met_on_time: float | None
    median_days_late: float | None
    longest_silence_days: int | None


@router.get(
    "/cases/{case_id}/duties",
    response=CaseDutiesOut,
    url_name="vc_case_duties",
    summary="A case's Victims' Code duties, overdue first",
)
def list_duties(request: HttpRequest, case_id: int) -> CaseDutiesOut:
    user = _user(request)
    case = _case(user, case_id)
    now = clock.now()
    today = london_day(now)
    audit.record(user, audit.Action.CONSULTATION, case, detail="duties")
    return CaseDutiesOut(
        victims=[
            VictimOut(
                victim_id=s.victim.pk,
                days_since_told=s.days_since_told,
                next_due_on=s.next_due.due_on if s.next_due else None,
                open_duties=s.open_count,
                overdue_duties=s.overdue_count,
                enhanced_rights=s.enhanced.enhanced,
                enhanced_rights_reason=s.enhanced.reason,
            )
            for s in queries.victim_summaries(case, now)
        ],
        duties=[DutyOut.of(row.duty, today) for row in queries.case_duties(case, today)],
    )


@router.post(
    "/cases/{case_id}/events",
    response={201: EventOut},
    url_name="vc_record_event",
    summary="Record an event the victims must be told of",
)
def record_event(request: HttpRequest, case_id: int, payload: EventIn) -> Status[EventOut]:
    user = _user(request)
    case = _case(user, case_id)
    event = services.record_event(user, case, payload.kind, payload.occurred_at, payload.note)
    return Status(
        201, EventOut(id=event.pk, kind=event.kind, occurred_at=event.occurred_at, duties_created=event.duties.count())
    )


@router.post(
    "/cases/{case_id}/victim-updates",
    response={201: UpdateOut},
    url_name="vc_record_update",
    summary="Record that a victim was told something",
)
def record_update(request: HttpRequest, case_id: int, payload: UpdateIn) -> Status[UpdateOut]:
    user = _user(request)
    case = _case(user, case_id)
    victim = _victim(services.victims_of(case), payload.victim_id)
    update = services.record_update(
        user,
        case,
        services.NewUpdate(
            victim=victim,
            given_at=payload.given_at,
            channel=payload.channel,
            language=payload.language,
            summary=payload.summary,
            interpreter_used=payload.interpreter_used,
            interpreter_name=payload.interpreter_name,
            duty_ids=tuple(payload.duty_ids),
        ),
    )
    return Status(
        201, UpdateOut(id=update.pk, given_at=update.given_at, duties_met=sorted(d.pk for d in update.duties.all()))
    )


@router.post(
    "/duties/{duty_id}/waive", response=DutyOut, url_name="vc_waive_duty", summary="Waive a duty, with the reason"
)
def waive_duty(request: HttpRequest, duty_id: int, payload: WaiveIn) -> DutyOut:
    user = _user(request)
    if not can_see_duties(user):
        raise AccessDenied("Victims' Code duties are for police users.")
    duty = queries.get_duty_for(user, duty_id)
    return DutyOut.of(services.waive_duty(user, duty, payload.reason), clock.today())


@router.post(
    "/cases/{case_id}/contact-plans",
    response={201: PlanOut},
    url_name="vc_contact_plan",
    summary="Record the contact plan agreed with a victim",
)
def set_contact_plan(request: HttpRequest, case_id: int, payload: PlanIn) -> Status[PlanOut]:
    user = _user(request)
    case = _case(user, case_id)
    victim = _victim(services.victims_of(case), payload.victim_id)
    advocate = User.objects.filter(pk=payload.advocate_id).first() if payload.advocate_id else None
    if payload.advocate_id and advocate is None:
        raise invalid("advocate_id", "No such advocate.")
    plan = plans.set_contact_plan(
        user,
        case,
        plans.NewPlan(
            victim=victim,
            interval_days=payload.interval_days,
            channel=payload.channel,
            language=payload.language,
            interpreter_needed=payload.interpreter_needed,
            advocate=advocate,
            notes=payload.notes,
        ),
    )
    next_duty = plan.duties.filter(state=Duty.State.OPEN).order_by("due_on").first()
    return Status(
        201,
        PlanOut(
            id=plan.pk,
            victim_id=victim.pk,
            interval_days=plan.interval_days,
            channel=plan.channel,
            language=plan.language,
            agreed_at=plan.agreed_at,
            next_update_due_on=next_duty.due_on if next_duty else None,
        ),
    )


@router.get("/me/duties", response=list[DutyOut], url_name="vc_my_duties", summary="Your open duties, overdue first")
def my_duties(request: HttpRequest) -> list[DutyOut]:
    user = _user(request)
    if not can_see_duties(user):
        raise AccessDenied("Victims' Code duties are for police users.")
    today = clock.today()
    owned = Duty.objects.filter(owner=user, state=Duty.State.OPEN)
    mine = owned.filter(case_id__in=queries.visible_case_ids(user, owned.values_list("case_id", flat=True).distinct()))
    shown = list(mine.order_by("due_on", "id")[:500])
    record_list_consultation(user, "api my duties", dict.fromkeys(d.case_id for d in shown))
    return [DutyOut.of(d, today) for d in shown]


@router.get(
    "/victims-code/measures",
    response=list[MeasureOut],
    url_name="vc_measures",
    summary="Share on time, lateness and silence by group",
)
def measures_endpoint(request: HttpRequest, start: dt.date, end: dt.date, by: str = "force") -> list[MeasureOut]:
    user = _user(request)
    if not can_see_measures(user):
        raise AccessDenied("Measures are for supervisors, SPOCs, investigators and analysts.")
    if by not in measures.groupings_for(user):
        raise invalid("by", f"Group by one of: {', '.join(measures.groupings_for(user))}.")
    if end < start:
        raise invalid("end", "The end of the range is before its start.")
    rows = measures.compute(user, start, end, by, clock.now())
    return [
        MeasureOut(
            name=r.label,
            duties_due=r.due,
            met_on_time=r.met_on_time,
            met_late=r.met_late,
            overdue=r.overdue,
            not_yet_due=r.not_yet_due,
            waived=r.waived,
            share_met_on_time=r.share_on_time,
            median_days_late=r.median_days_late,
            longest_silence_days=r.longest_silence_days,
        )
        for r in rows
    ]
