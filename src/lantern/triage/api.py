"""API for triage and allocation: the force's queue, an item, its assessment, the allocation
candidates and the allocation; officers' training records; operations across forces; the count of
allocations to officers without the required skills (for oversight). Every read and change is
audited; bad input is 422 naming the field (decision 0001)."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from lantern.cases.access import get_case_for
from lantern.core import audit, clock
from lantern.core.access import AccessDenied, get_for
from lantern.core.api_schemas import InputSchema
from lantern.core.errors import invalid
from lantern.core.models import Force, User
from lantern.core.web import current_user as _user
from lantern.triage import access, operations, queue, services, skills
from lantern.triage.models import Assessment, Operation, TrainingRecord, TriageItem

router = Router(tags=["triage"])


class ItemOut(Schema):
    id: int
    source: str
    state: str
    force_code: str
    case_id: int | None
    referral_id: int | None
    duty_to_notify_id: int | None
    entered_at: dt.datetime
    due_on: dt.date
    overdue: bool
    escalated_at: dt.datetime | None
    escalated_to_id: int | None


class AssessmentIn(InputSchema):
    risk_to_victim: str = ""
    risk_to_others: str = ""
    organised_crime: str = ""
    safeguarding_done: bool = False
    safeguarding_note: str = ""
    investigative_opportunities: str = ""
    links: str = ""


class AssessmentOut(Schema):
    id: int
    item_id: int
    risk_to_victim: str
    risk_to_others: str
    organised_crime: str
    safeguarding_done: bool
    assessed_by_id: int
    assessed_at: dt.datetime


class CandidateOut(Schema):
    officer_id: int
    name: str
    qualified: bool
    skills: list[str]
    missing: list[str]
    open_cases: int
    overdue_duties: int


class AllocationIn(InputSchema):
    officer_id: int
    reason: str = ""
    crime_reference: str = ""


class AllocationOut(Schema):
    id: int
    item_id: int
    case_id: int
    officer_id: int
    qualified: bool
    missing_skills: list[str]
    reason: str


class TrainingIn(InputSchema):
    skill: str
    achieved_on: dt.date
    expires_on: dt.date | None = None


class TrainingOut(Schema):
    id: int
    officer_id: int
    skill: str
    achieved_on: dt.date
    expires_on: dt.date | None
    withdrawn: bool


class OperationIn(InputSchema):
    name: str
    lead_force_code: str


class OperationCaseIn(InputSchema):
    case_id: int


class OperationOut(Schema):
    id: int
    name: str
    lead_force_code: str
    own_case_ids: list[int]
    other_forces: dict[str, int]


class CountOut(Schema):
    force_code: str
    count: int


def _item_out(item: TriageItem, today: dt.date) -> ItemOut:
    return ItemOut(
        id=item.pk,
        source=item.source,
        state=item.state,
        force_code=item.force.code,
        case_id=item.case_id,
        referral_id=item.referral_id,
        duty_to_notify_id=item.duty_to_notify_id,
        entered_at=item.entered_at,
        due_on=item.due_on,
        overdue=item.state != TriageItem.State.ALLOCATED and item.due_on < today,
        escalated_at=item.escalated_at,
        escalated_to_id=item.escalated_to_id,
    )


def _queue_user(request: HttpRequest) -> User:
    user = _user(request)
    if not access.can_see_queue(user):
        raise AccessDenied("The triage queue is for the force's triage officers (SPOCs) and supervisors.")
    return user


def _item(user: User, item_id: int) -> TriageItem:
    item = access.get_item_for(user, item_id)
    audit.record(user, audit.Action.CONSULTATION, item, detail="api")
    return item


@router.get("/triage/items", response=list[ItemOut], summary="Your force's triage queue (items still to triage)")
def list_triage_items(request: HttpRequest, limit: int = 100) -> list[ItemOut]:
    user = _queue_user(request)
    if not 1 <= limit <= 500:
        raise invalid("limit", "limit must be between 1 and 500.")
    items = list(queue.open_items(user.force_id).select_related("force")[:limit])
    audit.record(
        user,
        audit.Action.CONSULTATION,
        object_type="triage.triageitem",
        object_id="",
        detail=("triage items " + ",".join(str(i.pk) for i in items))[:255],
    )
    today = clock.today()
    return [_item_out(i, today) for i in items]


@router.get("/triage/items/{item_id}", response=ItemOut)
def get_triage_item(request: HttpRequest, item_id: int) -> ItemOut:
    user = _queue_user(request)
    return _item_out(_item(user, item_id), clock.today())


@router.post("/triage/items/{item_id}/assessment", response={201: AssessmentOut}, summary="Record the assessment")
def assess_triage_item(request: HttpRequest, item_id: int, payload: AssessmentIn) -> Status[AssessmentOut]:
    user = _queue_user(request)
    item = _item(user, item_id)
    assessment = services.assess(user, item, services.AssessmentIn(**payload.dict()))
    return Status(201, _assessment_out(assessment))


def _assessment_out(a: Assessment) -> AssessmentOut:
    return AssessmentOut(
        id=a.pk,
        item_id=a.item_id,
        risk_to_victim=a.risk_to_victim,
        risk_to_others=a.risk_to_others,
        organised_crime=a.organised_crime,
        safeguarding_done=a.safeguarding_done,
        assessed_by_id=a.assessed_by_id,
        assessed_at=a.assessed_at,
    )


@router.get(
    "/triage/items/{item_id}/candidates",
    response=list[CandidateOut],
    summary="Officers who could be allocated: qualified or not, open cases, overdue duties",
)
def triage_candidates(request: HttpRequest, item_id: int) -> list[CandidateOut]:
    user = _queue_user(request)
    item = _item(user, item_id)
    return [
        CandidateOut(
            officer_id=c.officer.pk,
            name=c.officer.display_name,
            qualified=c.qualified,
            skills=c.skills,
            missing=c.missing,
            open_cases=c.open_cases,
            overdue_duties=c.overdue_duties,
        )
        for c in skills.candidates(item.force_id)
    ]


@router.post("/triage/items/{item_id}/allocation", response={201: AllocationOut}, summary="Allocate the officer")
def allocate_triage_item(request: HttpRequest, item_id: int, payload: AllocationIn) -> Status[AllocationOut]:
    user = _queue_user(request)
    item = _item(user, item_id)
    officer = User.objects.filter(pk=payload.officer_id).first()
    if officer is None:
        raise invalid("officer_id", "No such officer.")
    allocation = services.allocate(user, item, services.AllocationIn(officer, payload.reason, payload.crime_reference))
    return Status(
        201,
        AllocationOut(
            id=allocation.pk,
            item_id=item.pk,
            case_id=allocation.case_id,
            officer_id=officer.pk,
            qualified=allocation.qualified,
            missing_skills=list(allocation.missing_skills),
            reason=allocation.reason,
        ),
    )


def _training_out(r: TrainingRecord) -> TrainingOut:
    return TrainingOut(
        id=r.pk,
        officer_id=r.officer_id,
        skill=r.skill,
        achieved_on=r.achieved_on,
        expires_on=r.expires_on,
        withdrawn=r.withdrawn_at is not None,
    )


def _officer_of_force(user: User, officer_id: int) -> User:
    if not access.can_see_skills(user):
        raise AccessDenied("Training records are kept by the force administrator.")
    officer = User.objects.filter(pk=officer_id, force=user.force).first()
    if officer is None:
        # The same answer for another force's officer and for no one; audited.
        audit.record_refusal(user, "core.user", str(officer_id)[:40], "not an officer of the user's force")
        raise Http404("No officer of your force has this id.")
    return officer


@router.get("/triage/officers/{officer_id}/training", response=list[TrainingOut])
def list_training(request: HttpRequest, officer_id: int) -> list[TrainingOut]:
    user = _user(request)
    officer = _officer_of_force(user, officer_id)
    audit.record(user, audit.Action.CONSULTATION, officer, detail="api: training records")
    return [_training_out(r) for r in TrainingRecord.objects.filter(officer=officer)]


@router.post("/triage/officers/{officer_id}/training", response={201: TrainingOut}, summary="Record training")
def record_training(request: HttpRequest, officer_id: int, payload: TrainingIn) -> Status[TrainingOut]:
    user = _user(request)
    officer = _officer_of_force(user, officer_id)
    record = skills.record_training(user, officer, payload.skill, payload.achieved_on, payload.expires_on)
    return Status(201, _training_out(record))


def _operation_out(user: User, operation: Operation) -> OperationOut:
    view = operations.view_for(user, operation)
    return OperationOut(
        id=operation.pk,
        name=operation.name,
        lead_force_code=operation.lead_force.code,
        own_case_ids=[c.pk for c in view.own_cases],
        other_forces=dict(view.other_forces),
    )


@router.get("/triage/operations", response=list[OperationOut], summary="Operations your force takes part in")
def list_operations(request: HttpRequest) -> list[OperationOut]:
    user = _queue_user(request)
    shown = list(access.visible_operations(user).select_related("lead_force"))
    audit.record(  # one entry naming the operations shown (each lists its force's case references)
        user,
        audit.Action.CONSULTATION,
        object_type="triage.operation",
        object_id="",
        detail=("operations " + ",".join(str(op.pk) for op in shown))[:255],
    )
    return [_operation_out(user, op) for op in shown]


@router.post("/triage/operations", response={201: OperationOut})
def create_operation(request: HttpRequest, payload: OperationIn) -> Status[OperationOut]:
    user = _queue_user(request)
    operation = operations.create_operation(user, payload.name, _lead_force(payload.lead_force_code))
    return Status(201, _operation_out(user, operation))


def _lead_force(code: str) -> Force:
    force = Force.objects.filter(code__iexact=code.strip()).first()
    if force is None:
        raise invalid("lead_force_code", f"No force has the code {code.strip()}.")
    return force


@router.post("/triage/operations/{operation_id}/cases", response={201: OperationOut}, summary="Add a case of yours")
def add_operation_case(request: HttpRequest, operation_id: int, payload: OperationCaseIn) -> Status[OperationOut]:
    user = _queue_user(request)
    operation = get_for(user, Operation, operation_id)
    operations.add_case(user, operation, get_case_for(user, payload.case_id))
    return Status(201, _operation_out(user, operation))


@router.get(
    "/triage/allocations/unqualified",
    response=CountOut,
    summary="How many allocations went to officers without the required skills (your force)",
)
def unqualified_allocation_count(
    request: HttpRequest, since: dt.date | None = None, until: dt.date | None = None
) -> CountOut:
    user = _queue_user(request)
    if since and until and until < since:
        raise invalid("until", "until must not be before since.")
    force = user.force
    assert force is not None  # noqa: S101 - can_see_queue needs a force
    return CountOut(force_code=force.code, count=services.unqualified_allocations(force.pk, since, until))
