"""Written-reasons letters for a signed-off decision, what they list, and recording delivery."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from lantern.cases import services as case_services
from lantern.cases.models import Case
from lantern.core import audit
from lantern.core.access import AccessDenied
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.decisions import access as dec_access
from lantern.decisions import facts, letter_content, review_rules, rules
from lantern.decisions.models import (
    Decision,
    DecisionLetter,
)
from lantern.decisions.services._common import (
    Kind,
)
from lantern.notify import letters, outbox
from lantern.notify.models import LetterDelivery, OutboxMessage
from lantern.victims_code import services as victims_code


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
                    "written_reasons", language, context, case=case, person=victim, recorded_by=actor, now=now
                )
            except letters.LetterRefused as exc:
                raise invalid("reasons", " ".join(exc.messages)) from exc
            created.append(
                DecisionLetter.objects.create(
                    decision=decision,
                    victim=victim,
                    kind=DecisionLetter.Kind.WRITTEN_REASONS,
                    letter=letter,
                    recorded_by=actor,
                    recorded_at=now,
                )
            )
            how = (
                "in English with the interpreter note" if letter.interpreter_note else f"in {letter.rendered_language}"
            )
            case_services.add_timeline(case, Kind.NOTE, f"Letter with the written reasons made ({how})", actor)
            audit.record(actor, audit.Action.COLLECTION, letter, detail="written reasons letter")
    return created


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
    if delivered_at < letter.letter.recorded_at.replace(second=0, microsecond=0):  # times are typed to the minute
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
