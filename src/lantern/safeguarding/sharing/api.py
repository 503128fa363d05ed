"""API for the immigration ledger: proposed shares, decisions, status events."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema, Status

from lantern.core.access import get_for
from lantern.core.api_schemas import InputSchema
from lantern.core.web import current_user as _user  # the API's auth has run: a User
from lantern.people.access import get_person_for
from lantern.safeguarding.api_common import officer as _officer
from lantern.safeguarding.api_common import party as _party
from lantern.safeguarding.models import (
    ImmigrationShare,
)
from lantern.safeguarding.sharing import ledger

router = Router(tags=["safeguarding"])

# --- Immigration ledger --------------------------------------------------------------------------


class ShareIn(InputSchema):
    person_id: int
    case_id: int
    subject_role: str = ""
    recipient: str = ""
    shared_what: str = ""
    purpose: str = ""
    purpose_detail: str = ""
    legal_basis: str = ""
    legal_basis_detail: str = ""
    victim_told: str = ""
    victim_told_on: date | None = None
    victim_not_told_reason: str = ""


class ShareOut(Schema):
    id: int
    status: str
    concerns: list[str]


class ShareDecisionIn(InputSchema):
    approve: bool
    note: str = ""


class StatusEventIn(InputSchema):
    person_id: int
    kind: str = ""
    occurred_on: date | None = None
    source: str = ""


class StatusEventOut(Schema):
    id: int
    officers_alerted: int


def _share_out(share: ImmigrationShare) -> ShareOut:
    return ShareOut(id=share.pk, status=share.status, concerns=ledger.concerns(share))


@router.post(
    "/immigration-shares",
    response={201: ShareOut},
    summary="Propose sharing a victim's or witness's information with the Home Office",
)
def propose_immigration_share(request: HttpRequest, payload: ShareIn) -> Status[ShareOut]:
    user = _officer(request)
    case, person = _party(user, payload.case_id, payload.person_id)
    data = payload.dict(exclude={"person_id", "case_id"})
    return Status(201, _share_out(ledger.propose(user, person=person, case=case, **data)))


@router.post(
    "/immigration-shares/{share_id}/decision",
    response=ShareOut,
    summary="A supervisor approves or refuses a proposed sharing",
)
def decide_immigration_share(request: HttpRequest, share_id: int, payload: ShareDecisionIn) -> ShareOut:
    user = _user(request)
    share = get_for(user, ImmigrationShare, share_id)
    return _share_out(ledger.decide(user, share, approve=payload.approve, note=payload.note))


@router.post(
    "/immigration-status-events",
    response={201: StatusEventOut},
    summary="Record a change in a person's immigration status (alerts officers in charge)",
)
def record_immigration_status(request: HttpRequest, payload: StatusEventIn) -> Status[StatusEventOut]:
    user = _officer(request)
    person = get_person_for(user, payload.person_id)
    event, alerts = ledger.record_status_change(
        user, person=person, kind=payload.kind, occurred_on=payload.occurred_on, source=payload.source
    )
    return Status(201, StatusEventOut(id=event.pk, officers_alerted=alerts))
