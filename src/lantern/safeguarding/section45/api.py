"""API for section 45 considerations, their review, and charges."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema, Status

from lantern.core.access import get_for
from lantern.core.api_schemas import InputSchema
from lantern.core.web import current_user as _user  # the API's auth has run: a User
from lantern.safeguarding.api_common import officer as _officer
from lantern.safeguarding.api_common import party as _party
from lantern.safeguarding.models import (
    Section45Consideration,
)
from lantern.safeguarding.section45 import considerations as section45

router = Router(tags=["safeguarding"])

# --- Section 45 and charges ----------------------------------------------------------------------


class Section45In(InputSchema):
    person_id: int
    offence_description: str = ""
    offence_date: date | None = None
    schedule4_checked: bool = False
    schedule4_code: str = ""
    age_at_offence: int | None = None
    elements: dict[str, dict[str, str]] = {}
    conclusion: str = ""
    reasoning: str = ""


class Section45Out(Schema):
    id: int
    test: str
    age_at_offence: int
    conclusion: str
    status: str


class SafeguardingReviewIn(InputSchema):
    agree: bool
    note: str = ""


class ChargeIn(InputSchema):
    person_id: int
    offence_description: str = ""
    charged_on: date | None = None


class ChargeOut(Schema):
    id: int
    section45_id: int | None


def _s45_out(s: Section45Consideration) -> Section45Out:
    return Section45Out(id=s.pk, test=s.test, age_at_offence=s.age_at_offence, conclusion=s.conclusion, status=s.status)


@router.post(
    "/cases/{case_id}/section45",
    response={201: Section45Out},
    summary="Record a section 45 consideration on a suspect who may be a victim",
)
def record_section45(request: HttpRequest, case_id: int, payload: Section45In) -> Status[Section45Out]:
    user = _officer(request)
    case, person = _party(user, case_id, payload.person_id)
    s45 = section45.record(
        user,
        case=case,
        person=person,
        offence_description=payload.offence_description,
        offence_date=payload.offence_date,
        schedule4_checked=payload.schedule4_checked,
        schedule4_code=payload.schedule4_code,
        age_at_offence=payload.age_at_offence,
        elements=payload.elements,
        conclusion=payload.conclusion,
        reasoning=payload.reasoning,
    )
    return Status(201, _s45_out(s45))


@router.post("/section45/{s45_id}/review", response=Section45Out, summary="A supervisor reviews a consideration")
def review_section45(request: HttpRequest, s45_id: int, payload: SafeguardingReviewIn) -> Section45Out:
    user = _user(request)
    s45 = get_for(user, Section45Consideration, s45_id)
    return _s45_out(section45.review(user, s45, agree=payload.agree, note=payload.note))


@router.post(
    "/cases/{case_id}/charges",
    response={201: ChargeOut},
    summary="Record a charge (refused for a possible victim without a reviewed section 45 record)",
)
def record_charge(request: HttpRequest, case_id: int, payload: ChargeIn) -> Status[ChargeOut]:
    user = _officer(request)
    case, person = _party(user, case_id, payload.person_id)
    charge = section45.record_charge(
        user, case=case, person=person, offence_description=payload.offence_description, charged_on=payload.charged_on
    )
    return Status(201, ChargeOut(id=charge.pk, section45_id=charge.section45_id))
