"""New information on a closed case (a review task for a named officer with a deadline, escalated by
the sweep) and reopening a case (one action that restores its duties). Each operation is one
function: rules checked, one transaction, timeline and audit log."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from lantern.cases import services as case_services
from lantern.cases.models import Case, CaseStatus, TimelineEvent
from lantern.core import audit
from lantern.core.access import AccessDenied
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.decisions import access as dec_access
from lantern.decisions import facts, review_rules
from lantern.decisions.models import (
    Decision,
    NewInformation,
)
from lantern.decisions.services import today
from lantern.nrm.events import NrmDecisionRecorded
from lantern.nrm.models import NrmDecision
from lantern.victims_code import plans as victims_plans
from lantern.victims_code import services as victims_code
from lantern.victims_code.code import working_calendar
from lantern.victims_code.models import EventKind
from lantern.victims_code.working_days import london_day

Kind = TimelineEvent.Kind


# --- New information and reopening ---------------------------------------------------------------------


def _default_review_officer(case: Case) -> User | None:
    """The officer in charge, if they still can hold cases in the force; else the force's SPOC."""
    officer = case.officer_in_charge
    if officer.can_hold_cases and officer.force_id == case.force_id:
        return officer
    return case_services.triage_officer(case.force)


def record_new_information(
    actor: User | None,
    case: Case,
    *,
    kind: str,
    received_on: dt.date | None,
    summary: str,
    review_officer: User | None = None,
) -> NewInformation:
    """New information on a closed case opens a review task for a named officer (by default the
    officer in charge) with a deadline in working days, on the timeline. `actor` None: another
    app's hook (a positive conclusive grounds decision), which has checked its own rights."""
    if actor is not None and not dec_access.is_case_police(actor, case):
        raise AccessDenied("Police of the force holding the case record new information.")
    if case.status != CaseStatus.CLOSED:
        raise invalid("kind", "The case is open: add the information to the investigation.")
    _problems = review_rules.new_information_problems(kind, summary, received_on, today())
    if _problems:
        field_name, message = next(iter(_problems.items()))
        raise invalid(field_name, message)
    assert received_on is not None  # noqa: S101 - new_information_problems refuses a missing date
    officer = review_officer or _default_review_officer(case)
    if officer is None or not officer.can_hold_cases or officer.force_id != case.force_id:
        raise invalid("review_officer", "Name an investigator, SPOC or supervisor of the force holding the case.")
    label, days = review_rules.NEW_INFORMATION_KINDS[kind]
    due = working_calendar().add_working_days(max(received_on, today()), days)
    with transaction.atomic():
        task = NewInformation.objects.create(
            case=case,
            kind=kind,
            received_on=received_on,
            summary=summary.strip(),
            review_officer=officer,
            due_on=due,
            recorded_by=actor,
        )
        case_services.add_timeline(
            case,
            Kind.NOTE,
            f"New information on the closed case ({label.lower()}): review by {officer.display_name} "
            f"by {due:%-d %B %Y}",
            actor,
        )
        audit.record(actor, audit.Action.COLLECTION, task, detail=f"new information {kind}")
    return task


def complete_review_task(actor: User, task: NewInformation, *, reopen_case: bool, reasons: str) -> NewInformation:
    """The named officer (or a supervisor of the force) reviews the new information: the case is
    reopened, or the decision stands for the reasons given."""
    case = task.case
    if actor.pk != task.review_officer_id and not dec_access.can_sign_off(actor, case):
        raise AccessDenied("The officer named, or a supervisor of the force, reviews the new information.")
    if task.reviewed_at is not None:
        raise invalid("reasons", "This new information was already reviewed.")
    if not reasons.strip():
        raise invalid("reasons", "Say what you decided and why.")
    with transaction.atomic():
        if reopen_case and case.status == CaseStatus.CLOSED:
            reopen(actor, case, reasons.strip())
        task.outcome = NewInformation.Outcome.REOPENED if reopen_case else NewInformation.Outcome.NO_CHANGE
        task.outcome_reasons, task.reviewed_by, task.reviewed_at = reasons.strip(), actor, timezone.now()
        task.save(update_fields=["outcome", "outcome_reasons", "reviewed_by", "reviewed_at"])
        if not reopen_case:
            case_services.add_timeline(case, Kind.NOTE, "New information reviewed: the decision stands", actor)
        audit.record(actor, audit.Action.ALTERATION, task, detail=f"reviewed: {task.outcome}")
    return task


def _closed_at(closing: Decision) -> dt.datetime | None:
    """When the case was closed: the first decision of the chain of corrections in effect."""
    first = closing
    while first.corrects is not None and first.corrects.applied_at is not None:
        first = first.corrects
    return first.applied_at


def reopen(actor: User, case: Case, reason: str, *, by_review: bool = False) -> Decision:
    """Reopen a closed case in one action: a decision to reopen (the closing decision is kept, marked
    reopened), the case under investigation again, the contact plans resumed on the terms the victim
    agreed, and every victim owed word of the reopening. Open review tasks are closed as reopened."""
    if not by_review and not dec_access.can_decide(actor, case):
        raise AccessDenied("The officer in charge, or a supervisor or SPOC of the force, reopens the case.")
    if case.status != CaseStatus.CLOSED:
        raise invalid("reason", "The case is not closed.")
    if not reason.strip():
        raise invalid("reason", "Say why the case is reopened.")
    closing = facts.decision_in_effect(case)
    now = timezone.now()
    with transaction.atomic():
        decision = Decision.objects.create(
            case=case,
            kind=Decision.Kind.REOPEN,
            state=Decision.State.APPLIED,
            decided_on=london_day(now),
            decided_by=actor,
            reasons=reason.strip(),
            reopens=closing,
            proposed_by=actor,
            applied_by=actor,
            applied_at=now,
        )
        suspended_at = _closed_at(closing) if closing is not None else None
        if closing is not None:
            closing.state = Decision.State.REOPENED
            closing._change_reason = f"reopened by decision {decision.pk}"  # type: ignore[attr-defined]
            closing.save(update_fields=["state"])
        case_services.reopen_case(
            actor,
            case,
            f"Status changed to Under investigation: case reopened. {reason.strip()}",
            by_decision=decision,
        )
        if suspended_at is not None:
            victims_plans.resume_plans(actor, case, suspended_at, now)
        victims_code.record_event(None, case, EventKind.CASE_REOPENED, now, note=f"Decision {decision.pk}")
        NewInformation.objects.filter(case=case, reviewed_at__isnull=True).update(
            outcome=NewInformation.Outcome.REOPENED, outcome_reasons=reason.strip(), reviewed_by=actor, reviewed_at=now
        )
        audit.record(actor, audit.Action.ALTERATION, decision, reason=reason.strip()[:200], detail="case reopened")
    return decision


def on_nrm_decision(event: NrmDecisionRecorded) -> None:
    """Subscribed to nrm's NrmDecisionRecorded: a positive conclusive grounds decision is new
    information on each closed case the person is in, with a review task for a named officer."""
    if event.decision.kind != NrmDecision.Kind.CONCLUSIVE_GROUNDS or not event.decision.positive:
        return
    referral, decided_on = event.referral, event.decided_on
    closed = Case.objects.filter(parties__person_id=referral.person_id, status=CaseStatus.CLOSED)
    for case in closed.distinct().select_related("officer_in_charge"):
        record_new_information(
            None,
            case,
            kind="conclusive_grounds",
            received_on=decided_on,
            summary=f"NRM {referral.reference}: positive conclusive grounds decision on {decided_on:%d %B %Y}",
        )
