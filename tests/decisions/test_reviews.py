"""After a decision: the Victims' Right to Review end to end, written reasons asked for, new
information on a closed case, and the CPS and court feeding the victim's duties."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from tests.decisions import helpers as h
from tests.factories import World, person, user

from lantern.cases.models import CaseParty, CaseStatus
from lantern.core.access import AccessDenied
from lantern.core.models import Organisation, Rank, Role
from lantern.decisions import cps, reviews, services
from lantern.decisions.models import Decision, DecisionLetter, NewInformation, ReviewRequest, ReviewRight
from lantern.nrm import services as nrm_services
from lantern.victims_code.models import Duty, DutyKind


def closed_with_review_right(world: World) -> Decision:
    """Outcome 15 after the suspect was interviewed under caution: the police scheme applies."""
    offence = h.offence(world.oic, world.case)
    h.interview(world.oic, world.case, world.suspect)
    h.ready_evidence(world.oic, world.case, [world.victim])
    data = h.close_decision(world.oic, world.case, "15", offence_obj=offence, suspect=world.suspect)
    return h.take_to_close(world.oic, world.supervisor, world.case, data)


def test_an_eligible_decision_owes_the_victim_their_right_to_review_and_the_letter_carries_the_date(
    world: World,
) -> None:
    decision = closed_with_review_right(world)
    right = ReviewRight.objects.get(decision=decision)
    assert right.scheme == "police"
    assert right.duty is not None
    assert right.duty.kind == DutyKind.REVIEW_RIGHT
    letter = decision.letters.get()
    assert letter.update is not None
    assert {d.kind for d in letter.update.duties.all()} == {DutyKind.NOT_CHARGED, DutyKind.REVIEW_RIGHT}
    # Letter dated Monday 7 December 2026: 3 calendar months is 7 March 2027.
    assert "by 7 March 2027" in letter.letter.text
    assert "Victims' Right to Review" in letter.letter.text


def test_the_window_runs_from_the_day_the_victim_was_told(world: World, clock: time_machine.Traveller) -> None:
    decision = closed_with_review_right(world)
    right = ReviewRight.objects.get(decision=decision)
    assert reviews.told_on(right) is None
    clock.move_to(h.london("2026-12-09 10:00"))
    services.record_delivery(world.oic, decision.letters.get(), "handed_over", h.london("2026-12-09 09:30"))
    assert reviews.told_on(right) == dt.date(2026, 12, 9)
    assert reviews.window_closes_on(right) == dt.date(2027, 3, 9)
    clock.move_to(h.london("2027-03-10 10:00"))
    late = reviews.NewReviewRequest(world.victim, dt.date(2027, 3, 10), "victim", "I was never asked about the boss")
    with pytest.raises(ValidationError) as refused:
        reviews.request_review(world.oic, decision, late)
    assert "ended on 9 March 2027" in refused.value.message_dict["late_reason"][0]
    accepted = reviews.request_review(
        world.oic, decision, reviews.NewReviewRequest(**{**late.__dict__, "late_reason": "In hospital until March"})
    )
    assert accepted.window_closes_on == dt.date(2027, 3, 9)


def test_a_request_is_acknowledged_and_reviewed_by_an_independent_senior_officer(
    world: World, clock: time_machine.Traveller
) -> None:
    decision = closed_with_review_right(world)
    request = reviews.request_review(
        world.advocate,
        decision,
        reviews.NewReviewRequest(world.victim, h.today(), "advocate", "Nobody looked at the bank accounts"),
    )
    assert request.requester == "advocate"
    assert request.advocate == world.advocate
    ack, result = request.acknowledge_duty, request.result_duty
    assert ack is not None
    assert result is not None
    # Received Monday 7 December: 10 working days is 21 December; 30 working days, across
    # Christmas and New Year's Day, is 21 January 2027.
    assert ack.due_on == dt.date(2026, 12, 21)
    assert result.due_on == dt.date(2027, 1, 21)

    reviews.acknowledge_review(world.oic, request, h.london("2026-12-07 09:00"), "phone", "Told her we have it")
    ack.refresh_from_db()
    assert ack.state == Duty.State.MET

    # The supervisor who signed off is a DI: the reviewer must be above DI and not involved.
    same_rank = user(Role.SUPERVISOR, world.wmp, rank=Rank.DI)
    with pytest.raises(ValidationError) as refused:
        reviews.assign_reviewer(world.supervisor, request, same_rank)
    assert "one rank above" in refused.value.message_dict["reviewer"][0]
    with pytest.raises(ValidationError):
        reviews.assign_reviewer(world.supervisor, request, world.supervisor)
    dci = user(Role.SUPERVISOR, world.wmp, rank=Rank.DCI)
    reviews.assign_reviewer(world.supervisor, request, dci)
    with pytest.raises(AccessDenied):
        reviews.record_review_result(world.oic, request, result="upheld", reasons="Fine")
    clock.move_to(h.london("2027-01-11 10:00"))
    reviews.record_review_result(
        dci, request, result="overturned", reasons="Financial enquiries were not made; they could corroborate her."
    )
    world.case.refresh_from_db()
    assert world.case.status == CaseStatus.INVESTIGATING
    outcome_letter = DecisionLetter.objects.get(kind="review_outcome")
    assert "The case has been reopened" in outcome_letter.letter.text
    services.record_delivery(dci, outcome_letter, "posted", h.london("2027-01-11 10:00"))
    result.refresh_from_db()
    assert result.state == Duty.State.MET


def test_someone_involved_in_the_investigation_cannot_review_it(world: World) -> None:
    decision = closed_with_review_right(world)
    request = reviews.request_review(world.oic, decision, reviews.NewReviewRequest(world.victim, h.today(), "victim"))
    # A DCI who once recorded something on the case.
    dci = user(Role.SUPERVISOR, world.wmp, rank=Rank.DCI)
    from lantern.cases.services import add_timeline

    add_timeline(world.case, "note", "Advised on the search", dci, recorded_at=h.london("2026-12-01 10:00"))
    with pytest.raises(ValidationError) as refused:
        reviews.assign_reviewer(world.supervisor, request, dci)
    assert "took part in the investigation" in refused.value.message_dict["reviewer"][0]


def test_no_review_is_recorded_where_the_scheme_does_not_apply(world: World) -> None:
    h.ready_evidence(world.oic, world.case, [world.victim])
    decision = h.take_to_close(world.oic, world.supervisor, world.case, h.close_decision(world.oic, world.case, "18"))
    with pytest.raises(ValidationError) as refused:
        reviews.request_review(world.oic, decision, reviews.NewReviewRequest(world.victim, h.today(), "victim"))
    assert "does not cover this decision" in refused.value.message_dict["victim"][0]


def test_written_reasons_asked_for_are_a_duty_and_the_same_letter_is_sent(world: World) -> None:
    h.ready_evidence(world.oic, world.case, [world.victim])
    decision = h.take_to_close(world.oic, world.supervisor, world.case, h.close_decision(world.oic, world.case, "18"))
    with pytest.raises(AccessDenied):
        reviews.request_written_reasons(
            world.advocate_no_consent, decision, world.victim, received_on=h.today(), requester="advocate"
        )
    request = reviews.request_written_reasons(
        world.advocate, decision, world.victim, received_on=h.today(), requester="advocate"
    )
    assert request.duty is not None
    assert request.duty.kind == DutyKind.WRITTEN_REASONS
    assert request.duty.due_on == dt.date(2026, 12, 8)  # enhanced rights: 1 working day
    reviews.send_written_reasons(world.oic, request)
    request.refresh_from_db()
    original = decision.letters.get()
    assert request.sent is not None
    assert request.sent.letter_id == original.letter_id


def test_new_information_on_a_closed_case_opens_a_review_task_with_a_deadline(world: World) -> None:
    h.ready_evidence(world.oic, world.case, [world.victim])
    h.take_to_close(world.oic, world.supervisor, world.case, h.close_decision(world.oic, world.case, "18"))
    world.case.refresh_from_db()
    task = reviews.record_new_information(
        world.colleague,
        world.case,
        kind="trafficker_contact",
        received_on=h.today(),
        summary="The victim had messages from the gang master asking where she lives",
    )
    assert task.review_officer == world.oic
    assert task.due_on == dt.date(2026, 12, 8)
    assert world.case.timeline.filter(summary__contains="New information on the closed case").exists()
    reviews.complete_review_task(world.oic, task, reopen_case=True, reasons="Threats: reopened to safeguard")
    world.case.refresh_from_db()
    assert world.case.status == CaseStatus.INVESTIGATING


def test_a_positive_conclusive_grounds_decision_on_a_closed_case_opens_a_review_task(world: World) -> None:
    h.ready_evidence(world.oic, world.case, [world.victim])
    h.take_to_close(world.oic, world.supervisor, world.case, h.close_decision(world.oic, world.case, "18"))
    referral = nrm_services.receive_referral(
        world.oic,
        reference="NRM-CG-1",
        person=world.victim,
        first_responder="LA",
        referred_at=h.london("2026-11-01 10:00"),
    )
    nrm_services.record_decision(world.oic, referral, "rg", True, dt.date(2026, 11, 3))
    nrm_services.record_decision(world.oic, referral, "cg", True, dt.date(2026, 12, 4))
    task = NewInformation.objects.get(case=world.case)
    assert task.kind == "conclusive_grounds"
    assert task.review_officer == world.oic


def test_cps_submissions_record_the_time_taken_and_a_no_charge_decision_is_owed_to_the_victim(world: World) -> None:
    cps_org = Organisation.objects.get(kind="cps")
    submission = cps.submit_to_cps(
        world.oic, world.case, cps.NewSubmission("pre_charge", cps_org, dt.date(2026, 11, 30), "Charge s1?")
    )
    world.case.refresh_from_db()
    assert world.case.status == CaseStatus.WITH_CPS
    with pytest.raises(ValidationError):
        cps.record_cps_decision(world.cps, submission, decision="advice_given", decided_on=h.today(), note="x")
    cps.record_cps_decision(world.cps, submission, decision="no_charge", decided_on=h.today(), note="Insufficient")
    assert submission.days_taken == 7
    assert Duty.objects.filter(case=world.case, kind=DutyKind.CPS_DECISION).count() == 1


def test_a_charge_goes_through_the_section_45_gate_and_court_dates_are_owed(world: World) -> None:
    victim_suspect = person("Mihai", "Popescu")
    CaseParty.objects.create(case=world.case, person=victim_suspect, role="victim_suspect")
    offence = h.offence(world.oic, world.case)
    from lantern.decisions import rules

    refused_data = services.DecisionIn(
        kind="charge",
        lines=(rules.LineIn("1", offence.pk, victim_suspect.pk),),
        decided_on=h.today(),
        reasons="Evidence of recruiting others",
    )
    with pytest.raises(ValidationError) as refused:
        services.propose(world.oic, world.case, refused_data)
    assert "section 45" in refused.value.message_dict["lines"][0]
    data = services.DecisionIn(
        kind="charge",
        lines=(rules.LineIn("1", offence.pk, world.suspect.pk),),
        decided_on=h.today(),
        reasons="CPS authorised the charge",
    )
    decision = services.apply_charge(world.oic, services.propose(world.oic, world.case, data))
    assert decision.state == Decision.State.APPLIED
    assert Duty.objects.filter(case=world.case, kind=DutyKind.CHARGED).count() == 2  # two victims
    world.case.refresh_from_db()
    assert world.case.status == CaseStatus.CHARGED
    cps.record_hearing(
        world.oic,
        world.case,
        cps.NewHearing(world.suspect, "first", h.london("2026-12-14 10:00"), "Birmingham Magistrates' Court"),
    )
    world.case.refresh_from_db()
    assert world.case.status == CaseStatus.AT_COURT
    assert Duty.objects.filter(case=world.case, kind=DutyKind.COURT_HEARING).count() == 2
    assert ReviewRequest.objects.count() == 0
