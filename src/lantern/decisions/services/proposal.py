"""Proposing and correcting a decision (never edited: a correction is a new row, decision 0010)
and signing it off against the closure gate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from lantern.cases import services as case_services
from lantern.cases.models import Case, CaseStatus, Offence
from lantern.core import audit
from lantern.core.access import AccessDenied
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.decisions import access as dec_access
from lantern.decisions import checklist, facts, rules
from lantern.decisions.models import (
    Decision,
    OutcomeCode,
    OutcomeLine,
    SignOff,
)
from lantern.decisions.services._common import (
    Kind,
    _first,
    today,
)
from lantern.people.models import Person
from lantern.safeguarding import rules as safeguarding_rules
from lantern.safeguarding.models import Section45Consideration
from lantern.safeguarding.section45 import considerations as section45
from lantern.victims_code.working_days import london_day


@dataclass(frozen=True)
class DecisionIn:
    kind: str
    lines: tuple[rules.LineIn, ...]
    decided_on: dt.date | None
    reasons: str
    what_was_done: str = ""
    reopen_if: str = ""
    investigated: bool = True
    decided_by_cps: bool = False
    translation_language: str = ""
    reasons_translated: str = ""
    what_was_done_translated: str = ""
    reopen_if_translated: str = ""
    translated_by: str = ""


def _check_decision(case: Case, data: DecisionIn) -> dict[str, OutcomeCode]:  # noqa: C901 - one guard clause per field of a decision; to split (issue 8 item 5)
    if data.kind not in (Decision.Kind.CLOSE, Decision.Kind.CHARGE):
        raise invalid("kind", "Choose whether the decision closes the case or charges a suspect.")
    if data.decided_on is None:
        raise invalid("decided_on", "Enter the date of the decision.")
    if data.decided_on > today():
        raise invalid("decided_on", "The decision cannot be dated in the future.")
    if data.decided_on < london_day(case.reported_at):
        raise invalid("decided_on", "The decision cannot be before the crime was reported.")
    if not data.reasons.strip():
        raise invalid("reasons", "Write the reasons: they go to the victim in writing, so say why in plain English.")
    if data.kind == Decision.Kind.CLOSE and not data.reopen_if.strip():
        raise invalid("reopen_if", "Say what would make the case reopen (new witnesses, evidence, the victim ready).")
    language = data.translation_language.strip().lower()
    translated = [data.reasons_translated, data.what_was_done_translated, data.reopen_if_translated]
    if language:
        if language == "en":
            raise invalid("translation_language", "The decision is written in English: choose the other language.")
        if not data.reasons_translated.strip():
            raise invalid("reasons_translated", "Give the reasons in the translation too.")
        if data.kind == Decision.Kind.CLOSE and not data.reopen_if_translated.strip():
            raise invalid("reopen_if_translated", "Give what would reopen the case in the translation too.")
        if data.what_was_done.strip() and not data.what_was_done_translated.strip():
            raise invalid("what_was_done_translated", "Give what was done in the translation too.")
        if not data.translated_by.strip():
            raise invalid("translated_by", "Say who translated it.")
    elif any(t.strip() for t in translated):
        raise invalid("translation_language", "Say which language the translation is in.")
    codes = {c.code: c for c in OutcomeCode.objects.all()}
    problems = rules.outcome_problems(
        data.kind,
        data.lines,
        {k: c.as_row() for k, c in codes.items()},
        Offence.objects.filter(case=case).values_list("id", flat=True),
        [s.pk for s in facts.suspects_of(case)],
        data.decided_by_cps,
        data.decided_on,
        facts.other_offence_ids(case),
    )
    _first(problems)
    # A charge against someone who may be a victim waits for a reviewed section 45 consideration
    # (the safeguarding app's rule, F8): said now, and enforced again when the charge is recorded.
    for line in data.lines:
        if codes[line.code.strip().upper()].charge and line.suspect_id is not None:
            person = Person.objects.get(pk=line.suspect_id)
            reviewed = Section45Consideration.objects.filter(
                case=case, person=person, status=Section45Consideration.Status.REVIEWED
            ).count()
            refusal = safeguarding_rules.charge_refusal(section45.needs_consideration(case, person), reviewed)
            if refusal:
                raise invalid("lines", refusal)
    return codes


def _create(actor: User, case: Case, data: DecisionIn, *, corrects: Decision | None, reason: str) -> Decision:
    codes = _check_decision(case, data)
    assert data.decided_on is not None  # noqa: S101 - _check_decision refuses a missing date
    decision = Decision.objects.create(
        case=case,
        kind=data.kind,
        decided_on=data.decided_on,
        decided_by=actor,
        decided_by_cps=data.decided_by_cps,
        investigated=data.investigated,
        reasons=data.reasons.strip(),
        what_was_done=data.what_was_done.strip(),
        reopen_if=data.reopen_if.strip(),
        translation_language=data.translation_language.strip().lower(),
        reasons_translated=data.reasons_translated.strip(),
        what_was_done_translated=data.what_was_done_translated.strip(),
        reopen_if_translated=data.reopen_if_translated.strip(),
        translated_by=data.translated_by.strip()[:160],
        corrects=corrects,
        correction_reason=reason.strip(),
        proposed_by=actor,
    )
    OutcomeLine.objects.bulk_create(
        OutcomeLine(
            decision=decision,
            code=codes[line.code.strip().upper()],
            offence_id=line.offence_id,
            suspect_id=line.suspect_id,
        )
        for line in data.lines
    )
    return decision


def _summary(decision: Decision) -> str:
    codes = sorted({line.code.code for line in decision.lines.select_related("code")}, key=lambda c: (len(c), c))
    return f"outcome {', '.join(codes)}"


def propose(actor: User, case: Case, data: DecisionIn) -> Decision:
    """Propose a decision: the outcome of each offence (and suspect), its date, the reasons, what
    was done and what would reopen the case. A closing decision then waits for sign-off."""
    if not dec_access.can_decide(actor, case):
        raise AccessDenied("The officer in charge, or a supervisor or SPOC of the force, proposes a decision.")
    if case.status == CaseStatus.CLOSED:
        raise invalid("kind", "The case is closed: correct the decision in effect, or reopen the case.")
    if facts.open_decision(case) is not None:
        raise invalid("kind", "A decision on this case is already waiting: correct it, or wait for the sign-off.")
    with transaction.atomic():
        decision = _create(actor, case, data, corrects=None, reason="")
        case_services.add_timeline(
            case, Kind.NOTE, f"Decision proposed: {decision.get_kind_display().lower()}, {_summary(decision)}", actor
        )
        audit.record(actor, audit.Action.COLLECTION, decision, detail=f"decision proposed ({decision.kind})")
    return decision


def correct(actor: User, decision: Decision, data: DecisionIn, reason: str) -> Decision:
    """A decision is never edited: a correction is a new decision, linked to the one it corrects,
    with the reason. A decision still on its way is replaced at once; one in effect stays in effect
    until its correction is signed off and put into effect in its place."""
    case = decision.case
    if not dec_access.can_decide(actor, case):
        raise AccessDenied("The officer in charge, or a supervisor or SPOC of the force, corrects a decision.")
    if not reason.strip():
        raise invalid("correction_reason", "Say why the decision is being corrected.")
    if decision.kind == Decision.Kind.REOPEN:
        raise invalid("correction_reason", "A decision to reopen is not corrected: close the case again instead.")
    if decision.state not in (Decision.State.PROPOSED, Decision.State.SIGNED_OFF, Decision.State.APPLIED):
        raise invalid(
            "correction_reason", f"This decision is {decision.get_state_display().lower()}: nothing to correct."
        )
    if decision.state == Decision.State.APPLIED and decision.kind == Decision.Kind.CHARGE:
        raise invalid("correction_reason", "A charge is corrected at court or by the CPS, not here.")
    if data.kind != decision.kind:
        raise invalid("kind", "A correction is the same kind of decision as the one it corrects.")
    pending = Decision.objects.filter(corrects=decision, state__in=[Decision.State.PROPOSED, Decision.State.SIGNED_OFF])
    if pending.exists():
        raise invalid("correction_reason", "A correction of this decision is already waiting.")
    with transaction.atomic():
        new = _create(actor, case, data, corrects=decision, reason=reason)
        if decision.state != Decision.State.APPLIED:
            decision.state = Decision.State.SUPERSEDED
            decision._change_reason = f"corrected by decision {new.pk}"  # type: ignore[attr-defined]
            decision.save(update_fields=["state"])
        case_services.add_timeline(case, Kind.NOTE, f"Decision corrected: {reason.strip()[:150]}", actor)
        audit.record(actor, audit.Action.COLLECTION, new, reason=reason.strip()[:200], detail=f"corrects {decision.pk}")
    return new


def _gate_for(decision: Decision) -> rules.Gate:
    return rules.closure_gate(facts.gate_facts(decision.case, decision), today())


def _not_you(actor: User, decision: Decision) -> tuple[str, ...]:
    case = decision.case
    reasons: list[str] = []
    if not dec_access.can_sign_off(actor, case):
        reasons.append("A supervisor of the force holding the case signs a decision off: your role does not.")
    for problem in rules.sign_off_problems(
        rules.Officer(actor.pk, actor.role, actor.force_id, actor.rank, actor.is_active),
        case.force_id,
        case.officer_in_charge_id,
        decision.decided_by_id,
    ):
        if not problem.startswith("A supervisor of the force") or not reasons:
            reasons.append(problem)
    return tuple(reasons)


def sign_off_check(actor: User, decision: Decision, gate: rules.Gate | None = None) -> checklist.SignOffCheck:
    """Whether `actor` may sign `decision` off now: every item still missing on the case (a closing
    decision), every reason this user may not, and whether the decision is waiting at all."""
    if decision.kind == Decision.Kind.CLOSE and gate is None:
        gate = _gate_for(decision)
    waiting = decision.state == Decision.State.PROPOSED
    return checklist.SignOffCheck(
        checklist.before_sign_off(gate),
        _not_you(actor, decision),
        "" if waiting else f"This decision is {decision.get_state_display().lower()}, not waiting for sign-off.",
    )


def sign_off(actor: User, decision: Decision, *, agreed: bool, note: str) -> SignOff:
    """A supervisor signs the decision off, or returns it saying what more is needed. Not the
    officer in charge nor the decision maker; a closing decision only once nothing but the
    sign-off and the letters is missing. A refusal names every missing item and, apart from them,
    every reason this user may not sign off (SignOffCheck.errors): a 403 (AccessDenied carrying
    them) for a user whose role does not sign off, else a ValidationError."""
    case = decision.case
    check = sign_off_check(actor, decision)
    if not dec_access.can_sign_off(actor, case):
        raise AccessDenied(check.not_you[0], errors=check.errors())
    if check.not_you or check.not_waiting:
        raise ValidationError(check.errors())
    if not agreed and not note.strip():
        raise invalid("note", "Say what more is needed before the decision can be signed off.")
    if agreed and not check.ready:
        raise ValidationError(check.errors())
    with transaction.atomic():
        row = SignOff.objects.create(decision=decision, recorded_by=actor, agreed=agreed, note=note.strip())
        decision.state = Decision.State.SIGNED_OFF if agreed else Decision.State.RETURNED
        decision._change_reason = "signed off" if agreed else "returned"  # type: ignore[attr-defined]
        decision.save(update_fields=["state"])
        what = "Decision signed off" if agreed else f"Decision returned: {note.strip()[:150]}"
        case_services.add_timeline(case, Kind.NOTE, what, actor)
        audit.record(actor, audit.Action.ALTERATION, decision, detail="signed off" if agreed else "returned")
    return row
