"""Closing a case: the gate, sign-off, letters, duties, corrections, and bad input refused on its
field. Through the services, at a frozen London time."""

from __future__ import annotations

import pytest
import time_machine
from django.core.exceptions import ValidationError
from tests.decisions import helpers as h
from tests.factories import World, new_case, user

from lantern.cases import services as case_services
from lantern.cases.models import CaseStatus
from lantern.core.access import AccessDenied
from lantern.core.models import Rank, Role
from lantern.decisions import facts, rules, services
from lantern.decisions.models import Decision, DecisionLetter, ReviewRight
from lantern.notify.models import OutboxMessage
from lantern.victims_code import plans
from lantern.victims_code.models import ContactPlan, Duty, DutyKind


def messages_of(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict


def test_a_case_with_nothing_done_cannot_be_signed_off_and_the_page_says_what_is_missing(world: World) -> None:
    decision = services.propose(world.oic, world.case, h.close_decision(world.oic, world.case, "18"))
    gate = rules.closure_gate(facts.gate_facts(world.case), h.today())
    words = [m.message for m in gate.missing]
    assert any("Take Ilze Bērziņa's account" in w for w in words)
    assert any("Were the premises and the business checked?" in w for w in words)
    assert any("credibility" in w for w in words)
    with pytest.raises(ValidationError) as refused:
        services.sign_off(world.supervisor, decision, agreed=True, note="")
    assert "Not ready to sign off" in messages_of(refused.value)["agreed"][0]
    decision.refresh_from_db()
    assert decision.state == Decision.State.PROPOSED


def test_the_full_closing_flow_closes_the_case_owes_the_victim_and_queues_the_letter(world: World) -> None:
    h.ready_evidence(world.oic, world.case, [world.victim])
    decision = services.propose(world.oic, world.case, h.close_decision(world.oic, world.case, "18"))
    with pytest.raises(ValidationError):  # no letters before the sign-off
        services.make_letters(world.oic, decision)
    services.sign_off(world.supervisor, decision, agreed=True, note="")
    decision.refresh_from_db()
    with pytest.raises(ValidationError) as refused:  # sign-off is not enough: the letter first
        services.close_case(world.oic, decision)
    assert "letter" in messages_of(refused.value)["decision"][0]
    made = services.make_letters(world.oic, decision)
    assert len(made) == 1
    closed = services.close_case(world.oic, decision)
    world.case.refresh_from_db()
    assert closed.state == Decision.State.APPLIED
    assert world.case.status == CaseStatus.CLOSED
    duty = Duty.objects.get(case=world.case, kind=DutyKind.NOT_CHARGED)
    assert duty.state == Duty.State.OPEN
    assert duty.enhanced
    assert duty.working_days == 1
    letter = DecisionLetter.objects.get(decision=decision)
    assert letter.update is not None
    assert list(letter.update.duties.all()) == [duty]
    assert letter.update.message_id is not None
    assert OutboxMessage.objects.get(pk=letter.update.message_id).channel == "letter"
    # No right to review: no suspect was interviewed; the letter says why.
    right = ReviewRight.objects.get(decision=decision)
    assert not right.eligible
    assert "interviewed under caution" in right.reasons
    assert "does not cover this decision" in letter.letter.text


def test_delivering_the_letter_meets_the_duty(world: World, clock: time_machine.Traveller) -> None:
    h.ready_evidence(world.oic, world.case, [world.victim])
    decision = h.take_to_close(world.oic, world.supervisor, world.case, h.close_decision(world.oic, world.case, "18"))
    letter = decision.letters.get()
    clock.move_to(h.london("2026-12-07 15:00"))
    services.record_delivery(world.oic, letter, "read_by_interpreter", h.london("2026-12-07 14:00"))
    duty = Duty.objects.get(case=world.case, kind=DutyKind.NOT_CHARGED)
    assert duty.state == Duty.State.MET


def test_closing_stops_the_contact_plan_and_reopening_restarts_it_and_owes_word(world: World) -> None:
    plans.set_contact_plan(world.oic, world.case, plans.NewPlan(world.victim, 14, "phone", "lv"))
    h.ready_evidence(world.oic, world.case, [world.victim])
    h.take_to_close(world.oic, world.supervisor, world.case, h.close_decision(world.oic, world.case, "18"))
    assert not ContactPlan.objects.filter(case=world.case, superseded_at__isnull=True).exists()
    assert not Duty.objects.filter(case=world.case, kind=DutyKind.PLAN_UPDATE, state=Duty.State.OPEN).exists()
    from lantern.decisions import reviews

    world.case.refresh_from_db()
    reviews.reopen(world.oic, world.case, "A new witness came forward")
    world.case.refresh_from_db()
    assert world.case.status == CaseStatus.INVESTIGATING
    plan = ContactPlan.objects.get(case=world.case, superseded_at__isnull=True)
    assert (plan.interval_days, plan.channel, plan.language) == (14, "phone", "lv")
    assert Duty.objects.filter(case=world.case, kind=DutyKind.PLAN_UPDATE, state=Duty.State.OPEN).count() == 1
    assert Duty.objects.filter(case=world.case, kind=DutyKind.CASE_REOPENED, state=Duty.State.OPEN).count() == 1
    assert Decision.objects.get(case=world.case, kind="close").state == Decision.State.REOPENED


def test_the_officer_in_charge_cannot_sign_off_their_own_case(world: World) -> None:
    boss = user(Role.SUPERVISOR, world.wmp, rank=Rank.DI)
    case = new_case(boss, "20/000777/26")
    h.answer_checklist(boss, case)
    decision = services.propose(boss, case, h.close_decision(boss, case, "18"))
    with pytest.raises(ValidationError) as refused:
        services.sign_off(boss, decision, agreed=True, note="")
    assert "officer in charge cannot sign off" in messages_of(refused.value)["agreed"][0]
    with pytest.raises(AccessDenied):
        services.sign_off(world.colleague, decision, agreed=True, note="")


def test_a_victim_not_spoken_to_needs_a_supervisors_agreement_not_the_officer_in_charges(world: World) -> None:
    h.answer_checklist(world.oic, world.case)
    h.credibility_not_a_factor(world.oic, world.case, world.victim)
    account = services.record_account(
        world.oic,
        world.case,
        services.NewAccount(world.victim, False, reason="not_traced", reason_text="Three visits to the last address."),
    )
    gate = rules.closure_gate(facts.gate_facts(world.case), h.today())
    assert f"agreement:{world.victim.pk}" in gate.keys
    with pytest.raises(AccessDenied):
        services.agree_not_spoken_to(world.oic, account, "Fine")
    services.agree_not_spoken_to(world.supervisor, account, "All reasonable attempts made; the victim left the area.")
    gate = rules.closure_gate(facts.gate_facts(world.case), h.today())
    assert not any(k.startswith("agreement") or k.startswith("account") for k in gate.keys)


def test_credibility_judged_without_trauma_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.record_credibility(world.oic, world.case, world.victim, True, [], "")
    assert "effects of trauma" in messages_of(refused.value)["trauma_factors"][0]
    with pytest.raises(ValidationError) as refused:
        services.record_credibility(world.oic, world.case, world.victim, True, ["inconsistency"], "Not credible")
    assert "how_considered" in messages_of(refused.value)


@pytest.mark.parametrize(
    ("code", "suspect", "field", "words"),
    [
        ("99", False, "lines", "There is no Home Office outcome"),
        ("0", False, "lines", "There is no Home Office outcome"),
        ("1", True, "lines", "does not close a case"),
        ("18", True, "lines", "do not name a suspect"),
        ("15", False, "lines", "needs a named suspect"),
        ("9", True, "lines", "decision of the CPS"),
        ("6", True, "lines", "not available for a modern slavery offence"),
    ],
)
def test_an_outcome_that_does_not_exist_or_does_not_fit_is_refused_on_its_field(
    world: World, code: str, suspect: bool, field: str, words: str
) -> None:
    offence = h.offence(world.oic, world.case)
    data = h.close_decision(
        world.oic, world.case, code, offence_obj=offence, suspect=world.suspect if suspect else None
    )
    with pytest.raises(ValidationError) as refused:
        services.propose(world.oic, world.case, data)
    assert words in messages_of(refused.value)[field][0]
    assert not Decision.objects.exists()


def test_a_charge_outcome_on_a_case_with_no_suspect_says_to_add_one(world: World) -> None:
    case = new_case(world.oic, "20/000888/26")
    data = h.close_decision(world.oic, case, "1", kind=Decision.Kind.CHARGE)
    with pytest.raises(ValidationError) as refused:
        services.propose(world.oic, case, data)
    assert "this case has no suspect" in messages_of(refused.value)["lines"][0]


def test_a_decision_without_reasons_is_refused_so_no_letter_can_lack_them(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.propose(world.oic, world.case, h.close_decision(world.oic, world.case, "18", reasons="  "))
    assert "reasons" in messages_of(refused.value)


def test_a_correction_is_a_new_linked_decision_and_the_old_one_is_kept(world: World) -> None:
    first = services.propose(world.oic, world.case, h.close_decision(world.oic, world.case, "18"))
    with pytest.raises(ValidationError):
        services.correct(world.oic, first, h.close_decision(world.oic, world.case, "14"), "  ")
    second = services.correct(
        world.oic, first, h.close_decision(world.oic, world.case, "14"), "The victim said she does not support action"
    )
    first.refresh_from_db()
    assert first.state == Decision.State.SUPERSEDED
    assert first.lines.get().code.code == "18"
    assert second.corrects == first
    assert second.lines.get().code.code == "14"


def test_the_status_cannot_be_set_to_closed_outside_the_decision_flow(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        case_services.edit_case(
            world.oic, world.case, expected_version=world.case.version, summary="x", status=CaseStatus.CLOSED
        )
    assert "Decisions page" in messages_of(refused.value)["status"][0]


def test_the_cases_service_closes_a_case_only_by_a_closing_decision_in_effect(world: World) -> None:
    h.ready_evidence(world.oic, world.case, [world.victim])
    decision = services.propose(world.oic, world.case, h.close_decision(world.oic, world.case, "18"))
    version = world.case.version
    with pytest.raises(ValidationError) as refused:  # proposed, not in effect
        case_services.close_case(world.oic, world.case, "Closed", by_decision=decision)
    assert "status" in messages_of(refused.value)
    with pytest.raises(ValidationError):  # no way round the decision flow
        case_services.change_status(world.oic, world.case, CaseStatus.CLOSED, "Closed")
    world.case.refresh_from_db()
    assert world.case.status != CaseStatus.CLOSED
    assert world.case.version == version
    services.sign_off(world.supervisor, decision, agreed=True, note="")
    decision.refresh_from_db()
    services.make_letters(world.oic, decision)
    services.close_case(world.oic, decision)
    world.case.refresh_from_db()
    assert world.case.status == CaseStatus.CLOSED
    assert world.case.version == version + 1
    assert world.case.timeline.filter(kind="status_changed", summary__startswith="Status changed to Closed").exists()
    with pytest.raises(ValidationError):  # a closing decision does not reopen
        case_services.reopen_case(world.oic, world.case, "Reopened", by_decision=decision)
