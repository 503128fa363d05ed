"""Carrying out a signed-off decision: closing the case (through lantern.cases.services) or
applying a charge."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.cases import services as case_services
from lantern.cases.models import CaseStatus
from lantern.core import audit
from lantern.core.access import AccessDenied
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.decisions import access as dec_access
from lantern.decisions import facts, review_rules
from lantern.decisions.models import (
    Decision,
    DecisionLetter,
    ReviewRight,
)
from lantern.decisions.services._common import (
    Kind,
    moment_of,
)
from lantern.decisions.services.letters import make_letters
from lantern.decisions.services.proposal import _gate_for, _summary, sign_off
from lantern.safeguarding.section45 import considerations as section45
from lantern.victims_code import plans as victims_plans
from lantern.victims_code import sending as victims_sending
from lantern.victims_code import services as victims_code
from lantern.victims_code.models import Duty, EventKind


def _event_kind(decision: Decision) -> str:
    lines = list(decision.lines.select_related("code"))
    if not decision.investigated:
        return EventKind.NOT_INVESTIGATED
    if decision.decided_by_cps:
        return EventKind.CPS_DECISION
    if any(line.code.out_of_court for line in lines):
        return EventKind.OUT_OF_COURT_DISPOSAL
    return EventKind.NOT_CHARGED


def _signed_off_at(decision: Decision) -> dt.datetime:
    row = decision.sign_offs.filter(agreed=True).order_by("-recorded_at").first()
    return row.recorded_at if row is not None else timezone.now()


def close_case(actor: User, decision: Decision) -> Decision:
    """Put a signed-off closing decision into effect: only when nothing is missing. The case is
    closed; each victim is owed word of the decision from the moment it was signed off (and of
    their right to review, where they have it); the letters are queued for delivery, which meets
    those duties; the contact plans stop. A correction takes the place of the decision it corrects."""
    case = decision.case
    if not dec_access.can_decide(actor, case):
        raise AccessDenied("The officer in charge, or a supervisor or SPOC of the force, closes the case.")
    if decision.kind != Decision.Kind.CLOSE:
        raise invalid("decision", "Only a closing decision closes the case.")
    if decision.state != Decision.State.SIGNED_OFF:
        raise invalid("decision", f"This decision is {decision.get_state_display().lower()}: it cannot close the case.")
    if case.status == CaseStatus.CLOSED and decision.corrects_id is None:
        raise invalid("decision", "The case is already closed.")
    gate = _gate_for(decision)
    if not gate.closable:
        more = len(gate.missing) - 1
        first = f"The case cannot be closed yet. {gate.missing[0].message}"
        summary = first + (f" ({more} more listed under missing)" if more else "")
        raise ValidationError({"decision": [summary], "missing": [m.message for m in gate.missing]})
    now = timezone.now()
    told_from = _signed_off_at(decision)
    eligibility = review_rules.review_eligibility(facts.review_facts(decision))
    with transaction.atomic():
        locked = Decision.objects.select_for_update().get(pk=decision.pk)
        if locked.state != Decision.State.SIGNED_OFF:
            raise invalid("decision", "Someone else has just put this decision into effect.")
        decision.state, decision.applied_by, decision.applied_at = Decision.State.APPLIED, actor, now
        decision._change_reason = "in effect"  # type: ignore[attr-defined]
        decision.save(update_fields=["state", "applied_by", "applied_at"])
        if decision.corrects is not None and decision.corrects.state == Decision.State.APPLIED:
            earlier = decision.corrects
            earlier.state = Decision.State.SUPERSEDED
            earlier._change_reason = f"corrected by decision {decision.pk}"  # type: ignore[attr-defined]
            earlier.save(update_fields=["state"])
        summary = _summary(decision)
        if case.status != CaseStatus.CLOSED:
            label = decision.lines.select_related("code").first()
            text = f"Status changed to Closed: {summary}" + (f", {label.code.label.lower()}" if label else "")
            case_services.close_case(actor, case, text, by_decision=decision)
            victims_plans.suspend_plans(
                case, now, "The case was closed: the letter with the written reasons is the update owed."
            )
        else:
            case_services.add_timeline(case, Kind.NOTE, f"Decision in effect corrected: {summary}", actor)
        event = victims_code.record_event(
            None,
            case,
            _event_kind(decision),
            max(told_from, case.reported_at),
            note=f"Decision {decision.pk}: {summary}",
        )
        main = {d.victim_id: d for d in Duty.objects.filter(event=event)}
        review_duties: dict[int, Duty] = {}
        if eligibility.eligible:
            review_event = victims_code.record_event(
                None, case, EventKind.REVIEW_RIGHT, max(told_from, case.reported_at), note=f"Decision {decision.pk}"
            )
            review_duties = {d.victim_id: d for d in Duty.objects.filter(event=review_event)}
        for victim in facts.victims_of(case):
            ReviewRight.objects.create(
                decision=decision,
                victim=victim,
                scheme=eligibility.scheme,
                reasons=" ".join(eligibility.reasons),
                duty=review_duties.get(victim.pk) or main.get(victim.pk),
            )
        for dl in decision.letters.filter(kind=DecisionLetter.Kind.WRITTEN_REASONS).select_related("victim", "letter"):
            duty_ids = tuple(d.pk for d in (main.get(dl.victim_id), review_duties.get(dl.victim_id)) if d is not None)
            update = victims_sending.send_letter(
                actor,
                case,
                dl.victim,
                dl.letter,
                summary=f"Letter with the written reasons for the decision ({summary})",
                duty_ids=duty_ids,
                key=f"decision-letter:{dl.pk}",
            )
            DecisionLetter.objects.filter(pk=dl.pk).update(update=update)
        audit.record(actor, audit.Action.ALTERATION, decision, detail=f"closed the case ({summary})")
    decision.refresh_from_db()
    return decision


@dataclass(frozen=True)
class SignedOff:
    """What "Sign off and close" did: the decision, whether the case is closed, and if not why."""

    decision: Decision
    closed: bool
    not_closed_because: tuple[str, ...] = ()


def sign_off_and_close(actor: User, decision: Decision, note: str = "") -> SignedOff:
    """The supervisor's one step for a closing decision: sign it off, make each victim's letter
    with the written reasons, and close the case (which queues the letters for delivery). The
    sign-off stands even if the letters or the closing are refused: the refusal is returned, and
    the officer in charge or the supervisor finishes from the decision's page."""
    sign_off(actor, decision, agreed=True, note=note)
    decision.refresh_from_db()
    if decision.kind != Decision.Kind.CLOSE:
        return SignedOff(decision, False)
    try:
        with transaction.atomic():
            make_letters(actor, decision)
            decision.refresh_from_db()
            closed = close_case(actor, decision)
    except (ValidationError, AccessDenied) as exc:
        decision.refresh_from_db()
        reasons = tuple(exc.messages) if isinstance(exc, ValidationError) else (str(exc),)
        return SignedOff(decision, False, reasons)
    return SignedOff(closed, True)


def apply_charge(actor: User, decision: Decision) -> Decision:
    """Put a charging decision into effect: each charge is recorded through the safeguarding
    app's section 45 gate, the victims are owed word of the charge (and of any suspect not
    charged), and the case moves to Charged."""
    case = decision.case
    if not dec_access.can_decide(actor, case):
        raise AccessDenied("The officer in charge, or a supervisor or SPOC of the force, records a charge.")
    if decision.kind != Decision.Kind.CHARGE or decision.state != Decision.State.PROPOSED:
        raise invalid("decision", "Only a charging decision waiting to be put into effect can be.")
    lines = list(decision.lines.select_related("code", "offence", "suspect"))
    now = timezone.now()
    with transaction.atomic():
        for line in lines:
            if line.code.charge and line.suspect is not None:
                offence = line.offence
                description = (offence.description or offence.get_legislation_display()) if offence else line.code.label
                section45.record_charge(
                    actor,
                    case=case,
                    person=line.suspect,
                    offence_description=description,
                    charged_on=decision.decided_on,
                )
        decision.state, decision.applied_by, decision.applied_at = Decision.State.APPLIED, actor, now
        decision._change_reason = "in effect"  # type: ignore[attr-defined]
        decision.save(update_fields=["state", "applied_by", "applied_at"])
        at = moment_of(decision.decided_on, case, now)
        victims_code.record_event(None, case, EventKind.CHARGED, at, note=f"Decision {decision.pk}")
        if any(not line.code.charge for line in lines):
            kind = EventKind.CPS_DECISION if decision.decided_by_cps else EventKind.NOT_CHARGED
            victims_code.record_event(None, case, kind, at, note=f"Decision {decision.pk}: some suspects not charged")
        if case.status not in (CaseStatus.CHARGED, CaseStatus.AT_COURT):
            case_services.change_status(
                actor, case, CaseStatus.CHARGED, f"Status changed to Charged: {_summary(decision)}"
            )
        audit.record(actor, audit.Action.ALTERATION, decision, detail="charge recorded")
    decision.refresh_from_db()
    return decision
