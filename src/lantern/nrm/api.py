"""API for NRM referrals: receive one, link it to a crime, see the force's alerts."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status

from lantern.cases.access import get_case_for
from lantern.core import audit
from lantern.core.access import AccessDenied, can_see_force_dashboard
from lantern.core.api_schemas import InputSchema, Limit
from lantern.core.web import current_user as _user  # the API's auth has run: a User
from lantern.nrm import services
from lantern.nrm.access import get_nrm_for
from lantern.nrm.models import NrmReferral
from lantern.nrm.rules import unlinked_alert_due
from lantern.people.access import get_person_for

router = Router(tags=["nrm"])


class ReferralIn(InputSchema):
    reference: str
    person_id: int
    first_responder: str
    referred_at: datetime
    received_at: datetime | None = None
    competent_authority: str = "SCA"
    child_at_exploitation: bool = False


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
    )


@router.post("/nrm-referrals", response={201: ReferralOut}, summary="Record an NRM referral received by your force")
def receive(request: HttpRequest, payload: ReferralIn) -> Status[ReferralOut]:
    user = _user(request)
    person = get_person_for(user, payload.person_id)
    referral = services.receive_referral(
        user,
        reference=payload.reference,
        person=person,
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
