"""API for decisions: the closure gate and its evidence, proposing, signing off, letters, closing,
corrections, written reasons and reviews asked for, new information, reopening, the CPS and court.
Thin: the rules are in rules.py and review_rules.py, the operations in services, reviews and cps."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status

from lantern.cases.access import case_header, get_case_for
from lantern.cases.models import Case
from lantern.core import audit
from lantern.core.access import AccessDenied, get_for
from lantern.core.api_schemas import InputSchema
from lantern.core.errors import invalid
from lantern.core.models import Organisation, User
from lantern.core.web import current_user as _user  # the API's auth has run: a User
from lantern.core.web import record_list_consultation
from lantern.decisions import access as dec_access
from lantern.decisions import cps, facts, queries, reviews, services
from lantern.decisions.models import (
    CourtHearing,
    CpsSubmission,
    Decision,
    DecisionLetter,
    NewInformation,
    ReviewRequest,
    VictimAccount,
    WrittenReasonsRequest,
)
from lantern.decisions.schemas import (
    AccountIn,
    AcknowledgeIn,
    AnswerIn,
    CaseDecisionsOut,
    CorrectionIn,
    CpsDecisionIn,
    Created,
    CredibilityIn,
    DecisionDetailOut,
    DecisionIn,
    DecisionOut,
    DeliveryIn,
    HearingIn,
    HistoryOut,
    InterviewIn,
    MissingOut,
    NewInformationIn,
    NoteIn,
    ReasonIn,
    RequestIn,
    ResultIn,
    ReviewerIn,
    SignOffIn,
    SubmissionIn,
    TaskResultIn,
    WorkOut,
)
from lantern.people.models import Person
from lantern.victims_code.working_days import london_day

router = Router(tags=["decisions"])


def _decision(user: User, pk: int) -> Decision:
    return get_for(user, Decision, pk, queryset=lambda rows: rows.select_related(*case_header()))


def _person(case: Case, person_id: int, field: str, *, suspect: bool = False) -> Person:
    people = facts.suspects_of(case) if suspect else facts.victims_of(case)
    for p in people:
        if p.pk == person_id:
            return p
    raise invalid(
        field, "That person is not a suspect in this case." if suspect else "That person is not a victim in this case."
    )


def _readers(user: User) -> None:
    if not dec_access.can_see_decisions(user):
        raise AccessDenied("Decisions are for police and the CPS.")


# --- Reading ------------------------------------------------------------------------------------------


@router.get("/cases/{case_id}/decisions", response=CaseDecisionsOut)
def dec_case_decisions(request: HttpRequest, case_id: int) -> CaseDecisionsOut:
    """The closure gate (what is still missing, in plain words) and every decision on the case."""
    user = _user(request)
    _readers(user)
    case = get_case_for(user, case_id)
    overview = queries.case_decisions(case, london_day(timezone.now()))
    audit.record(user, audit.Action.CONSULTATION, case, detail="decisions")
    return CaseDecisionsOut(
        closable=overview.gate.closable,
        ready_for_sign_off=overview.gate.ready_for_sign_off,
        missing=[MissingOut(key=m.key, message=m.message, who=m.who, stage=m.stage) for m in overview.gate.missing],
        decisions=[DecisionOut.of(d) for d in overview.decisions],
    )


@router.get("/decisions/{decision_id}", response=DecisionDetailOut)
def dec_get_decision(request: HttpRequest, decision_id: int) -> DecisionDetailOut:
    """A decision with its full history, from the enquiry checklist to the victim receiving the letter."""
    user = _user(request)
    _readers(user)
    decision = _decision(user, decision_id)
    audit.record(user, audit.Action.CONSULTATION, decision, detail="api")
    base = DecisionOut.of(decision)
    return DecisionDetailOut(
        **base.model_dump(),
        history=[
            HistoryOut(at=e.at, title=e.title, detail=e.detail, who=e.who, superseded=e.superseded)
            for e in queries.history(decision)
        ],
    )


@router.get("/decisions-work", response=list[WorkOut])
def dec_work_list(request: HttpRequest) -> list[WorkOut]:
    """What is waiting on decisions in the cases you can see, overdue first."""
    user = _user(request)
    _readers(user)
    items = queries.work_list(user, london_day(timezone.now()))
    record_list_consultation(user, "api decisions work list", dict.fromkeys(i.case.pk for i in items))
    return [
        WorkOut(
            case_id=i.case.pk, case_reference=i.case.full_reference, what=i.what, due_on=i.due_on, overdue=i.overdue
        )
        for i in items
    ]


# --- The evidence -------------------------------------------------------------------------------------


@router.post("/cases/{case_id}/enquiries", response={201: Created})
def dec_answer_enquiry(request: HttpRequest, case_id: int, payload: AnswerIn) -> Status[Created]:
    user = _user(request)
    case = get_case_for(user, case_id)
    row = services.answer_enquiry(user, case, payload.item, payload.answer, payload.note)
    return Status(201, Created(id=row.pk))


@router.post("/cases/{case_id}/interviews", response={201: Created})
def dec_record_interview(request: HttpRequest, case_id: int, payload: InterviewIn) -> Status[Created]:
    user = _user(request)
    case = get_case_for(user, case_id)
    if not dec_access.can_record_evidence(user, case):
        raise AccessDenied("Only police of the force holding the case can record an interview.")
    suspect = _person(case, payload.suspect_id, "suspect_id", suspect=True)
    row = services.record_interview(
        user,
        case,
        services.NewInterview(
            suspect, payload.interviewed_on, payload.under_caution, payload.circumstances, payload.note
        ),
    )
    return Status(201, Created(id=row.pk))


@router.post("/cases/{case_id}/victim-accounts", response={201: Created})
def dec_record_account(request: HttpRequest, case_id: int, payload: AccountIn) -> Status[Created]:
    user = _user(request)
    case = get_case_for(user, case_id)
    if not dec_access.can_record_evidence(user, case):
        raise AccessDenied("Only police of the force holding the case can record this.")
    victim = _person(case, payload.victim_id, "victim_id")
    row = services.record_account(
        user,
        case,
        services.NewAccount(
            victim,
            payload.taken,
            payload.taken_on,
            payload.method,
            payload.interpreter_language,
            payload.reason,
            payload.reason_text,
        ),
    )
    return Status(201, Created(id=row.pk))


@router.post("/victim-accounts/{account_id}/agreement", response=Created)
def dec_agree_account(request: HttpRequest, account_id: int, payload: NoteIn) -> Created:
    """A supervisor agrees to go on without the victim being spoken to."""
    user = _user(request)
    account = get_for(user, VictimAccount, account_id, queryset=lambda rows: rows.select_related(*case_header("case")))
    services.agree_not_spoken_to(user, account, payload.note)
    return Created(id=account.pk)


@router.post("/cases/{case_id}/credibility", response={201: Created})
def dec_record_credibility(request: HttpRequest, case_id: int, payload: CredibilityIn) -> Status[Created]:
    user = _user(request)
    case = get_case_for(user, case_id)
    if not dec_access.can_record_evidence(user, case):
        raise AccessDenied("Only police of the force holding the case can record this.")
    victim = _person(case, payload.victim_id, "victim_id")
    row = services.record_credibility(
        user, case, victim, payload.a_factor, list(payload.trauma_factors), payload.how_considered
    )
    return Status(201, Created(id=row.pk))


# --- Deciding ---------------------------------------------------------------------------------------------


@router.post("/cases/{case_id}/decisions", response={201: DecisionOut})
def dec_propose(request: HttpRequest, case_id: int, payload: DecisionIn) -> Status[DecisionOut]:
    user = _user(request)
    case = get_case_for(user, case_id)
    return Status(201, DecisionOut.of(services.propose(user, case, payload.data())))


@router.post("/decisions/{decision_id}/sign-off", response=DecisionOut)
def dec_sign_off(request: HttpRequest, decision_id: int, payload: SignOffIn) -> DecisionOut:
    user = _user(request)
    decision = _decision(user, decision_id)
    services.sign_off(user, decision, agreed=payload.agreed, note=payload.note)
    decision.refresh_from_db()
    return DecisionOut.of(decision)


@router.post("/decisions/{decision_id}/letters", response={201: list[Created]})
def dec_make_letters(request: HttpRequest, decision_id: int) -> Status[list[Created]]:
    user = _user(request)
    decision = _decision(user, decision_id)
    return Status(201, [Created(id=dl.pk) for dl in services.make_letters(user, decision)])


@router.post("/decisions/{decision_id}/close", response=DecisionOut)
def dec_close(request: HttpRequest, decision_id: int) -> DecisionOut:
    user = _user(request)
    decision = _decision(user, decision_id)
    return DecisionOut.of(services.close_case(user, decision))


@router.post("/decisions/{decision_id}/apply-charge", response=DecisionOut)
def dec_apply_charge(request: HttpRequest, decision_id: int) -> DecisionOut:
    user = _user(request)
    decision = _decision(user, decision_id)
    return DecisionOut.of(services.apply_charge(user, decision))


@router.post("/decisions/{decision_id}/corrections", response={201: DecisionOut})
def dec_correct(request: HttpRequest, decision_id: int, payload: CorrectionIn) -> Status[DecisionOut]:
    user = _user(request)
    decision = _decision(user, decision_id)
    return Status(201, DecisionOut.of(services.correct(user, decision, payload.data(), payload.correction_reason)))


@router.post("/decision-letters/{letter_id}/delivery", response=Created)
def dec_record_delivery(request: HttpRequest, letter_id: int, payload: DeliveryIn) -> Created:
    user = _user(request)
    letter = get_for(
        user,
        DecisionLetter,
        letter_id,
        queryset=lambda rows: rows.select_related("update", "letter", *case_header("decision__case")),
    )
    delivery = services.record_delivery(user, letter, payload.method, payload.delivered_at, payload.note)
    return Created(id=delivery.pk)


# --- After the decision ---------------------------------------------------------------------------------


@router.post("/decisions/{decision_id}/written-reasons-requests", response={201: Created})
def dec_request_written_reasons(request: HttpRequest, decision_id: int, payload: RequestIn) -> Status[Created]:
    user = _user(request)
    decision = _decision(user, decision_id)
    victim = _person(decision.case, payload.victim_id, "victim_id")
    row = reviews.request_written_reasons(
        user, decision, victim, received_on=payload.received_on, requester=payload.requester, note=payload.note
    )
    return Status(201, Created(id=row.pk))


@router.post("/written-reasons-requests/{request_id}/send", response=Created)
def dec_send_written_reasons(request: HttpRequest, request_id: int) -> Created:
    user = _user(request)
    row = get_for(
        user,
        WrittenReasonsRequest,
        request_id,
        queryset=lambda rows: rows.select_related("duty", *case_header("decision__case")),
    )
    reviews.send_written_reasons(user, row)
    return Created(id=row.pk)


@router.post("/decisions/{decision_id}/review-requests", response={201: Created})
def dec_request_review(request: HttpRequest, decision_id: int, payload: RequestIn) -> Status[Created]:
    user = _user(request)
    decision = _decision(user, decision_id)
    victim = _person(decision.case, payload.victim_id, "victim_id")
    row = reviews.request_review(
        user,
        decision,
        reviews.NewReviewRequest(victim, payload.received_on, payload.requester, payload.note, payload.late_reason),
    )
    return Status(201, Created(id=row.pk))


def _review_request(user: User, pk: int) -> ReviewRequest:
    row = get_for(user, ReviewRequest, pk, queryset=lambda rows: rows.select_related(*case_header("decision__case")))
    return row


@router.post("/review-requests/{request_id}/acknowledge", response=Created)
def dec_acknowledge_review(request: HttpRequest, request_id: int, payload: AcknowledgeIn) -> Created:
    user = _user(request)
    row = _review_request(user, request_id)
    reviews.acknowledge_review(user, row, payload.given_at, payload.channel, payload.summary)
    return Created(id=row.pk)


@router.post("/review-requests/{request_id}/reviewer", response=Created)
def dec_assign_reviewer(request: HttpRequest, request_id: int, payload: ReviewerIn) -> Created:
    user = _user(request)
    row = _review_request(user, request_id)
    reviewer = User.objects.filter(pk=payload.reviewer_id).first()
    if reviewer is None:
        raise invalid("reviewer_id", "There is no such officer.")
    reviews.assign_reviewer(user, row, reviewer)
    return Created(id=row.pk)


@router.post("/review-requests/{request_id}/result", response=Created)
def dec_review_result(request: HttpRequest, request_id: int, payload: ResultIn) -> Created:
    user = _user(request)
    row = _review_request(user, request_id)
    reviews.record_review_result(
        user, row, result=payload.result, reasons=payload.reasons, translation=payload.translation
    )
    return Created(id=row.pk)


@router.post("/cases/{case_id}/new-information", response={201: Created})
def dec_new_information(request: HttpRequest, case_id: int, payload: NewInformationIn) -> Status[Created]:
    user = _user(request)
    case = get_case_for(user, case_id)
    officer = User.objects.filter(pk=payload.review_officer_id).first() if payload.review_officer_id else None
    if payload.review_officer_id and officer is None:
        raise invalid("review_officer_id", "There is no such officer.")
    task = reviews.record_new_information(
        user, case, kind=payload.kind, received_on=payload.received_on, summary=payload.summary, review_officer=officer
    )
    return Status(201, Created(id=task.pk))


@router.post("/review-tasks/{task_id}/result", response=Created)
def dec_complete_task(request: HttpRequest, task_id: int, payload: TaskResultIn) -> Created:
    user = _user(request)
    task = get_for(user, NewInformation, task_id, queryset=lambda rows: rows.select_related(*case_header("case")))
    reviews.complete_review_task(user, task, reopen_case=payload.reopen, reasons=payload.reasons)
    return Created(id=task.pk)


@router.post("/cases/{case_id}/reopen", response=DecisionOut)
def dec_reopen(request: HttpRequest, case_id: int, payload: ReasonIn) -> DecisionOut:
    user = _user(request)
    case = get_case_for(user, case_id)
    return DecisionOut.of(reviews.reopen(user, case, payload.reason))


# --- The CPS and court ---------------------------------------------------------------------------------------


@router.post("/cases/{case_id}/cps-submissions", response={201: Created})
def dec_submit_to_cps(request: HttpRequest, case_id: int, payload: SubmissionIn) -> Status[Created]:
    user = _user(request)
    case = get_case_for(user, case_id)
    organisation = Organisation.objects.filter(pk=payload.organisation_id).first()
    row = cps.submit_to_cps(
        user, case, cps.NewSubmission(payload.kind, organisation, payload.submitted_on, payload.summary)
    )
    return Status(201, Created(id=row.pk))


@router.post("/cps-submissions/{submission_id}/decision", response=Created)
def dec_cps_decision(request: HttpRequest, submission_id: int, payload: CpsDecisionIn) -> Created:
    user = _user(request)
    row = get_for(user, CpsSubmission, submission_id, queryset=lambda rows: rows.select_related(*case_header("case")))
    cps.record_cps_decision(
        user,
        row,
        decision=payload.decision,
        decided_on=payload.decided_on,
        note=payload.note,
        reference=payload.cps_reference,
    )
    return Created(id=row.pk)


@router.post("/cases/{case_id}/court-hearings", response={201: Created})
def dec_record_hearing(request: HttpRequest, case_id: int, payload: HearingIn) -> Status[Created]:
    user = _user(request)
    case = get_case_for(user, case_id)
    if not dec_access.can_record_evidence(user, case):
        raise AccessDenied("Police of the force holding the case record court dates.")
    defendant = _person(case, payload.defendant_id, "defendant_id", suspect=True)
    row = cps.record_hearing(user, case, cps.NewHearing(defendant, payload.kind, payload.hearing_at, payload.court))
    return Status(201, Created(id=row.pk))


class HearingResultIn(InputSchema):
    result: str
    result_on: dt.date


@router.post("/court-hearings/{hearing_id}/result", response=Created)
def dec_record_hearing_result(request: HttpRequest, hearing_id: int, payload: HearingResultIn) -> Created:
    user = _user(request)
    hearing = get_for(user, CourtHearing, hearing_id, queryset=lambda rows: rows.select_related(*case_header("case")))
    cps.record_hearing_result(user, hearing, payload.result, payload.result_on)
    return Created(id=hearing.pk)
