"""CPS referrals (early investigative advice and pre-charge submissions, with their dates, the
CPS's decision and the time it took: seed 001 section 12.31) and court hearings. Charges, CPS
decisions and court dates feed the victims' duties (clocks C9-C11). One function per operation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from lantern.cases import services as case_services
from lantern.cases.models import Case, CaseStatus, CpsReferral, TimelineEvent
from lantern.core import audit
from lantern.core.access import AccessDenied
from lantern.core.errors import invalid
from lantern.core.models import Organisation, User
from lantern.decisions import access as dec_access
from lantern.decisions import facts
from lantern.decisions.models import CourtHearing, CpsSubmission
from lantern.decisions.services import moment_of, today
from lantern.people.models import Person
from lantern.safeguarding.models import Charge
from lantern.safeguarding.protected import protection
from lantern.victims_code import services as victims_code
from lantern.victims_code.models import EventKind
from lantern.victims_code.working_days import london_day

Kind = TimelineEvent.Kind


@dataclass(frozen=True)
class NewSubmission:
    kind: str
    organisation: Organisation | None
    submitted_on: dt.date | None
    summary: str


def submit_to_cps(actor: User, case: Case, data: NewSubmission) -> CpsSubmission:
    """Send the case to the CPS for early advice or a charging decision. The CPS liaison then sees
    the case (a CpsReferral row); a pre-charge submission puts the case with the CPS."""
    if not dec_access.can_record_evidence(actor, case):
        raise AccessDenied("Police of the force holding the case refer it to the CPS.")
    if case.status == CaseStatus.CLOSED:
        raise invalid("kind", "The case is closed: reopen it first.")
    if data.kind not in CpsSubmission.Kind.values:
        raise invalid("kind", "Choose early investigative advice or a pre-charge decision.")
    if data.organisation is None or data.organisation.kind != Organisation.Kind.CPS:
        raise invalid("organisation", "Choose the CPS area the case goes to.")
    if data.submitted_on is None:
        raise invalid("submitted_on", "Enter the date it was sent.")
    if data.submitted_on > today():
        raise invalid("submitted_on", "The date sent cannot be in the future.")
    if data.submitted_on < london_day(case.reported_at):
        raise invalid("submitted_on", "The date sent cannot be before the crime was reported.")
    if not data.summary.strip():
        raise invalid("summary", "Say what the CPS is asked to advise or decide.")
    # What goes to the CPS can reach the defence: no protected value (a safe-house address) in it (F9).
    leaked = protection.check_outgoing_text(data.summary, case=case, recipient_is_victim=False)
    if leaked:
        raise invalid("summary", f"Remove the protected details from the text first: {', '.join(leaked)}.")
    if CpsSubmission.objects.filter(case=case, kind=data.kind, decided_on__isnull=True).exists():
        raise invalid("kind", "A submission of this kind is already waiting for the CPS.")
    with transaction.atomic():
        referral = CpsReferral.objects.create(
            case=case, organisation=data.organisation, kind=data.kind, referred_at=moment_of(data.submitted_on, case)
        )
        submission = CpsSubmission.objects.create(
            case=case,
            referral=referral,
            kind=data.kind,
            organisation=data.organisation,
            submitted_on=data.submitted_on,
            summary=data.summary.strip(),
            submitted_by=actor,
        )
        label = CpsSubmission.Kind(data.kind).label.lower()
        case_services.add_timeline(case, Kind.CPS_REFERRAL, f"Sent to the CPS for {label}", actor)
        audit.record(actor, audit.Action.DISCLOSURE, case, recipients=data.organisation.name, reason=label)
        if data.kind == CpsSubmission.Kind.PRE_CHARGE and case.status in (
            CaseStatus.RECORDED,
            CaseStatus.INVESTIGATING,
        ):
            case_services.change_status(
                actor, case, CaseStatus.WITH_CPS, "Status changed to With the CPS: pre-charge submission"
            )
    return submission


def record_cps_decision(
    actor: User, submission: CpsSubmission, *, decision: str, decided_on: dt.date | None, note: str, reference: str = ""
) -> CpsSubmission:
    """The CPS's answer, with its date: the time the CPS took is kept. A decision not to charge is
    owed to the victims (C11); the police then record the closing decision with the CPS as the
    decision maker (and the CPS review scheme applies)."""
    case = submission.case
    if not dec_access.can_record_cps_decision(actor, case, submission.organisation_id):
        raise AccessDenied("The CPS liaison, or police of the force, record the CPS's decision.")
    if submission.decided_on is not None:
        raise invalid("decision", "The CPS's decision on this submission is already recorded.")
    if decision not in CpsSubmission.Result.values:
        raise invalid("decision", "Choose the CPS's decision.")
    if submission.kind == CpsSubmission.Kind.EARLY_ADVICE and decision != CpsSubmission.Result.ADVICE_GIVEN:
        raise invalid(
            "decision",
            "Early investigative advice is answered with advice; a charging decision needs a pre-charge submission.",
        )
    if submission.kind == CpsSubmission.Kind.PRE_CHARGE and decision == CpsSubmission.Result.ADVICE_GIVEN:
        raise invalid("decision", "Choose the charging decision the CPS made.")
    if decided_on is None:
        raise invalid("decided_on", "Enter the date of the CPS's decision.")
    if decided_on > today():
        raise invalid("decided_on", "The date cannot be in the future.")
    if decided_on < submission.submitted_on:
        raise invalid("decided_on", "The CPS cannot decide before the case was sent.")
    if not note.strip():
        raise invalid("note", "Summarise what the CPS said.")
    with transaction.atomic():
        submission.decision, submission.decided_on, submission.decision_note = decision, decided_on, note.strip()
        submission.cps_reference = reference.strip()[:40]
        submission.decision_recorded_by, submission.decision_recorded_at = actor, timezone.now()
        submission.save(
            update_fields=[
                "decision",
                "decided_on",
                "decision_note",
                "cps_reference",
                "decision_recorded_by",
                "decision_recorded_at",
            ]
        )
        label = CpsSubmission.Result(decision).label.lower()
        days = submission.days_taken
        case_services.add_timeline(
            case, Kind.CPS_REFERRAL, f"CPS answered ({label}) after {days} day{'s' if days != 1 else ''}", actor
        )
        audit.record(actor, audit.Action.COLLECTION, submission, detail=f"CPS decision {decision}")
        if decision in (CpsSubmission.Result.NO_CHARGE, CpsSubmission.Result.OUT_OF_COURT):
            victims_code.record_event(
                None, case, EventKind.CPS_DECISION, moment_of(decided_on, case), note=f"CPS: {label}"
            )
        if decision == CpsSubmission.Result.MORE_EVIDENCE and case.status == CaseStatus.WITH_CPS:
            case_services.change_status(
                actor, case, CaseStatus.INVESTIGATING, "Status changed to Under investigation: CPS action plan"
            )
    return submission


@dataclass(frozen=True)
class NewHearing:
    defendant: Person
    kind: str
    hearing_at: dt.datetime | None
    court: str


def record_hearing(actor: User, case: Case, data: NewHearing) -> CourtHearing:
    """A court date for a charged defendant: the victims are owed its date, time and place (C10)."""
    if not dec_access.can_record_evidence(actor, case):
        raise AccessDenied("Police of the force holding the case record court dates.")
    if data.defendant.pk not in {s.pk for s in facts.suspects_of(case)}:
        raise invalid("defendant", "Choose a suspect in this case.")
    if not Charge.objects.filter(case=case, person=data.defendant).exists():
        raise invalid("defendant", "Record the charge first: only a charged defendant has a court date.")
    if data.kind not in CourtHearing.Kind.values:
        raise invalid("kind", "Choose the kind of hearing.")
    if data.hearing_at is None:
        raise invalid("hearing_at", "Enter the date and time of the hearing.")
    if not data.court.strip():
        raise invalid("court", "Name the court.")
    with transaction.atomic():
        hearing = CourtHearing.objects.create(
            case=case,
            defendant=data.defendant,
            kind=data.kind,
            hearing_at=data.hearing_at,
            court=data.court.strip()[:160],
            recorded_by=actor,
        )
        label = CourtHearing.Kind(data.kind).label
        case_services.add_timeline(case, Kind.NOTE, f"{label} listed at {hearing.court}", actor)
        audit.record(actor, audit.Action.COLLECTION, hearing, detail=f"hearing {data.kind}")
        victims_code.record_event(None, case, EventKind.COURT_HEARING, timezone.now(), note=f"{label}, {hearing.court}")
        if case.status == CaseStatus.CHARGED:
            case_services.change_status(
                actor, case, CaseStatus.AT_COURT, f"Status changed to At court: {label.lower()} listed"
            )
    return hearing


def record_hearing_result(actor: User, hearing: CourtHearing, result: str, result_on: dt.date | None) -> CourtHearing:
    """What happened at court: the victims are owed the result."""
    case = hearing.case
    if not dec_access.can_record_evidence(actor, case):
        raise AccessDenied("Police of the force holding the case record court results.")
    if hearing.result:
        raise invalid("result", "The result of this hearing is already recorded.")
    if not result.strip():
        raise invalid("result", "Say what happened at court.")
    if result_on is None or result_on > today():
        raise invalid("result_on", "Enter the date of the result, today or earlier.")
    with transaction.atomic():
        hearing.result, hearing.result_on = result.strip(), result_on
        hearing.save(update_fields=["result", "result_on"])
        case_services.add_timeline(case, Kind.NOTE, f"Court result recorded ({hearing.get_kind_display()})", actor)
        victims_code.record_event(None, case, EventKind.COURT_RESULT, moment_of(result_on, case), note="Court result")
    return hearing
