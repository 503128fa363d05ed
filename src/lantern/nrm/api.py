"""API for NRM referrals and Duty to Notify records: record one (for an existing or a new
person), link it to a crime, pass it to another force (accept or return), see the force's alerts."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status

from lantern.cases.access import get_case_for
from lantern.core import access, audit
from lantern.core.access import AccessDenied, can_see_force_dashboard
from lantern.core.api_schemas import InputSchema, Limit
from lantern.core.errors import invalid
from lantern.core.models import Force
from lantern.core.web import current_user as _user  # the API's auth has run: a User
from lantern.nrm import passing, services, workflows
from lantern.nrm.access import get_nrm_for
from lantern.nrm.models import DutyToNotify, NrmReferral, ReferralPassing
from lantern.nrm.rules import unlinked_alert_due
from lantern.people.access import get_person_for
from lantern.people.api import PersonIn, new_person_from
from lantern.people.models import Person
from lantern.people.services import NewPerson

router = Router(tags=["nrm"])


class ReferralIn(InputSchema):
    reference: str
    person_id: int | None = None
    person: PersonIn | None = None
    first_responder: str
    referred_at: datetime
    received_at: datetime | None = None
    competent_authority: str = "SCA"
    child_at_exploitation: bool = False


class PassingOut(Schema):
    id: int
    referral_id: int
    from_force_code: str
    to_force_code: str
    reason: str
    state: str
    passed_at: datetime
    decided_at: datetime | None
    return_reason: str


class ReferralOut(Schema):
    id: int
    reference: str
    competent_authority: str
    person_id: int
    force_code: str
    first_responder: str
    referred_at: datetime
    received_at: datetime
    status: str
    case_ids: list[int]
    no_crime_reason: str
    alert: bool
    passings: list[PassingOut]


class PassIn(InputSchema):
    to_force_code: str
    reason: str


class ReturnIn(InputSchema):
    reason: str


class DtnIn(InputSchema):
    reference: str
    notified_at: datetime
    exploitation_types: list[str] = []
    person_id: int | None = None


class DtnOut(Schema):
    id: int
    reference: str
    force_code: str
    person_id: int | None
    notified_at: datetime
    exploitation_types: list[str]


class LinkIn(InputSchema):
    case_id: int


class NoCrimeIn(InputSchema):
    reason: str


def _out(referral: NrmReferral) -> ReferralOut:
    case_ids = list(referral.cases.values_list("pk", flat=True))
    return ReferralOut(
        id=referral.pk,
        reference=referral.reference,
        competent_authority=referral.competent_authority,
        person_id=referral.person_id,
        force_code=referral.force.code,
        first_responder=referral.first_responder,
        referred_at=referral.referred_at,
        received_at=referral.received_at,
        status=referral.status,
        case_ids=case_ids,
        no_crime_reason=referral.no_crime_reason,
        alert=not case_ids and unlinked_alert_due(referral),
        passings=[_passing_out(p) for p in referral.passings.select_related("from_force", "to_force")],
    )


def _passing_out(row: ReferralPassing) -> PassingOut:
    return PassingOut(
        id=row.pk,
        referral_id=row.referral_id,
        from_force_code=row.from_force.code,
        to_force_code=row.to_force.code,
        reason=row.reason,
        state=row.state,
        passed_at=row.passed_at,
        decided_at=row.decided_at,
        return_reason=row.return_reason,
    )


@router.post("/nrm-referrals", response={201: ReferralOut}, summary="Record an NRM referral received by your force")
def receive(request: HttpRequest, payload: ReferralIn) -> Status[ReferralOut]:
    user = _user(request)
    if (payload.person_id is None) == (payload.person is None):
        raise invalid("person_id", "Give either person_id (an existing person) or person (a new one), not both.")
    if not access.handles_nrm(user):  # before any lookup, so that nothing is disclosed or created
        raise AccessDenied("Only investigators, SPOCs and supervisors handle NRM referrals.")
    subject: Person | NewPerson
    if payload.person_id is not None:
        subject = get_person_for(user, payload.person_id)
    elif payload.person is not None:
        subject = new_person_from(payload.person)
    referral = workflows.receive_referral_for(
        user,
        subject,
        reference=payload.reference,
        first_responder=payload.first_responder,
        referred_at=payload.referred_at,
        received_at=payload.received_at,
        competent_authority=payload.competent_authority,
        child_at_exploitation=payload.child_at_exploitation,
    )
    return Status(201, _out(referral))


@router.get("/nrm-referrals/{referral_id}", response=ReferralOut)
def get_referral(request: HttpRequest, referral_id: int) -> ReferralOut:
    user = _user(request)
    referral = get_nrm_for(user, referral_id)
    audit.record(user, audit.Action.CONSULTATION, referral, detail="api")
    return _out(referral)


@router.post("/nrm-referrals/{referral_id}/links", response={201: ReferralOut}, summary="Link the referral to a crime")
def link(request: HttpRequest, referral_id: int, payload: LinkIn) -> Status[ReferralOut]:
    user = _user(request)
    referral = get_nrm_for(user, referral_id)
    case = get_case_for(user, payload.case_id)
    services.link_referral(user, referral, case)
    return Status(201, _out(referral))


@router.post("/nrm-referrals/{referral_id}/no-crime", response=ReferralOut, summary="Record why no crime is recorded")
def no_crime(request: HttpRequest, referral_id: int, payload: NoCrimeIn) -> ReferralOut:
    user = _user(request)
    return _out(services.record_no_crime(user, get_nrm_for(user, referral_id), payload.reason))


@router.get("/nrm-alerts", response=list[ReferralOut], summary="Referrals to your force with no crime after 24 hours")
def alerts(request: HttpRequest, limit: Limit = 100) -> list[ReferralOut]:
    user = _user(request)
    if not can_see_force_dashboard(user) or user.force is None:
        raise AccessDenied("NRM alerts are for investigators, SPOCs and supervisors of a force.")
    shown = list(services.unlinked_referrals(user.force).select_related("force")[:limit])
    ids = ",".join(str(r.pk) for r in shown)
    audit.record(
        user,
        audit.Action.CONSULTATION,
        object_type="api nrm alerts",
        detail=("nrm referrals " + ids)[:255] if ids else "no referrals",
    )
    return [_out(r) for r in shown]


@router.post("/duty-to-notify", response={201: DtnOut}, summary="Record a Duty to Notify received by your force")
def record_dtn(request: HttpRequest, payload: DtnIn) -> Status[DtnOut]:
    user = _user(request)
    if not access.handles_nrm(user):
        raise AccessDenied("Only investigators, SPOCs and supervisors handle Duty to Notify records.")
    person = get_person_for(user, payload.person_id) if payload.person_id is not None else None
    dtn = services.record_duty_to_notify(
        user,
        reference=payload.reference,
        notified_at=payload.notified_at,
        exploitation_types=payload.exploitation_types,
        person=person,
    )
    return Status(201, _dtn_out(dtn))


def _dtn_out(dtn: DutyToNotify) -> DtnOut:
    return DtnOut(
        id=dtn.pk,
        reference=dtn.reference,
        force_code=dtn.force.code,
        person_id=dtn.person_id,
        notified_at=dtn.notified_at,
        exploitation_types=list(dtn.exploitation_types),
    )


@router.post(
    "/nrm-referrals/{referral_id}/passings",
    response={201: PassingOut},
    summary="Pass the referral to another force (a recorded disclosure)",
)
def pass_referral(request: HttpRequest, referral_id: int, payload: PassIn) -> Status[PassingOut]:
    user = _user(request)
    referral = get_nrm_for(user, referral_id)
    to_force = Force.objects.filter(code__iexact=payload.to_force_code.strip()).first()
    if to_force is None:
        raise invalid("to_force_code", f"No force has the code {payload.to_force_code.strip()!r}.")
    row = passing.pass_referral(user, referral, to_force, payload.reason)
    return Status(201, _passing_out(row))


def _passing_for(request: HttpRequest, passing_id: int) -> ReferralPassing:
    return access.get_for(
        _user(request),
        ReferralPassing,
        passing_id,
        queryset=lambda rows: rows.select_related("referral", "from_force", "to_force"),
    )


@router.post(
    "/nrm-passings/{passing_id}/accept", response=ReferralOut, summary="Accept a referral passed to your force"
)
def accept_passing(request: HttpRequest, passing_id: int) -> ReferralOut:
    referral = passing.accept_passing(_user(request), _passing_for(request, passing_id))
    return _out(referral)


@router.post("/nrm-passings/{passing_id}/return", response=PassingOut, summary="Return a referral, with the reason")
def return_passing(request: HttpRequest, passing_id: int, payload: ReturnIn) -> PassingOut:
    row = passing.return_passing(_user(request), _passing_for(request, passing_id), payload.reason)
    return _passing_out(row)
