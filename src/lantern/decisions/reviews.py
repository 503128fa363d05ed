"""After a decision: written reasons asked for, the Victims' Right to Review (a request,
its acknowledgement within 10 working days, an independent reviewer, the result in writing within
30). New information on a closed case and reopening are in reopening.py (re-exported here). Each
operation is one function: rules checked, one transaction, timeline and audit log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from lantern.cases import services as case_services
from lantern.cases.models import Case, CaseStatus, Handover, TimelineEvent
from lantern.core import audit
from lantern.core.access import AccessDenied
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.decisions import access as dec_access
from lantern.decisions import facts, letter_content, review_rules, rules
from lantern.decisions.models import (
    Decision,
    DecisionLetter,
    Requester,
    ReviewRequest,
    ReviewRight,
    WrittenReasonsRequest,
)
from lantern.decisions.reopening import (  # new information and reopening; re-exported for their readers
    complete_review_task as complete_review_task,
)
from lantern.decisions.reopening import (
    on_nrm_decision as on_nrm_decision,
)
from lantern.decisions.reopening import (
    record_new_information as record_new_information,
)
from lantern.decisions.reopening import (
    reopen as reopen,
)
from lantern.decisions.services import moment_of, today
from lantern.notify import letters
from lantern.people.models import Person
from lantern.victims_code import sending as victims_sending
from lantern.victims_code import services as victims_code
from lantern.victims_code.models import Duty, EventKind
from lantern.victims_code.working_days import london_day

Kind = TimelineEvent.Kind


def told_on(right: ReviewRight) -> dt.date | None:
    """The day the victim was told of the decision (their right to review with it): the day the
    duty to tell them was met. None while they have not been told."""
    if right.duty_id is None:
        return None
    duty = Duty.objects.filter(pk=right.duty_id).values_list("met_at", flat=True).first()
    return london_day(duty) if duty else None


def window_closes_on(right: ReviewRight) -> dt.date | None:
    day = told_on(right)
    return review_rules.review_window_closes_on(day) if day is not None else None


def _requester(actor: User, case: Case, victim: Person, requester: str) -> User | None:
    """Who is asking, checked: police record what the victim (or their representative or advocate)
    asked; an advocate asks for their own consenting client. Returns the advocate, if one."""
    if requester not in Requester.values:
        raise invalid("requester", "Say who asked: the victim, their advocate or a representative.")
    if dec_access.advocate_for(actor, victim.pk):
        return actor
    if not dec_access.is_case_police(actor, case):
        raise AccessDenied("Police of the force, or the victim's advocate with their consent, record a request.")
    return None


def _received_on(case: Case, received_on: dt.date | None, decision: Decision) -> dt.date:
    if received_on is None:
        raise invalid("received_on", "Enter the date the request was received.")
    if received_on > today():
        raise invalid("received_on", "The date received cannot be in the future.")
    if received_on < decision.decided_on:
        raise invalid("received_on", "The request cannot be before the decision.")
    return received_on


def _decision_in_effect(decision: Decision) -> None:
    if decision.kind != Decision.Kind.CLOSE or decision.state not in (
        Decision.State.APPLIED,
        Decision.State.REOPENED,
        Decision.State.SUPERSEDED,
    ):
        raise invalid("decision", "Ask about a decision that closed the case.")


# --- Written reasons asked for ----------------------------------------------------------------------


def request_written_reasons(
    actor: User,
    decision: Decision,
    victim: Person,
    *,
    received_on: dt.date | None,
    requester: str,
    note: str = "",
) -> WrittenReasonsRequest:
    """The victim (or their advocate) asks for the reasons for the decision in writing: a duty with
    a deadline (seed 000 case 7: asked in July 2017, never answered)."""
    case = decision.case
    _decision_in_effect(decision)
    facts_victims = {v.pk for v in facts.victims_of(case)}
    if victim.pk not in facts_victims:
        raise invalid("victim", "That person is not a victim in this case.")
    advocate = _requester(actor, case, victim, requester)
    day = _received_on(case, received_on, decision)
    with transaction.atomic():
        event = victims_code.record_event(
            None,
            case,
            EventKind.WRITTEN_REASONS,
            moment_of(day, case),
            note=f"Decision {decision.pk}",
            victims=[victim],
        )
        duty = Duty.objects.filter(event=event, victim=victim).first()
        row = WrittenReasonsRequest.objects.create(
            decision=decision,
            victim=victim,
            received_on=day,
            requester=Requester.ADVOCATE if advocate else requester,
            advocate=advocate,
            note=note.strip()[:500],
            duty=duty,
            recorded_by=actor,
        )
        case_services.add_timeline(case, Kind.NOTE, "Written reasons for the decision asked for", actor)
        audit.record(actor, audit.Action.COLLECTION, row, detail="written reasons requested")
    return row


def send_written_reasons(actor: User, request: WrittenReasonsRequest) -> WrittenReasonsRequest:
    """Send the victim the letter with the written reasons: the letter made for the decision, as it
    was made (never made again differently), queued for delivery to meet the duty."""
    decision = request.decision
    case = decision.case
    if not dec_access.can_decide(actor, case):
        raise AccessDenied("The officer in charge, or a supervisor or SPOC of the force, sends the written reasons.")
    if request.sent_id is not None:
        raise invalid("request", "The written reasons were already sent for this request.")
    letter = (
        DecisionLetter.objects.filter(
            decision=decision, victim=request.victim, kind=DecisionLetter.Kind.WRITTEN_REASONS
        )
        .select_related("letter")
        .first()
    )
    if letter is None:
        raise invalid("request", "There is no letter with the written reasons for this victim: correct the decision.")
    with transaction.atomic():
        update = victims_sending.send_letter(
            actor,
            case,
            request.victim,
            letter.letter,
            summary="The letter with the written reasons, sent again as asked",
            duty_ids=(request.duty.pk,) if request.duty is not None and request.duty.state == Duty.State.OPEN else (),
            key=f"written-reasons-request:{request.pk}",
        )
        request.sent = update
        request.save(update_fields=["sent"])
        case_services.add_timeline(case, Kind.NOTE, "Written reasons sent again, as asked", actor)
    return request


# --- The Victims' Right to Review ---------------------------------------------------------------------


@dataclass(frozen=True)
class NewReviewRequest:
    victim: Person
    received_on: dt.date | None
    requester: str
    grounds: str = ""
    late_reason: str = ""


def request_review(actor: User, decision: Decision, data: NewReviewRequest) -> ReviewRequest:
    """Record a victim's request for a review. Refused where the decision gives no right to a police
    review (the CPS scheme: the request goes to the CPS). After the 3 months, accepted only with the
    force's reason. Owed: an acknowledgement within 10 working days, the result within 30."""
    case = decision.case
    if decision.kind != Decision.Kind.CLOSE or decision.state != Decision.State.APPLIED:
        raise invalid("decision", "A review is asked for a decision in effect that closed the case.")
    right = ReviewRight.objects.filter(decision=decision, victim=data.victim).first()
    if right is None:
        raise invalid("victim", "That person is not a victim this decision was about.")
    advocate = _requester(actor, case, data.victim, data.requester)
    day = _received_on(case, data.received_on, decision)
    if right.scheme == review_rules.CPS_SCHEME:
        raise invalid(
            "victim", "The CPS made this decision: the victim asks the CPS for a review (help them contact the CPS)."
        )
    if right.scheme == review_rules.NO_SCHEME:
        raise invalid("victim", f"The police review scheme does not cover this decision: {right.reasons}")
    if ReviewRequest.objects.filter(decision=decision, victim=data.victim).exists():
        raise invalid("victim", "This victim has already asked for a review of this decision.")
    closes = window_closes_on(right)
    if not review_rules.request_in_time(day, told_on(right)) and not data.late_reason.strip():
        raise invalid(
            "late_reason",
            f"The 3 months to ask ended on {closes:%-d %B %Y}. A later request is at the force's discretion: "
            "say why it is accepted.",
        )
    with transaction.atomic():
        event = victims_code.record_event(
            None,
            case,
            EventKind.REVIEW_REQUESTED,
            moment_of(day, case),
            note=f"Decision {decision.pk}",
            victims=[data.victim],
        )
        duties = {d.kind: d for d in Duty.objects.filter(event=event, victim=data.victim)}
        row = ReviewRequest.objects.create(
            decision=decision,
            victim=data.victim,
            scheme=right.scheme,
            received_on=day,
            requester=Requester.ADVOCATE if advocate else data.requester,
            advocate=advocate,
            grounds=data.grounds.strip(),
            window_closes_on=closes,
            late_reason=data.late_reason.strip(),
            acknowledge_duty=duties.get("review_acknowledge"),
            result_duty=duties.get("review_outcome"),
            recorded_by=actor,
        )
        case_services.add_timeline(case, Kind.NOTE, "Victims' Right to Review: review asked for", actor)
        audit.record(actor, audit.Action.COLLECTION, row, detail="review requested")
    return row


def acknowledge_review(
    actor: User, request: ReviewRequest, at: dt.datetime, channel: str, summary: str
) -> ReviewRequest:
    """The officer in charge acknowledges the request to the victim (meets the 10-day duty)."""
    if request.acknowledged_id is not None:
        raise invalid("summary", "The request was already acknowledged.")
    case = request.decision.case
    language = victims_code.preferred_language(case, request.victim)
    with transaction.atomic():
        update = victims_code.record_update(
            actor,
            case,
            victims_code.NewUpdate(
                victim=request.victim,
                given_at=at,
                channel=channel,
                language=language,
                summary=summary or "Request for a review acknowledged",
                duty_ids=(request.acknowledge_duty_id,) if request.acknowledge_duty_id else (),
            ),
        )
        request.acknowledged = update
        request._change_reason = "acknowledged"  # type: ignore[attr-defined]
        request.save(update_fields=["acknowledged"])
    return request


def involved_in(case: Case, before: dt.datetime) -> set[int]:
    """Everyone who took part in the investigation before `before`: every officer in charge it has
    had, and everyone who recorded anything on its timeline."""
    ids = set(
        TimelineEvent.objects.filter(case=case, recorded_at__lt=before, recorded_by__isnull=False).values_list(
            "recorded_by_id", flat=True
        )
    )
    ids |= set(case.history.values_list("officer_in_charge_id", flat=True))
    ids |= set(Handover.objects.filter(case=case).values_list("from_officer_id", flat=True))
    ids.add(case.officer_in_charge_id)
    return ids


def decision_makers(decision: Decision) -> list[rules.Officer]:
    people = [decision.decided_by] + [
        s.recorded_by for s in decision.sign_offs.filter(agreed=True).select_related("recorded_by")
    ]
    return [rules.Officer(u.pk, u.role, u.force_id, u.rank, u.is_active) for u in people]


def assign_reviewer(actor: User, request: ReviewRequest, reviewer: User) -> ReviewRequest:
    """A supervisor of the force names the reviewer: at least one rank above the decision maker and
    the supervisor who signed it off, and not involved in the investigation."""
    case = request.decision.case
    if not dec_access.can_sign_off(actor, case):
        raise AccessDenied("A supervisor of the force holding the case assigns the reviewer.")
    if request.completed_at is not None:
        raise invalid("reviewer", "The review is already complete.")
    problems = review_rules.reviewer_problems(
        rules.Officer(reviewer.pk, reviewer.role, reviewer.force_id, reviewer.rank, reviewer.is_active),
        case.force_id,
        decision_makers(request.decision),
        involved_in(case, request.recorded_at),
    )
    if problems:
        raise invalid("reviewer", problems[0])
    with transaction.atomic():
        request.reviewer, request.reviewer_assigned_by = reviewer, actor
        request.reviewer_assigned_at = timezone.now()
        request._change_reason = "reviewer assigned"  # type: ignore[attr-defined]
        request.save(update_fields=["reviewer", "reviewer_assigned_by", "reviewer_assigned_at"])
        case_services.add_timeline(case, Kind.NOTE, f"Reviewer assigned: {reviewer.display_name}", actor)
        audit.record(actor, audit.Action.ALTERATION, request, detail="reviewer assigned")
    return request


def record_review_result(
    actor: User, request: ReviewRequest, *, result: str, reasons: str, translation: str = ""
) -> ReviewRequest:
    """The reviewer records the result with reasons. A letter with the result goes to the victim
    (meets the 30-day duty when delivered); if the decision is overturned the case is reopened."""
    decision = request.decision
    case = decision.case
    if actor.pk != request.reviewer_id:
        raise AccessDenied("Only the reviewer assigned to this request records its result.")
    if request.completed_at is not None:
        raise invalid("result", "The result is already recorded.")
    if result not in ReviewRequest.Result.values:
        raise invalid("result", "Choose whether the decision is upheld or overturned.")
    if not reasons.strip():
        raise invalid("reasons", "Give the reasons: they go to the victim in writing.")
    # Checked again now: the reviewer must still be independent of the decision.
    problems = review_rules.reviewer_problems(
        rules.Officer(actor.pk, actor.role, actor.force_id, actor.rank, actor.is_active),
        case.force_id,
        decision_makers(decision),
        involved_in(case, request.recorded_at),
    )
    if problems:
        raise invalid("reviewer", problems[0])
    now = timezone.now()
    language = victims_code.preferred_language(case, request.victim)
    texts = {"en": reasons.strip()}
    if translation.strip():
        texts[language] = letter_content.keep_numbers_in_order(translation.strip(), language)
    with transaction.atomic():
        request.result, request.result_reasons, request.completed_at = result, reasons.strip(), now
        request._change_reason = "result recorded"  # type: ignore[attr-defined]
        request.save(update_fields=["result", "result_reasons", "completed_at"])
        context = letter_content.review_outcome_context(
            case, request.victim, request, actor, letters.Localised(texts), now
        )
        try:
            letter = letters.render(
                "review_outcome", language, context, case=case, person=request.victim, recorded_by=actor, now=now
            )
        except letters.LetterRefused as exc:
            raise invalid("reasons", " ".join(exc.messages)) from exc
        dl = DecisionLetter.objects.create(
            decision=decision,
            victim=request.victim,
            kind=DecisionLetter.Kind.REVIEW_OUTCOME,
            letter=letter,
            review_request=request,
            recorded_by=actor,
            recorded_at=now,
        )
        duty = request.result_duty
        update = victims_sending.send_letter(
            actor,
            case,
            request.victim,
            letter,
            summary=f"Result of the review: {request.get_result_display().lower()}",
            duty_ids=(duty.pk,) if duty is not None and duty.state == Duty.State.OPEN else (),
            key=f"review-result:{request.pk}",
        )
        DecisionLetter.objects.filter(pk=dl.pk).update(update=update)
        case_services.add_timeline(
            case, Kind.NOTE, f"Victims' Right to Review: {request.get_result_display().lower()}", actor
        )
        audit.record(actor, audit.Action.ALTERATION, request, detail=f"review result {result}")
        if result == ReviewRequest.Result.OVERTURNED and case.status == CaseStatus.CLOSED:
            reopen(actor, case, f"The review overturned the decision: {reasons.strip()}"[:1000], by_review=True)
    return request
