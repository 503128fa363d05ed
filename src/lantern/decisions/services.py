"""Operations on decisions. Each is one function: it checks the rules (rules.py, review_rules.py),
writes in one transaction the records, the case timeline and the audit log, and returns the
result. Pages, the API and other apps call these; none writes decision records itself.

The closing flow, in order: answer the enquiry checklist, record interviews, the victim's account
(or why not; "not spoken to" needs a supervisor's agreement) and whether credibility was a factor
(and how trauma was considered); propose the decision; a supervisor who is not the officer in
charge signs it off; make the letters with the written reasons; close the case. Closing creates
the victims' duties (told of the decision, and of their right to review where they have it) and
queues each letter for delivery, which meets them. The Victims' Right to Review, written reasons
asked for later, new information and reopening are in reviews.py; the CPS and court in cps.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from lantern.cases import services as case_services
from lantern.cases.models import Case, CaseStatus, Offence, TimelineEvent
from lantern.core import audit
from lantern.core.access import AccessDenied
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.decisions import access as dec_access
from lantern.decisions import facts, letter_content, review_rules, rules
from lantern.decisions.models import (
    CredibilityAssessment,
    Decision,
    DecisionLetter,
    EnquiryAnswer,
    OutcomeCode,
    OutcomeLine,
    ReviewRight,
    SignOff,
    SuspectInterview,
    VictimAccount,
)
from lantern.notify import letters, outbox
from lantern.notify.models import LetterDelivery, OutboxMessage
from lantern.people.models import Person
from lantern.safeguarding import rules as safeguarding_rules
from lantern.safeguarding import section45
from lantern.safeguarding.models import Section45Consideration
from lantern.victims_code import plans as victims_plans
from lantern.victims_code import sending as victims_sending
from lantern.victims_code import services as victims_code
from lantern.victims_code.models import Duty, EventKind
from lantern.victims_code.working_days import LONDON, london_day

Kind = TimelineEvent.Kind


def today() -> dt.date:
    return london_day(timezone.now())


def moment_of(day: dt.date, case: Case, now: dt.datetime | None = None) -> dt.datetime:
    """A moment for an event known only by its day: now if it is today, else noon London time
    (never before the crime was reported)."""
    now = now or timezone.now()
    if day >= london_day(now):
        return now
    return max(dt.datetime.combine(day, dt.time(12), tzinfo=LONDON), case.reported_at)


def _first(problems: dict[str, str]) -> None:
    if problems:
        field_name, message = next(iter(problems.items()))
        raise invalid(field_name, message)


def _check_victim(case: Case, victim: Person, field_name: str = "victim") -> None:
    if victim.pk not in {v.pk for v in facts.victims_of(case)}:
        raise invalid(field_name, "That person is not a victim in this case.")


def _evidence_open(actor: User, case: Case) -> None:
    """The evidence a closing decision rests on can change until the decision is signed off."""
    if not dec_access.can_record_evidence(actor, case):
        raise AccessDenied("Only police of the force holding the case can record this.")
    if case.status == CaseStatus.CLOSED:
        raise invalid("case", "The case is closed. Record new information, or reopen the case first.")
    waiting = facts.open_decision(case)
    if waiting is not None and waiting.state == Decision.State.SIGNED_OFF:
        raise invalid(
            "case",
            "The decision was signed off on this evidence. To change it, correct the decision first.",
        )


def set_status(actor: User | None, case: Case, status: str, summary: str) -> None:
    """Change the case's status (with its version, history, timeline and audit entry)."""
    Case.objects.filter(pk=case.pk).update(status=status, version=F("version") + 1, updated_at=timezone.now())
    case.refresh_from_db()
    case._change_reason = summary[:100]  # type: ignore[attr-defined]
    case.save()
    case_services.add_timeline(case, Kind.STATUS_CHANGED, summary, actor)
    audit.record(actor, audit.Action.ALTERATION, case, detail="status " + status)


# --- The evidence ---------------------------------------------------------------------------------


def answer_enquiry(actor: User, case: Case, item: str, answer: str, note: str) -> EnquiryAnswer:
    """Answer one line of the enquiry checklist; the earlier answer is kept, superseded."""
    _evidence_open(actor, case)
    _first(rules.answer_problems(item, answer, note))
    with transaction.atomic():
        now = timezone.now()
        EnquiryAnswer.objects.current().filter(case=case, item=item).update(superseded_at=now)
        row = EnquiryAnswer.objects.create(
            case=case, item=item, answer=answer, note=note.strip(), answered_by=actor, answered_at=now
        )
        question = rules.ENQUIRY_BY_CODE[item].question
        case_services.add_timeline(case, Kind.ENQUIRY, f"{question} {rules.ANSWERS[answer]}", actor)
        audit.record(actor, audit.Action.COLLECTION, row, detail=f"enquiry {item}: {answer}")
    return row


@dataclass(frozen=True)
class NewInterview:
    suspect: Person
    interviewed_on: dt.date | None
    under_caution: bool
    circumstances: str
    note: str = ""


def record_interview(actor: User, case: Case, data: NewInterview) -> SuspectInterview:
    """A suspect was interviewed. Under caution, the victims are owed word of it (C6), and it is
    the fact the Victims' Right to Review depends on."""
    if not dec_access.can_record_evidence(actor, case):
        raise AccessDenied("Only police of the force holding the case can record an interview.")
    if data.suspect.pk not in {s.pk for s in facts.suspects_of(case)}:
        raise invalid("suspect", "Choose a suspect in this case.")
    if data.interviewed_on is None:
        raise invalid("interviewed_on", "Enter the date of the interview.")
    if data.interviewed_on > today():
        raise invalid("interviewed_on", "The date of the interview cannot be in the future.")
    if data.interviewed_on < london_day(case.reported_at):
        raise invalid("interviewed_on", "The interview cannot be before the crime was reported.")
    if data.circumstances not in SuspectInterview.Circumstances.values:
        raise invalid("circumstances", "Say whether it was after arrest or a voluntary interview.")
    with transaction.atomic():
        interview = SuspectInterview.objects.create(
            case=case,
            suspect=data.suspect,
            interviewed_on=data.interviewed_on,
            under_caution=data.under_caution,
            circumstances=data.circumstances,
            note=data.note.strip()[:500],
            recorded_by=actor,
        )
        caution = "under caution" if data.under_caution else "not under caution"
        case_services.add_timeline(case, Kind.ENQUIRY, f"Suspect interviewed {caution}", actor)
        audit.record(actor, audit.Action.COLLECTION, interview, detail=f"interview {caution}")
        if data.under_caution:
            victims_code.record_event(
                None, case, EventKind.SUSPECT_INTERVIEWED, moment_of(data.interviewed_on, case), note="Interview"
            )
    return interview


@dataclass(frozen=True)
class NewAccount:
    victim: Person
    taken: bool
    taken_on: dt.date | None = None
    method: str = ""
    interpreter_language: str = ""
    reason: str = ""
    reason_text: str = ""


def record_account(actor: User, case: Case, data: NewAccount) -> VictimAccount:
    """Record that the victim's account was taken, or why it was not. The earlier record is kept."""
    _evidence_open(actor, case)
    _check_victim(case, data.victim)
    _first(
        rules.account_problems(
            data.taken, data.taken_on, data.method, data.reason, data.reason_text, london_day(case.reported_at), today()
        )
    )
    with transaction.atomic():
        now = timezone.now()
        VictimAccount.objects.current().filter(case=case, victim=data.victim).update(superseded_at=now)
        account = VictimAccount.objects.create(
            case=case,
            victim=data.victim,
            taken=data.taken,
            taken_on=data.taken_on if data.taken else None,
            method=data.method if data.taken else "",
            interpreter_language=data.interpreter_language.strip().lower()[:12] if data.taken else "",
            reason="" if data.taken else data.reason,
            reason_text="" if data.taken else data.reason_text.strip(),
            recorded_by=actor,
            recorded_at=now,
        )
        what = (
            "Victim's account recorded as taken"
            if data.taken
            else f"Victim's account not taken: {rules.NOT_TAKEN_REASONS[data.reason].label.lower()}"
        )
        case_services.add_timeline(case, Kind.ENQUIRY, what, actor)
        audit.record(actor, audit.Action.COLLECTION, account, detail="victim account")
    return account


def agree_not_spoken_to(actor: User, account: VictimAccount, note: str) -> VictimAccount:
    """A supervisor agrees, explicitly, to closing the case without the victim being spoken to.
    Not the officer in charge, nor the officer who recorded the reason."""
    case = account.case
    if not dec_access.can_sign_off(actor, case):
        raise AccessDenied("A supervisor of the force holding the case gives this agreement.")
    if actor.pk in (case.officer_in_charge_id, account.recorded_by_id):
        raise invalid("note", "The agreement must come from a supervisor other than the officer in charge.")
    if account.superseded_at is not None or not account.needs_agreement:
        raise invalid("note", "This record does not need a supervisor's agreement (or was replaced).")
    if account.agreed_at is not None:
        raise invalid("note", "A supervisor has already agreed this.")
    if not note.strip():
        raise invalid("note", "Say why it is right to go on without speaking to the victim.")
    _evidence_open(actor, case)
    with transaction.atomic():
        account.agreed_by, account.agreed_at, account.agreement_note = actor, timezone.now(), note.strip()
        account._change_reason = "supervisor agreed"  # type: ignore[attr-defined]
        account.save(update_fields=["agreed_by", "agreed_at", "agreement_note"])
        case_services.add_timeline(
            case, Kind.NOTE, "Supervisor agreed to go on without the victim being spoken to", actor
        )
        audit.record(actor, audit.Action.ALTERATION, account, reason=note.strip()[:200], detail="agreed not spoken to")
    return account


def record_credibility(
    actor: User, case: Case, victim: Person, a_factor: bool, trauma_factors: list[str], how_considered: str
) -> CredibilityAssessment:
    """Record whether a judgment about the victim's credibility affected the decision; if it did,
    the effects of trauma considered and how (seed 000 point 2 and case 3)."""
    _evidence_open(actor, case)
    _check_victim(case, victim)
    _first(rules.credibility_problems(a_factor, trauma_factors, how_considered))
    with transaction.atomic():
        now = timezone.now()
        CredibilityAssessment.objects.current().filter(case=case, victim=victim).update(superseded_at=now)
        row = CredibilityAssessment.objects.create(
            case=case,
            victim=victim,
            a_factor=a_factor,
            trauma_factors=sorted(set(trauma_factors)) if a_factor else [],
            how_considered=how_considered.strip() if a_factor else "",
            recorded_by=actor,
            recorded_at=now,
        )
        what = "considered with the effects of trauma" if a_factor else "not a factor"
        case_services.add_timeline(case, Kind.NOTE, f"Victim's credibility recorded: {what}", actor)
        audit.record(actor, audit.Action.COLLECTION, row, detail="credibility")
    return row


# --- Proposing, signing off, correcting -----------------------------------------------------------


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


def sign_off(actor: User, decision: Decision, *, agreed: bool, note: str) -> SignOff:
    """A supervisor signs the decision off, or returns it saying what more is needed. Not the
    officer in charge nor the decision maker; a closing decision only once nothing but the
    sign-off and the letters is missing."""
    case = decision.case
    if not dec_access.can_sign_off(actor, case):
        raise AccessDenied("A supervisor of the force holding the case signs a decision off.")
    problems = rules.sign_off_problems(
        rules.Officer(actor.pk, actor.role, actor.force_id, actor.rank, actor.is_active),
        case.force_id,
        case.officer_in_charge_id,
        decision.decided_by_id,
    )
    if problems:
        raise invalid("agreed", problems[0])
    if decision.state != Decision.State.PROPOSED:
        raise invalid("agreed", f"This decision is {decision.get_state_display().lower()}, not waiting for sign-off.")
    if not agreed and not note.strip():
        raise invalid("note", "Say what more is needed before the decision can be signed off.")
    if agreed and decision.kind == Decision.Kind.CLOSE:
        gate = _gate_for(decision)
        if not gate.ready_for_sign_off:
            first = next(m for m in gate.missing if m.stage not in ("sign_off", "letter"))
            raise invalid("agreed", f"Not ready to sign off. {first.message}")
    with transaction.atomic():
        row = SignOff.objects.create(decision=decision, by=actor, agreed=agreed, note=note.strip())
        decision.state = Decision.State.SIGNED_OFF if agreed else Decision.State.RETURNED
        decision._change_reason = "signed off" if agreed else "returned"  # type: ignore[attr-defined]
        decision.save(update_fields=["state"])
        what = "Decision signed off" if agreed else f"Decision returned: {note.strip()[:150]}"
        case_services.add_timeline(case, Kind.NOTE, what, actor)
        audit.record(actor, audit.Action.ALTERATION, decision, detail="signed off" if agreed else "returned")
    return row


# --- Letters --------------------------------------------------------------------------------------


def not_possible_items(case: Case) -> list[tuple[str, str]]:
    """The lines of enquiry the closure gate recorded as not possible, with the officer's reason,
    in checklist order, for the written-reasons letter."""
    gate = facts.gate_facts(case)
    order = [item.code for item in rules.ENQUIRY_ITEMS]
    found = [(code, a.note) for code, a in gate.answers.items() if a.answer == rules.NOT_POSSIBLE]
    return sorted(found, key=lambda pair: order.index(pair[0]) if pair[0] in order else len(order))


def done_items(case: Case) -> list[str]:
    """The lines of enquiry done, for the letter: answered done, or done by their record."""
    gate = facts.gate_facts(case)
    done = [code for code, answer in gate.answers.items() if answer.answer == rules.DONE]
    if gate.interviews_under_caution:
        done.append("suspect_interviewed")
    if gate.early_advice_sought:
        done.append("cps_early_advice")
    order = [item.code for item in rules.ENQUIRY_ITEMS]
    return sorted(set(done), key=order.index)


def make_letters(actor: User, decision: Decision) -> list[DecisionLetter]:
    """Make the letter with the written reasons for each victim, in their language where a
    translation is held, else in English with the interpreter note. After the sign-off; a letter
    already made is never made again."""
    case = decision.case
    if not dec_access.can_decide(actor, case):
        raise AccessDenied("The officer in charge, or a supervisor or SPOC of the force, makes the letters.")
    if decision.kind != Decision.Kind.CLOSE or decision.state not in (Decision.State.SIGNED_OFF,):
        raise invalid("decision", "Letters are made for a closing decision once it has been signed off.")
    if not decision.reasons.strip():
        raise invalid("reasons", "The decision has no reasons: a letter must give them.")
    made = set(decision.letters.filter(kind=DecisionLetter.Kind.WRITTEN_REASONS).values_list("victim_id", flat=True))
    eligibility = review_rules.review_eligibility(facts.review_facts(decision))
    codes = [line.code for line in decision.lines.select_related("code")]
    done = done_items(case)
    now = timezone.now()
    created = []
    with transaction.atomic():
        for victim in facts.victims_of(case):
            if victim.pk in made:
                continue
            language = victims_code.preferred_language(case, victim)
            context = letter_content.written_reasons_context(
                case, victim, decision, codes, done, eligibility, now, not_possible_items(case)
            )
            try:
                letter = letters.render(
                    "written_reasons", language, context, case=case, person=victim, created_by=actor, now=now
                )
            except letters.LetterRefused as exc:
                raise invalid("reasons", " ".join(exc.messages)) from exc
            created.append(
                DecisionLetter.objects.create(
                    decision=decision,
                    victim=victim,
                    kind=DecisionLetter.Kind.WRITTEN_REASONS,
                    letter=letter,
                    created_by=actor,
                    created_at=now,
                )
            )
            how = (
                "in English with the interpreter note" if letter.interpreter_note else f"in {letter.rendered_language}"
            )
            case_services.add_timeline(case, Kind.NOTE, f"Letter with the written reasons made ({how})", actor)
            audit.record(actor, audit.Action.COLLECTION, letter, detail="written reasons letter")
    return created


# --- Putting a decision into effect ---------------------------------------------------------------------


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
    row = decision.sign_offs.filter(agreed=True).order_by("-at").first()
    return row.at if row is not None else timezone.now()


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
        raise invalid("decision", f"The case cannot be closed yet. {gate.missing[0].message}")
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
            set_status(actor, case, CaseStatus.CLOSED, text)
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
            set_status(actor, case, CaseStatus.CHARGED, f"Status changed to Charged: {_summary(decision)}")
        audit.record(actor, audit.Action.ALTERATION, decision, detail="charge recorded")
    decision.refresh_from_db()
    return decision


# --- Delivery ---------------------------------------------------------------------------------------


def record_delivery(
    actor: User, letter: DecisionLetter, method: str, delivered_at: dt.datetime, note: str = ""
) -> LetterDelivery:
    """A decision's letter reached the victim: posted, handed over, read to them by an interpreter,
    or given through their advocate. That meets the duties it carries (the victim was told)."""
    case = letter.decision.case
    reviewer_id = letter.review_request.reviewer_id if letter.review_request is not None else None
    if not (dec_access.can_decide(actor, case) or actor.pk == reviewer_id):
        raise AccessDenied("The officer in charge, a supervisor or SPOC of the force records a letter's delivery.")
    if letter.update is None or letter.update.message_id is None:
        raise invalid("method", "This letter has not been sent yet: it is sent when the decision takes effect.")
    if method not in LetterDelivery.Method.values or method == LetterDelivery.Method.NOTIFY:
        raise invalid("method", "Choose how the letter was delivered.")
    if delivered_at > timezone.now():
        raise invalid("delivered_at", "The delivery cannot be in the future.")
    if delivered_at < letter.letter.created_at.replace(second=0, microsecond=0):  # times are typed to the minute
        raise invalid("delivered_at", "The delivery cannot be before the letter was made.")
    message = OutboxMessage.objects.get(pk=letter.update.message_id)
    if message.state not in outbox.DELIVERABLE_BY_HAND:
        raise invalid("method", "This letter's delivery was already recorded.")
    with transaction.atomic():
        try:
            delivery = outbox.mark_delivered(message, method=method, at=delivered_at, actor=actor, note=note)
        except ValueError as exc:
            raise invalid("method", "This letter's delivery was already recorded.") from exc
        method_label = LetterDelivery.Method(method).label.lower()
        case_services.add_timeline(case, Kind.NOTE, f"{letter.get_kind_display()}: letter {method_label}", actor)
        audit.record(
            actor,
            audit.Action.DISCLOSURE,
            letter.letter,
            recipients=f"victim (person {letter.victim_id})",
            detail=f"letter {method}",
        )
    return delivery
