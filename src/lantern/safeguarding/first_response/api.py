"""API for the first response: start, answer, read what it lacks, complete."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from lantern.cases.access import get_case_for
from lantern.core import audit
from lantern.core.access import get_for
from lantern.core.api_schemas import InputSchema
from lantern.core.models import User
from lantern.core.web import current_user as _user  # the API's auth has run: a User
from lantern.safeguarding.api_common import officer as _officer
from lantern.safeguarding.first_response import services
from lantern.safeguarding.models import (
    FirstResponse,
)

router = Router(tags=["safeguarding"])

# --- First response ----------------------------------------------------------------------------


class StartIn(InputSchema):
    case_id: int | None = None


class FirstResponseMissingOut(Schema):
    field: str
    label: str
    step: str


class FirstResponseOut(Schema):
    id: int
    stage: str
    route: str
    case_id: int | None
    missing: list[FirstResponseMissingOut]
    nrm_referral_id: int | None
    duty_to_notify_id: int | None
    notes: list[str] = []


class AnswersIn(InputSchema):
    answers: dict[str, Any]


class CompleteIn(InputSchema):
    reference: str


def _fr_out(fr: FirstResponse, notes: list[str] | None = None) -> FirstResponseOut:
    missing = [FirstResponseMissingOut(field=m.field, label=m.label, step=m.step) for m in services.missing(fr)]
    return FirstResponseOut(
        id=fr.pk,
        stage=fr.stage,
        route=fr.route,
        case_id=fr.case_id,
        missing=missing,
        nrm_referral_id=fr.nrm_referral_id,
        duty_to_notify_id=fr.duty_to_notify_id,
        notes=notes or [],
    )


def _fr(user: User, fr_id: int) -> FirstResponse:
    return get_for(
        user, FirstResponse, fr_id, queryset=lambda rows: rows.select_related("case", "case__force", "recorded_by")
    )


@router.post("/first-responses", response={201: FirstResponseOut}, summary="Start a first response")
def start_first_response(request: HttpRequest, payload: StartIn) -> Status[FirstResponseOut]:
    user = _officer(request)
    case = get_case_for(user, payload.case_id) if payload.case_id else None
    return Status(201, _fr_out(services.start(user, case=case)))


@router.get("/first-responses/{fr_id}", response=FirstResponseOut, summary="A first response and what it lacks")
def get_first_response(request: HttpRequest, fr_id: int) -> FirstResponseOut:
    user = _user(request)
    fr = _fr(user, fr_id)
    audit.record(user, audit.Action.CONSULTATION, fr, detail="api")
    return _fr_out(fr)


@router.patch("/first-responses/{fr_id}", response=FirstResponseOut, summary="Answer questions of a first response")
def update_first_response(request: HttpRequest, fr_id: int, payload: AnswersIn) -> FirstResponseOut:
    user = _officer(request)
    fr = _fr(user, fr_id)
    notes = services.update(user, fr, payload.answers)
    return _fr_out(fr, notes)


@router.post(
    "/first-responses/{fr_id}/complete",
    response=FirstResponseOut,
    summary="Mark the referral or Duty to Notify as sent (refused while incomplete)",
)
def complete_first_response(request: HttpRequest, fr_id: int, payload: CompleteIn) -> FirstResponseOut:
    user = _officer(request)
    fr = _fr(user, fr_id)
    services.complete(user, fr, payload.reference)
    return _fr_out(fr)
