"""API for safeguarding: the first response, NRM decisions, interpreter bookings and the check,
section 45 and charges, the immigration ledger, protected details and the disclosure export,
and the per-force counts. Thin: the rules are in rules.py and the services."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from lantern.cases.access import get_case_for
from lantern.core import access, audit
from lantern.core.access import AccessDenied, get_for
from lantern.core.api_schemas import InputSchema
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.core.web import current_user as _user  # the API's auth has run: a User
from lantern.nrm import services as nrm_services
from lantern.nrm.access import get_nrm_for
from lantern.people.access import get_person_for, visible_persons
from lantern.safeguarding import interpreters, ledger, protection, queries, section45, services
from lantern.safeguarding.models import (
    FirstResponse,
    ImmigrationShare,
    Interpreter,
    InterpreterBooking,
    ProtectedDetail,
    Section45Consideration,
)

router = Router(tags=["safeguarding"])


def _officer(request: HttpRequest) -> User:
    """The signed-in user, if they are police of a force (every write here needs that)."""
    user = _user(request)
    if not access.can_handle_safeguarding(user):
        raise AccessDenied("Safeguarding records are made by police officers and staff.")
    return user


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
        user, FirstResponse, fr_id, queryset=lambda rows: rows.select_related("case", "case__force", "created_by")
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


# --- NRM decisions -------------------------------------------------------------------------------


class NrmDecisionIn(InputSchema):
    kind: str
    positive: bool
    decided_on: date


class NrmDecisionOut(Schema):
    referral_id: int
    status: str
    recovery_period_starts: date | None
    recovery_period_ends: date | None
    recovery_period_days: int | None


@router.post(
    "/nrm-referrals/{referral_id}/decisions",
    response={201: NrmDecisionOut},
    summary="Record a reasonable or conclusive grounds decision",
)
def record_nrm_decision(request: HttpRequest, referral_id: int, payload: NrmDecisionIn) -> Status[NrmDecisionOut]:
    user = _officer(request)
    referral = get_nrm_for(user, referral_id)
    nrm_services.record_decision(user, referral, payload.kind, payload.positive, payload.decided_on)
    period = services.recovery_period_of(referral)
    return Status(
        201,
        NrmDecisionOut(
            referral_id=referral.pk,
            status=referral.status,
            recovery_period_starts=period.starts_on if period else None,
            recovery_period_ends=period.ends_on if period else None,
            recovery_period_days=period.days if period else None,
        ),
    )


# --- Interpreters --------------------------------------------------------------------------------


class FindingOut(Schema):
    code: str
    message: str
    blocking: bool


class CheckIn(InputSchema):
    person_id: int
    language: str = ""
    dialect: str = ""
    interpreter_id: int | None = None
    on: date


class BookingIn(InputSchema):
    person_id: int
    case_id: int | None = None
    interpreter_id: int
    language: str = ""
    dialect: str = ""
    purpose: str
    booked_for: datetime


class BookingOut(Schema):
    id: int
    status: str
    language: str
    findings: list[FindingOut]
    override_reason: str


class ConfirmIn(InputSchema):
    override_reason: str = ""


def _interpreter(user: User, pk: int | None) -> Interpreter | None:
    if pk is None:
        return None
    from lantern.safeguarding.interpreter_register import register_page

    # Retired ones included, so that booking one is refused saying they retired (the booking check).
    interpreter = register_page(user).filter(pk=pk).first()
    if interpreter is None:
        raise invalid("interpreter_id", "No interpreter on your force's or the national register has that id.")
    return interpreter


def _booking_out(b: InterpreterBooking) -> BookingOut:
    return BookingOut(
        id=b.pk,
        status=b.status,
        language=b.language,
        override_reason=b.override_reason,
        findings=[FindingOut(**f) for f in b.findings],
    )


@router.post(
    "/interpreter-check",
    response=list[FindingOut],
    summary="Check a possible interpreter booking against the person's languages and preferences",
)
def check_interpreter(request: HttpRequest, payload: CheckIn) -> list[FindingOut]:
    user = _user(request)
    if not access.can_handle_safeguarding(user):
        raise AccessDenied("Only police officers and staff book interpreters.")
    person = get_person_for(user, payload.person_id)
    findings = interpreters.check(
        person, payload.language, payload.dialect, _interpreter(user, payload.interpreter_id), payload.on
    )
    return [FindingOut(code=f.code, message=f.message, blocking=f.blocking) for f in findings]


@router.post("/interpreter-bookings", response={201: BookingOut}, summary="Propose an interpreter booking")
def propose_interpreter_booking(request: HttpRequest, payload: BookingIn) -> Status[BookingOut]:
    user = _officer(request)
    person = get_person_for(user, payload.person_id)
    case = get_case_for(user, payload.case_id) if payload.case_id else None
    booking = interpreters.propose(
        user,
        person=person,
        interpreter=_interpreter(user, payload.interpreter_id),
        language=payload.language,
        dialect=payload.dialect,
        purpose=payload.purpose,
        booked_for=payload.booked_for,
        case=case,
    )
    return Status(201, _booking_out(booking))


@router.post(
    "/interpreter-bookings/{booking_id}/confirm",
    response=BookingOut,
    summary="Confirm a booking (a mismatch needs the reason it should go ahead)",
)
def confirm_interpreter_booking(request: HttpRequest, booking_id: int, payload: ConfirmIn) -> BookingOut:
    user = _user(request)
    booking = get_for(user, InterpreterBooking, booking_id)
    return _booking_out(interpreters.confirm(user, booking, payload.override_reason))


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


def _party(user: User, case_id: int, person_id: int) -> tuple[Any, Any]:
    case = get_case_for(user, case_id)
    person = visible_persons(user).filter(pk=person_id, case_parties__case=case).first()
    if person is None:
        raise invalid("person_id", "Choose a person in this case.")
    return case, person


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


# --- Protected details and disclosure ------------------------------------------------------------


class ProtectIn(InputSchema):
    case_id: int
    person_id: int | None = None
    kind: str = ""
    label: str = ""
    value: str = ""
    reason: str = ""


class ProtectedOut(Schema):
    id: int
    kind: str
    label: str
    reason: str


class RevealIn(InputSchema):
    reason: str = ""


class RevealOut(Schema):
    id: int
    value: str


class ExportIn(InputSchema):
    recipient: str = ""
    reason: str = ""


class WithheldOut(Schema):
    item: str
    reason: str


class ExportOut(Schema):
    document: dict[str, Any]
    withheld: list[WithheldOut]


@router.post("/protected-details", response={201: ProtectedOut}, summary="Protect a location or contact detail")
def protect_detail(request: HttpRequest, payload: ProtectIn) -> Status[ProtectedOut]:
    user = _officer(request)
    case = get_case_for(user, payload.case_id)
    person = None
    if payload.person_id is not None:
        _case, person = _party(user, payload.case_id, payload.person_id)
    detail = protection.protect(
        user,
        kind=payload.kind,
        label=payload.label,
        value=payload.value,
        reason=payload.reason,
        case=case,
        person=person,
    )
    return Status(201, ProtectedOut(id=detail.pk, kind=detail.kind, label=detail.label, reason=detail.reason))


@router.post(
    "/protected-details/{detail_id}/reveal",
    response=RevealOut,
    summary="The protected value, for a stated reason (the view is audited with it)",
)
def reveal_protected_detail(request: HttpRequest, detail_id: int, payload: RevealIn) -> RevealOut:
    user = _user(request)
    detail = get_for(user, ProtectedDetail, detail_id)
    return RevealOut(id=detail.pk, value=protection.reveal(user, detail, payload.reason))


@router.post(
    "/cases/{case_id}/disclosure-export",
    response=ExportOut,
    summary="The disclosure export: refused (409) while free text holds a protected value",
)
def disclosure_export(request: HttpRequest, case_id: int, payload: ExportIn) -> ExportOut:
    import json

    user = _officer(request)
    case = get_case_for(user, case_id)
    try:
        document, withheld = protection.export(user, case, recipient=payload.recipient, reason=payload.reason)
    except protection.DisclosureRefused as exc:
        raise HttpError(409, str(exc)) from exc
    return ExportOut(document=json.loads(document), withheld=[WithheldOut(**w) for w in withheld])


# --- Oversight -----------------------------------------------------------------------------------


class CountsOut(Schema):
    """Counts per force. Seen nationally (analysts), small numbers are withheld by the one rule
    (lantern.core.suppression): a withheld count is null, and the breakdowns by purpose and
    conclusion are not given (their small cells could not be withheld consistently)."""

    force_code: str
    force_name: str
    shares_approved: int | None
    shares_refused: int | None
    shares_proposed: int | None
    shares_person_told: int | None
    shares_by_purpose: dict[str, int]
    s45_total: int | None
    s45_reviewed: int | None
    s45_awaiting_review: int | None
    s45_under_18_test: int | None
    s45_by_conclusion: dict[str, int]


@router.get(
    "/safeguarding/counts",
    response=list[CountsOut],
    summary="Home Office sharing and section 45 considerations counted per force",
)
def safeguarding_counts(request: HttpRequest) -> list[CountsOut]:
    user = _user(request)
    if not access.can_see_safeguarding_counts(user):
        raise AccessDenied("These counts are for supervisors, SPOCs and national analysts.")
    force_ids = access.aggregate_force_ids(user)
    rows = queries.counts_per_force(force_ids)
    audit.record(user, audit.Action.CONSULTATION, object_type="safeguarding counts", object_id="", detail="api")
    if force_ids is not None:
        return [CountsOut(**{k: getattr(r, k) for k in CountsOut.model_fields}) for r in rows]
    from lantern.core.suppression import published_columns

    fields = [
        k
        for k in CountsOut.model_fields
        if k.startswith(("shares_", "s45_")) and not k.endswith(("_by_purpose", "_by_conclusion"))
    ]
    _texts, _totals, values, _tv = published_columns(
        [r.force_name for r in rows], {k: [getattr(r, k) for r in rows] for k in fields}
    )
    return [
        CountsOut(force_code=r.force_code, force_name=r.force_name, shares_by_purpose={}, s45_by_conclusion={}, **v)
        for r, v in zip(rows, values, strict=True)
    ]
