"""The portal's API: the advocate's clients, requests for an update, and consent."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from lantern.cases.models import AdvocateAssignment
from lantern.core import access, clock
from lantern.core.api_schemas import InputSchema
from lantern.core.models import Organisation, User
from lantern.core.roles import Capability, has_capability
from lantern.core.web import current_user, record_list_consultation  # the API's auth has run: a User
from lantern.people.models import Person
from lantern.portal import clients, consent, requests
from lantern.portal.access import advocate_client_on_case

router = Router(tags=["portal"])


class ClientOfficerOut(Schema):
    name: str
    rank: str
    team: str
    phone: str
    email: str


class ClientDecisionOut(Schema):
    kind: str
    told_on: dt.date
    review_closes_on: dt.date | None


class ClientOut(Schema):
    case_id: int
    client_id: int
    client_name: str
    crime_reference: str
    force: str
    status: str
    officer: ClientOfficerOut | None
    last_told_at: dt.datetime | None
    next_due_on: dt.date | None
    overdue: bool
    decisions: list[ClientDecisionOut]
    shares: dict[str, bool]


@router.get("/me/clients", response=list[ClientOut], url_name="my_clients")
def my_clients(
    request: HttpRequest, sort: str = "next_due", force: str = "", overdue: bool = False, q: str = ""
) -> list[clients.ClientRow]:
    """The advocate's consenting clients and their cases (an empty list for anyone else)."""
    user = current_user(request)
    if not user.is_active or not has_capability(user, Capability.SUPPORTS_VICTIMS):
        return []
    rows = clients.client_rows(user, clock.today(), sort=sort, force=force, overdue_only=overdue, q=q)
    record_list_consultation(user, "portal.clients", [r.case_id for r in rows])
    return rows


class UpdateRequestIn(InputSchema):
    message: str = Field("", max_length=500)
    victim_id: int | None = None


class UpdateRequestOut(Schema):
    id: int
    case_id: int
    requester: str
    requested_at: dt.datetime
    due_on: dt.date


@router.post("/cases/{case_id}/update-requests", response={201: UpdateRequestOut}, url_name="request_update")
def request_update(request: HttpRequest, case_id: int, payload: UpdateRequestIn) -> Status[dict[str, object]]:
    """An advocate asks for an update for their consenting client (the victim asks on their page)."""
    user = current_user(request)
    case, person, _consent = advocate_client_on_case(user, case_id)
    made = requests.request_update(case, person, advocate=user, message=payload.message)
    return Status(
        201,
        {
            "id": made.pk,
            "case_id": case.pk,
            "requester": made.requester,
            "requested_at": made.requested_at,
            "due_on": made.duty.due_on,
        },
    )


class ConsentIn(InputSchema):
    person_id: int
    advocate_id: int
    organisation_id: int | None = None
    given_how: str
    interpreter_language: str = ""
    given_at: dt.datetime | None = None
    valid_until: dt.datetime | None = None
    share_officer: bool = True
    share_update_dates: bool = True
    share_decisions: bool = True
    share_next_update: bool = True


class ConsentOut(Schema):
    id: int
    person_id: int
    advocate_id: int
    organisation_id: int | None
    given_how: str
    consent_given_at: dt.datetime | None
    valid_until: dt.datetime | None
    consent_withdrawn_at: dt.datetime | None
    share_officer: bool
    share_update_dates: bool
    share_decisions: bool
    share_next_update: bool


def _person_for_consent(user: User, person_id: int, organisation_id: int | None) -> Person:
    """The person, if the user may record consent for them (otherwise 404: not disclosed)."""
    person = Person.objects.filter(pk=person_id).first()
    if person is None or consent.side_of(user, person, organisation_id) is None:
        raise access.AccessDenied(
            "Consent is recorded by the police holding the victim's case or the advocate's organisation."
        )
    return person


@router.post("/consents", response={201: ConsentOut}, url_name="record_consent")
def record_consent(request: HttpRequest, payload: ConsentIn) -> Status[AdvocateAssignment]:
    user = current_user(request)
    person = _person_for_consent(user, payload.person_id, payload.organisation_id)
    advocate = User.objects.filter(pk=payload.advocate_id).first()
    if advocate is None:
        raise ValidationError({"advocate_id": ["No such advocate."]})
    organisation = Organisation.objects.filter(pk=payload.organisation_id).first() if payload.organisation_id else None
    made = consent.record_consent(
        user,
        consent.NewConsent(
            person=person,
            advocate=advocate,
            organisation=organisation,
            given_how=payload.given_how,
            given_at=payload.given_at,
            valid_until=payload.valid_until,
            interpreter_language=payload.interpreter_language,
            share_officer=payload.share_officer,
            share_update_dates=payload.share_update_dates,
            share_decisions=payload.share_decisions,
            share_next_update=payload.share_next_update,
        ),
    )
    return Status(201, made)


class WithdrawIn(InputSchema):
    reason: str = ""


@router.post("/consents/{consent_id}/withdraw", response=ConsentOut, url_name="withdraw_consent")
def withdraw_consent(request: HttpRequest, consent_id: int, payload: WithdrawIn) -> AdvocateAssignment:
    user = current_user(request)
    row = get_object_or_404(AdvocateAssignment, pk=consent_id)
    if consent.side_of(user, row.person, row.organisation_id) is None:
        raise access.AccessDenied("Consent is withdrawn through the police or the advocate's organisation.")
    return consent.withdraw_consent(user, row, payload.reason)
