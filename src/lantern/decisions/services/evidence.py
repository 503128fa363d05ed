"""The evidence a closing decision rests on: enquiry checklist answers, interviews under caution,
the victim's account (or agreement it was not taken) and credibility."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from lantern.cases import services as case_services
from lantern.cases.models import Case
from lantern.core import audit
from lantern.core.access import AccessDenied
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.decisions import access as dec_access
from lantern.decisions import facts, rules
from lantern.decisions.models import (
    CredibilityAssessment,
    EnquiryAnswer,
    SuspectInterview,
    VictimAccount,
)
from lantern.decisions.services._common import (
    Kind,
    _check_victim,
    _evidence_open,
    _first,
    moment_of,
    today,
)
from lantern.people.models import Person
from lantern.victims_code import services as victims_code
from lantern.victims_code.models import EventKind
from lantern.victims_code.working_days import london_day


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
