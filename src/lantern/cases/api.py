"""API for lookup, cases, parties, ownership and the timeline. Thin: rules are in services."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from lantern.cases import services
from lantern.cases.access import get_case_for, newest_visible_cases
from lantern.cases.lookup import lookup
from lantern.cases.models import Case, CaseParty, CaseQuerySet, CaseStatus, Handover, PartyRole, TimelineEvent, Transfer
from lantern.core import audit, keyset
from lantern.core.access import AccessDenied, can_search, can_see_internal_detail, get_for
from lantern.core.api_schemas import After, InputSchema, Limit, Offset
from lantern.core.errors import invalid
from lantern.core.models import Force, User
from lantern.core.web import current_user as _user  # the API's auth has run: a User
from lantern.core.web import record_list_consultation
from lantern.people.access import get_person_for, visible_persons
from lantern.people.models import Person

router = Router(tags=["cases"])


# --- Schemas ------------------------------------------------------------------------------


class OfficerOut(Schema):
    id: int
    name: str
    rank: str
    team: str | None
    phone: str
    email: str

    @staticmethod
    def of(user: User) -> OfficerOut:
        return OfficerOut(
            id=user.pk,
            name=user.get_full_name() or user.username,
            rank=user.rank,
            team=user.team.name if user.team_id and user.team else None,
            phone=user.phone,
            email=user.email,
        )


class ReferenceOut(Schema):
    kind: str
    issuer: str
    value: str


class CaseOut(Schema):
    id: int
    force_code: str
    force: str
    crime_reference: str
    status: str
    status_label: str
    officer_in_charge: OfficerOut
    last_victim_contact_at: datetime | None
    reported_at: datetime
    version: int
    references: list[ReferenceOut] = []

    @staticmethod
    def of(case: Case, references: list[ReferenceOut] | None = None) -> CaseOut:
        return CaseOut(
            id=case.pk,
            force_code=case.force.code,
            force=case.force.name,
            crime_reference=case.crime_reference,
            status=case.status,
            status_label=case.get_status_display(),
            officer_in_charge=OfficerOut.of(case.officer_in_charge),
            last_victim_contact_at=case.last_victim_contact_at,
            reported_at=case.reported_at,
            version=case.version,
            references=references
            if references is not None
            else [ReferenceOut(kind=r.kind, issuer=r.issuer, value=r.value) for r in case.references.all()],
        )


class CaseDetailOut(CaseOut):
    summary: str = ""
    exploitation_types: list[str] = []


class LookupCaseOut(Schema):
    matched_by: str
    matched_name: str
    case: CaseOut


class ReferralAlertOut(Schema):
    nrm_referral_id: int
    reference: str
    force_code: str
    received_at: datetime
    alert: bool = Field(description="True when no crime was recorded within the allowed time")


class SpocOut(Schema):
    name: str
    phone: str
    email: str


class HeldElsewhereOut(Schema):
    kind: str
    reference: str
    force_code: str
    force_name: str
    spocs: list[SpocOut]


class LookupOut(Schema):
    query: str
    cases: list[LookupCaseOut]
    nrm_referrals_without_crime: list[ReferralAlertOut]
    held_elsewhere: list[HeldElsewhereOut] = Field(
        default=[], description="NRM or Duty to Notify references held by a force whose case you may not see"
    )


class CaseIn(InputSchema):
    crime_reference: str = Field(max_length=60)
    summary: str = ""
    exploitation_types: list[str] = []
    officer_in_charge_id: int | None = None
    reported_at: datetime | None = None


class CasePatch(InputSchema):
    version: int
    summary: str | None = None
    status: str | None = None


class PartyIn(InputSchema):
    person_id: int
    role: str


class PartyOut(Schema):
    id: int
    person_id: int
    role: str
    name: str


class TimelineOut(Schema):
    at: datetime
    kind: str
    summary: str
    actor: str | None
    force_code: str | None


class HandoverIn(InputSchema):
    to_officer_id: int
    reason: str


class HandoverOut(Schema):
    id: int
    case_id: int
    from_officer_id: int
    to_officer_id: int
    state: str
    reason: str
    offered_at: datetime
    decided_at: datetime | None


class DeclineIn(InputSchema):
    note: str = ""


class TransferIn(InputSchema):
    to_force_code: str
    reason: str


class TransferAcceptIn(InputSchema):
    new_crime_reference: str
    new_officer_id: int


class TransferOut(Schema):
    id: int
    case_id: int
    from_force_code: str
    to_force_code: str
    from_reference: str
    to_reference: str
    state: str


def _handover_out(h: Handover) -> HandoverOut:
    return HandoverOut(
        id=h.pk,
        case_id=h.case_id,
        from_officer_id=h.from_officer_id,
        to_officer_id=h.to_officer_id,
        state=h.state,
        reason=h.reason,
        offered_at=h.offered_at,
        decided_at=h.decided_at,
    )


def _transfer_out(t: Transfer) -> TransferOut:
    return TransferOut(
        id=t.pk,
        case_id=t.case_id,
        from_force_code=t.from_force.code,
        to_force_code=t.to_force.code,
        from_reference=t.from_reference,
        to_reference=t.to_reference,
        state=t.state,
    )


# --- Lookup -------------------------------------------------------------------------------


@router.get("/lookup", response=LookupOut, summary="Find a case by any reference or a name")
def lookup_endpoint(request: HttpRequest, q: str, dob: date | None = None) -> LookupOut:
    user = _user(request)
    if not can_search(user):
        raise AccessDenied("Your role sees aggregates only, not cases.")
    result = lookup(user, q, dob)
    return LookupOut(
        query=result.query,
        cases=[
            LookupCaseOut(
                matched_by=hit.matched_by,
                matched_name=hit.matched_name,
                case=CaseOut.of(
                    hit.case, [ReferenceOut(kind=r.kind, issuer=r.issuer, value=r.value) for r in hit.references]
                ),
            )
            for hit in result.cases
        ],
        nrm_referrals_without_crime=[
            ReferralAlertOut(
                nrm_referral_id=a.referral.pk,
                reference=a.referral.reference,
                force_code=a.referral.force.code,
                received_at=a.referral.received_at,
                alert=a.overdue,
            )
            for a in result.unlinked_referrals
        ],
        held_elsewhere=[
            HeldElsewhereOut(
                kind=h.kind,
                reference=h.reference,
                force_code=h.force.code,
                force_name=h.force.name,
                spocs=[SpocOut(name=s.display_name, phone=s.phone, email=s.email) for s in h.spocs],
            )
            for h in result.held_elsewhere
        ],
    )


# --- Cases --------------------------------------------------------------------------------


@router.get(
    "/cases",
    response=list[CaseOut],
    summary="Cases you may see, newest first",
    description=(
        "Pages by cursor: when more cases follow, the response carries a `Link` header with "
        'rel="next" and an `X-Next-Cursor` header; pass that value as `after` for the next page. '
        "`offset` still works for small skips but reads every skipped case."
    ),
)
def list_cases(
    request: HttpRequest,
    response: HttpResponse,
    status: str | None = None,
    mine: bool = False,
    limit: Limit = 50,
    offset: Offset = 0,
    after: After = None,
) -> list[CaseOut]:
    user = _user(request)
    if status is not None and status not in CaseStatus.values:
        raise invalid("status", f"{status!r} is not a case status: choose from {', '.join(CaseStatus.values)}.")
    after_cursor = None
    if after:
        try:
            after_cursor = keyset.before(after, "reported_at")
        except keyset.BadCursor:
            raise invalid(
                "after", "This is not a cursor from this list: use the X-Next-Cursor of the last page."
            ) from None

    def narrow(cases: CaseQuerySet) -> CaseQuerySet:
        cases = cases.with_header()
        if status:
            cases = cases.filter(status=status)
        if mine:
            cases = cases.filter(officer_in_charge=user)
        return cases.filter(after_cursor) if after_cursor is not None else cases

    # One row more than asked for says whether another page follows.
    rows = newest_visible_cases(user, narrow, limit + 1, skip=offset)
    shown = rows[:limit]
    prefetch_related_objects(shown, "references")
    if len(rows) > limit:
        cursor = keyset.encode(shown[-1].reported_at, shown[-1].pk)
        response["X-Next-Cursor"] = cursor
        query = request.GET.copy()
        query["after"] = cursor
        query.pop("offset", None)
        response["Link"] = f'<{request.path}?{query.urlencode()}>; rel="next"'
    record_list_consultation(user, "api case list", [c.pk for c in shown])
    return [CaseOut.of(c) for c in shown]


@router.post("/cases", response={201: CaseDetailOut}, summary="Record a crime in your force")
def create_case(request: HttpRequest, payload: CaseIn) -> Status[CaseDetailOut]:
    user = _user(request)
    officer = None
    if payload.officer_in_charge_id is not None:
        officer = User.objects.filter(pk=payload.officer_in_charge_id).first()
        if officer is None:
            raise invalid("officer_in_charge_id", "No such officer.")
    case = services.record_case(
        user,
        services.NewCase(
            crime_reference=payload.crime_reference,
            summary=payload.summary,
            exploitation_types=tuple(payload.exploitation_types),
            officer_in_charge=officer,
            reported_at=payload.reported_at,
        ),
    )
    return Status(201, _detail(get_case_for(user, case.pk)))


def _detail(case: Case) -> CaseDetailOut:
    base = CaseOut.of(case)
    return CaseDetailOut(**base.dict(), summary=case.summary, exploitation_types=case.exploitation_types)


@router.get("/cases/{case_id}", response=CaseDetailOut)
def get_case(request: HttpRequest, case_id: int) -> CaseDetailOut:
    user = _user(request)
    case = get_case_for(user, case_id)
    audit.record(user, audit.Action.CONSULTATION, case, detail="api")
    out = _detail(case)
    if not can_see_internal_detail(user):
        out.summary = ""
    return out


@router.patch(
    "/cases/{case_id}", response=CaseDetailOut, summary="Change summary or status (send the version you read)"
)
def patch_case(request: HttpRequest, case_id: int, payload: CasePatch) -> CaseDetailOut:
    user = _user(request)
    case = get_case_for(user, case_id)
    services.edit_case(
        user,
        case,
        expected_version=payload.version,
        summary=payload.summary if payload.summary is not None else case.summary,
        status=payload.status if payload.status is not None else case.status,
    )
    return _detail(get_case_for(user, case_id))


@router.get("/cases/{case_id}/parties", response=list[PartyOut])
def list_parties(request: HttpRequest, case_id: int) -> list[PartyOut]:
    user = _user(request)
    case = get_case_for(user, case_id)
    parties = CaseParty.objects.filter(case=case).prefetch_related("person__names")
    if not can_see_internal_detail(user):
        parties = parties.filter(person__in=visible_persons(user))
    audit.record(user, audit.Action.CONSULTATION, case, detail="parties")
    return [PartyOut(id=p.pk, person_id=p.person_id, role=p.role, name=p.person.display_name) for p in parties]


@router.post("/cases/{case_id}/parties", response={201: PartyOut})
def add_party(request: HttpRequest, case_id: int, payload: PartyIn) -> Status[PartyOut]:
    user = _user(request)
    case = get_case_for(user, case_id)
    if payload.role not in PartyRole.values:
        raise invalid("role", f"Choose one of {', '.join(PartyRole.values)}.")
    person = _person_for_party(user, payload.person_id)
    party = services.add_party(user, case, person, payload.role)
    return Status(201, PartyOut(id=party.pk, person_id=person.pk, role=party.role, name=person.display_name))


def _person_for_party(user: User, person_id: int) -> Person:
    """A person just recorded by this user is not yet a party anywhere, so the policy cannot
    see them; allow the creator to attach them."""
    person = Person.objects.filter(pk=person_id, recorded_by=user).first()
    if person is not None:
        return person
    try:
        return get_person_for(user, person_id)
    except Http404:
        raise invalid("person_id", "No such person, or not one you may add.") from None


@router.get("/cases/{case_id}/timeline", response=list[TimelineOut])
def timeline(request: HttpRequest, case_id: int, limit: Limit = 100, offset: Offset = 0) -> list[TimelineOut]:
    user = _user(request)
    case = get_case_for(user, case_id)
    if not can_see_internal_detail(user):
        raise AccessDenied("The case timeline is for police and CPS users.")
    events = TimelineEvent.objects.filter(case=case).select_related("recorded_by", "force")[offset : offset + limit]
    audit.record(user, audit.Action.CONSULTATION, case, detail="timeline")
    return [
        TimelineOut(
            at=e.recorded_at,
            kind=e.kind,
            summary=e.summary,
            actor=e.recorded_by.display_name if e.recorded_by else None,
            force_code=e.force.code if e.force else None,
        )
        for e in events
    ]


# --- Ownership ----------------------------------------------------------------------------


@router.post("/cases/{case_id}/handovers", response={201: HandoverOut}, summary="Offer the case to a named officer")
def offer_handover(request: HttpRequest, case_id: int, payload: HandoverIn) -> Status[HandoverOut]:
    user = _user(request)
    case = get_case_for(user, case_id)
    to_officer = User.objects.filter(pk=payload.to_officer_id).first()
    if to_officer is None:
        raise invalid("to_officer_id", "No such officer.")
    return Status(201, _handover_out(services.offer_handover(user, case, to_officer, payload.reason)))


def _handover_for(user: User, handover_id: int) -> Handover:
    return get_for(user, Handover, handover_id, queryset=lambda rows: rows.select_related("case"))


@router.post("/handovers/{handover_id}/accept", response=CaseDetailOut)
def accept_handover(request: HttpRequest, handover_id: int) -> CaseDetailOut:
    user = _user(request)
    case = services.accept_handover(user, _handover_for(user, handover_id))
    return _detail(get_case_for(user, case.pk))


@router.post("/handovers/{handover_id}/decline", response=HandoverOut)
def decline_handover(request: HttpRequest, handover_id: int, payload: DeclineIn) -> HandoverOut:
    user = _user(request)
    return _handover_out(services.decline_handover(user, _handover_for(user, handover_id), payload.note))


@router.post("/handovers/{handover_id}/withdraw", response=HandoverOut)
def withdraw_handover(request: HttpRequest, handover_id: int) -> HandoverOut:
    user = _user(request)
    return _handover_out(services.withdraw_handover(user, _handover_for(user, handover_id)))


@router.post("/cases/{case_id}/transfers", response={201: TransferOut}, summary="Ask another force to take the case")
def request_transfer(request: HttpRequest, case_id: int, payload: TransferIn) -> Status[TransferOut]:
    user = _user(request)
    case = get_case_for(user, case_id)
    to_force = Force.objects.filter(code=payload.to_force_code.upper()).first()
    if to_force is None:
        raise invalid("to_force_code", f"{payload.to_force_code!r} is not a force code.")
    return Status(201, _transfer_out(services.request_transfer(user, case, to_force, payload.reason)))


def _transfer_for(user: User, transfer_id: int) -> Transfer:
    """The receiving force's supervisors and SPOCs see a transfer offered to it (cases.access.visible_transfers)."""
    return get_for(
        user, Transfer, transfer_id, queryset=lambda rows: rows.select_related("case", "from_force", "to_force")
    )


@router.post("/transfers/{transfer_id}/accept", response=CaseDetailOut)
def accept_transfer(request: HttpRequest, transfer_id: int, payload: TransferAcceptIn) -> CaseDetailOut:
    user = _user(request)
    transfer = _transfer_for(user, transfer_id)
    officer = User.objects.filter(pk=payload.new_officer_id).first()
    if officer is None:
        raise invalid("new_officer_id", "No such officer.")
    case = services.accept_transfer(user, transfer, payload.new_crime_reference, officer)
    return _detail(get_case_for(user, case.pk))


@router.post("/transfers/{transfer_id}/decline", response=TransferOut)
def decline_transfer(request: HttpRequest, transfer_id: int, payload: DeclineIn) -> TransferOut:
    user = _user(request)
    return _transfer_out(services.decline_transfer(user, _transfer_for(user, transfer_id), payload.note))
