"""The decision rules at their boundaries, and Hypothesis properties where rules compose: the
closure gate (supplying anything missing never makes a case harder to close) and eligibility
for the Victims' Right to Review (an exclusion never creates a right)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lantern.decisions import review_rules, rules
from lantern.decisions.review_rules import ReviewFacts, ReviewLine, add_months, review_window_closes_on
from lantern.decisions.rules import (
    AccountFact,
    AnswerFact,
    CredibilityFact,
    DecisionFact,
    GateFacts,
    Officer,
    OutcomeCodeRow,
    VictimFact,
    closure_gate,
)

LONDON = ZoneInfo("Europe/London")
TODAY = dt.date(2026, 12, 7)

# --- The 3-month window: calendar months, at month ends -------------------------------------------


@pytest.mark.parametrize(
    ("told", "closes"),
    [
        (dt.date(2027, 1, 15), dt.date(2027, 4, 15)),
        (dt.date(2027, 1, 31), dt.date(2027, 4, 30)),  # April has 30 days
        (dt.date(2026, 11, 30), dt.date(2027, 2, 28)),  # a common year
        (dt.date(2027, 11, 30), dt.date(2028, 2, 29)),  # a leap year
        (dt.date(2026, 12, 31), dt.date(2027, 3, 31)),
        (dt.date(2026, 10, 31), dt.date(2027, 1, 31)),  # across the year end
    ],
)
def test_the_window_to_ask_for_a_review_is_three_calendar_months(told: dt.date, closes: dt.date) -> None:
    assert review_window_closes_on(told) == closes


def test_a_request_on_the_last_day_is_in_time_and_the_next_day_is_late() -> None:
    told = dt.date(2027, 1, 31)
    assert review_rules.request_in_time(dt.date(2027, 4, 30), told)
    assert not review_rules.request_in_time(dt.date(2027, 5, 1), told)
    assert review_rules.request_in_time(dt.date(2027, 1, 20), None)  # asked before being told


def test_a_summary_only_offence_also_closes_six_months_after_the_incident() -> None:
    assert review_window_closes_on(dt.date(2027, 1, 31), dt.date(2026, 8, 31)) == dt.date(2027, 2, 28)
    assert review_window_closes_on(dt.date(2027, 1, 31), dt.date(2026, 12, 1)) == dt.date(2027, 4, 30)


@given(st.dates(dt.date(2015, 1, 1), dt.date(2040, 12, 31)), st.integers(0, 24))
def test_adding_months_never_goes_back_and_lands_in_the_right_month(day: dt.date, months: int) -> None:
    later = add_months(day, months)
    assert later >= day
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day == day.day or later.day < day.day  # clamped only at a month's end


# --- The 10 and 30 working-day limits: the Code data with the working calendar ------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("event_at", "kind", "due"),
    [
        # Received Friday 18 December 2026: Christmas, Boxing Day's substitute (28th) and New Year's Day.
        ("2026-12-18T10:00:00+00:00", "review_acknowledge", dt.date(2027, 1, 6)),
        ("2026-12-18T10:00:00+00:00", "review_outcome", dt.date(2027, 2, 3)),
        # Received Thursday 25 March 2027: Good Friday, Easter Monday and then the May bank holiday.
        ("2027-03-25T16:00:00+00:00", "review_acknowledge", dt.date(2027, 4, 12)),
        ("2027-03-25T16:00:00+00:00", "review_outcome", dt.date(2027, 5, 11)),
        # 23:30 UTC on Thursday 22 October 2026 is 00:30 on Friday in London (BST): a Friday event.
        ("2026-10-22T23:30:00+00:00", "review_acknowledge", dt.date(2026, 11, 6)),
        # The same time a week later, after the clocks went back (GMT), is still Thursday.
        ("2026-10-29T23:30:00+00:00", "review_acknowledge", dt.date(2026, 11, 12)),
    ],
)
def test_review_limits_count_working_days_across_holidays_and_the_clock_change(
    event_at: str, kind: str, due: dt.date
) -> None:
    from lantern.victims_code import rules as code_rules
    from lantern.victims_code.code import load_code, working_calendar

    moment = dt.datetime.fromisoformat(event_at)
    code = load_code()
    version = code_rules.version_in_force(code.versions, moment.astimezone(LONDON).date())
    for enhanced in (False, True):  # the VRR limits are the same with enhanced rights
        deadline = code_rules.deadline(code.rules, version, kind, moment, enhanced, working_calendar())
        assert deadline.due_on == due


# --- Eligibility for the Victims' Right to Review ------------------------------------------------------

NFA = OutcomeCodeRow("15", "Evidential difficulties, victim supports", "required", vrr_qualifying=True)
NO_SUSPECT = OutcomeCodeRow("18", "No suspect identified", "none")
WITHDREW = OutcomeCodeRow("16", "Victim does not support", "required", victim_withdrew_support=True)
CAUTION = OutcomeCodeRow("3", "Caution", "required", out_of_court=True)
CHARGE = OutcomeCodeRow("1", "Charged", "required", ends_without_charge=False, charge=True)
PUBLIC_INTEREST = OutcomeCodeRow("10", "Not in the public interest (police)", "required", vrr_qualifying=True)


def facts(*lines: ReviewLine, on: dt.date = TODAY, cps: bool = False, **extra: bool) -> ReviewFacts:
    return ReviewFacts(on, cps, tuple(lines), **extra)


def test_a_police_decision_not_to_proceed_after_an_interview_under_caution_is_reviewable() -> None:
    result = review_rules.review_eligibility(facts(ReviewLine(NFA, True)))
    assert result.scheme == "police"


@pytest.mark.parametrize(
    ("case", "why"),
    [
        (facts(ReviewLine(NFA, False)), "No suspect was interviewed under caution"),
        (facts(ReviewLine(NO_SUSPECT, False)), "No suspect was interviewed under caution"),
        (facts(ReviewLine(CAUTION, True)), "out-of-court disposal"),
        (facts(ReviewLine(WITHDREW, True)), "did not support further action"),
        (facts(ReviewLine(NFA, True), ReviewLine(CHARGE, True)), "charged"),
        (facts(ReviewLine(NFA, True), on=dt.date(2015, 3, 31)), "from 1 April 2015"),
        (facts(ReviewLine(NFA, True), offences_notifiable=False), "notifiable offences"),
    ],
)
def test_decisions_the_police_scheme_does_not_cover_say_why(case: ReviewFacts, why: str) -> None:
    result = review_rules.review_eligibility(case)
    assert result.scheme == "none"
    assert any(why in reason for reason in result.reasons)


def test_where_the_cps_decided_the_cps_scheme_applies_instead() -> None:
    assert review_rules.review_eligibility(facts(ReviewLine(NFA, True), cps=True)).scheme == "cps"
    assert review_rules.review_eligibility(facts(ReviewLine(NFA, False), cps=True)).scheme == "cps"
    assert (
        review_rules.review_eligibility(facts(ReviewLine(NFA, True), cps=True, on=dt.date(2013, 6, 4))).scheme == "none"
    )


def test_the_first_day_of_the_police_scheme_is_covered() -> None:
    assert review_rules.review_eligibility(facts(ReviewLine(NFA, True), on=dt.date(2015, 4, 1))).eligible


CODES = [NFA, NO_SUSPECT, WITHDREW, CAUTION, CHARGE, PUBLIC_INTEREST]
review_lines = st.lists(st.builds(ReviewLine, st.sampled_from(CODES), st.booleans()), min_size=1, max_size=4)
review_facts = st.builds(
    ReviewFacts,
    st.dates(dt.date(2012, 1, 1), dt.date(2030, 12, 31)),
    st.booleans(),
    review_lines.map(tuple),
    st.booleans(),
    st.booleans(),
)


@given(review_facts)
def test_without_an_interview_under_caution_there_is_never_a_police_review(f: ReviewFacts) -> None:
    no_interview = dataclasses.replace(f, lines=tuple(ReviewLine(line.code, False) for line in f.lines))
    assert review_rules.review_eligibility(no_interview).scheme != "police"


@given(review_facts)
def test_a_cps_decision_never_gets_the_police_scheme_and_a_police_one_never_the_cps_scheme(f: ReviewFacts) -> None:
    scheme = review_rules.review_eligibility(f).scheme
    assert scheme in (("cps", "none") if f.decided_by_cps else ("police", "none"))


@given(review_facts, st.sampled_from(["charged", "not_notifiable", "out_of_court", "withdrew", "before_2015"]))
def test_adding_an_exclusion_never_creates_a_right_to_review(f: ReviewFacts, exclusion: str) -> None:
    excluded = {
        "charged": dataclasses.replace(f, some_suspects_charged=True),
        "not_notifiable": dataclasses.replace(f, offences_notifiable=False),
        "out_of_court": dataclasses.replace(f, lines=(*f.lines, ReviewLine(CAUTION, True))),
        "withdrew": dataclasses.replace(f, lines=(*f.lines, ReviewLine(WITHDREW, True))),
        "before_2015": dataclasses.replace(f, decided_on=min(f.decided_on, dt.date(2013, 1, 1))),
    }[exclusion]
    if review_rules.review_eligibility(excluded).scheme == "police":
        assert review_rules.review_eligibility(f).scheme == "police"


@given(review_facts)
def test_an_ineligible_decision_always_says_why(f: ReviewFacts) -> None:
    result = review_rules.review_eligibility(f)
    assert result.reasons
    assert all(reason.strip() for reason in result.reasons)


# --- The closure gate ------------------------------------------------------------------------------------

VALID_NOTE = "Checked with the intelligence unit: nothing."
answer_facts = st.builds(AnswerFact, st.sampled_from(list(rules.ANSWERS)), st.sampled_from(["", VALID_NOTE]))
account_facts = st.one_of(
    st.none(),
    st.builds(AccountFact, st.just(True)),
    st.builds(AccountFact, st.just(False), st.sampled_from(list(rules.NOT_TAKEN_REASONS)), st.booleans()),
)
credibility_facts = st.one_of(
    st.none(),
    st.builds(CredibilityFact, st.just(False)),
    st.builds(
        CredibilityFact,
        st.just(True),
        st.lists(st.sampled_from(list(rules.TRAUMA_FACTORS)), max_size=2).map(tuple),
        st.sampled_from(["", "Inconsistencies are expected after months of coercion and fear."]),
    ),
)
victim_facts = st.builds(
    VictimFact, st.integers(1, 1000), st.just("the victim"), account_facts, credibility_facts, st.booleans()
)
gate_facts = st.builds(
    GateFacts,
    st.dictionaries(st.sampled_from([i.code for i in rules.ENQUIRY_ITEMS]), answer_facts),
    st.integers(0, 2),
    st.booleans(),
    st.lists(victim_facts, max_size=3, unique_by=lambda v: v.victim_id).map(tuple),
    st.one_of(
        st.none(), st.builds(DecisionFact, st.sampled_from([TODAY, TODAY + dt.timedelta(days=1)]), st.booleans())
    ),
)


def supply(f: GateFacts, key: str) -> GateFacts:
    """The facts with one missing item supplied, as an officer or supervisor would."""
    kind, _, rest = key.partition(":")
    if kind == "enquiry":
        return dataclasses.replace(f, answers={**f.answers, rest: AnswerFact(rules.NOT_POSSIBLE, VALID_NOTE)})
    if kind == "decision":
        signed = f.decision.signed_off if f.decision else False
        return dataclasses.replace(f, decision=DecisionFact(TODAY, signed))
    if kind == "sign_off":
        return dataclasses.replace(f, decision=DecisionFact(f.decision.decided_on if f.decision else TODAY, True))
    victim_id = int(rest)

    def fix(v: VictimFact) -> VictimFact:
        if v.victim_id != victim_id:
            return v
        if kind == "account":
            return dataclasses.replace(v, account=AccountFact(True))
        if kind == "agreement":
            assert v.account is not None
            return dataclasses.replace(v, account=dataclasses.replace(v.account, supervisor_agreed=True))
        if kind in ("credibility", "trauma"):
            return dataclasses.replace(v, credibility=CredibilityFact(False))
        if kind == "letter":
            return dataclasses.replace(v, letter_made=True)
        raise AssertionError(key)

    return dataclasses.replace(f, victims=tuple(fix(v) for v in f.victims))


@settings(max_examples=300)
@given(gate_facts, st.data())
def test_supplying_a_missing_item_never_adds_another(f: GateFacts, data: st.DataObject) -> None:
    before = closure_gate(f, TODAY)
    if before.closable:
        return
    key = data.draw(st.sampled_from(sorted(before.keys)))
    after = closure_gate(supply(f, key), TODAY)
    assert after.keys <= before.keys - {key}


@given(gate_facts)
def test_supplying_everything_missing_makes_the_case_closable(f: GateFacts) -> None:
    for _ in range(60):
        gate = closure_gate(f, TODAY)
        if gate.closable:
            break
        f = supply(f, sorted(gate.keys)[0])
    assert closure_gate(f, TODAY).closable


@given(gate_facts)
def test_a_case_is_never_closable_without_every_victims_account_or_an_agreed_reason(f: GateFacts) -> None:
    if closure_gate(f, TODAY).closable:
        assert f.decision is not None
        assert f.decision.signed_off
        assert f.decision.decided_on <= TODAY
        for victim in f.victims:
            assert victim.account is not None
            assert victim.letter_made
            assert (
                victim.account.taken
                or victim.account.supervisor_agreed
                or not rules.needs_supervisor_agreement(victim.account.reason)
            )
            assert victim.credibility is not None


def test_the_interview_and_cps_advice_lines_are_answered_by_their_records() -> None:
    f = GateFacts(interviews_under_caution=1, early_advice_sought=True)
    keys = closure_gate(f, TODAY).keys
    assert "enquiry:suspect_interviewed" not in keys
    assert "enquiry:cps_early_advice" not in keys
    assert "enquiry:financial" in keys


def test_an_answer_without_a_reason_does_not_count() -> None:
    f = GateFacts(answers={"financial": AnswerFact(rules.NOT_POSSIBLE, "  ")})
    assert "enquiry:financial" in closure_gate(f, TODAY).keys
    assert rules.answer_problems("financial", rules.NOT_POSSIBLE, "") == {
        "note": "Say why: an answer of not applicable or not possible needs a reason."
    }
    assert "interview under caution" in rules.answer_problems("suspect_interviewed", rules.DONE, "yes")["answer"]


def test_a_decision_dated_tomorrow_is_missing() -> None:
    f = GateFacts(decision=DecisionFact(TODAY + dt.timedelta(days=1), True))
    assert "decision" in closure_gate(f, TODAY).keys
    assert "decision" not in closure_gate(f, TODAY + dt.timedelta(days=1)).keys


def test_ready_for_sign_off_means_only_the_sign_off_and_letters_are_missing() -> None:
    victim = VictimFact(1, "Ana", AccountFact(True), CredibilityFact(False), letter_made=False)
    answers = {i.code: AnswerFact(rules.NOT_APPLICABLE, VALID_NOTE) for i in rules.ENQUIRY_ITEMS}
    f = GateFacts(answers=answers, victims=(victim,), decision=DecisionFact(TODAY, False))
    gate = closure_gate(f, TODAY)
    assert gate.ready_for_sign_off
    assert gate.keys == {"sign_off", "letter:1"}


# --- Sign-off and review: who may ----------------------------------------------------------------------


def officer(pk: int, rank: str, role: str = "supervisor", force: int = 1) -> Officer:
    return Officer(pk, role, force, rank)


def test_sign_off_by_a_supervisor_of_the_force_who_is_not_the_officer_in_charge_or_decision_maker() -> None:
    assert rules.sign_off_problems(officer(3, "DI"), 1, officer_in_charge_id=1, decided_by_id=2) == []
    assert rules.sign_off_problems(officer(1, "DI"), 1, officer_in_charge_id=1, decided_by_id=2)
    assert rules.sign_off_problems(officer(2, "DI"), 1, officer_in_charge_id=1, decided_by_id=2)
    assert rules.sign_off_problems(officer(3, "DI", force=9), 1, officer_in_charge_id=1, decided_by_id=2)
    assert rules.sign_off_problems(officer(3, "DS", role="investigator"), 1, officer_in_charge_id=1, decided_by_id=2)


@pytest.mark.parametrize(
    ("reviewer_rank", "maker_ranks", "ok"),
    [
        ("DCI", ("DC", "DI"), True),
        ("DI", ("DC", "DI"), False),  # same rank as the supervisor who signed off
        ("CI", ("DC", "DI"), True),  # uniform and detective ranks count alike
        ("Insp", ("DS",), True),
        ("DS", ("PS",), False),
        ("", ("DC",), False),  # police staff
    ],
)
def test_a_reviewer_is_at_least_one_rank_above_every_decision_maker(
    reviewer_rank: str, maker_ranks: tuple[str, ...], ok: bool
) -> None:
    makers = [officer(10 + i, rank) for i, rank in enumerate(maker_ranks)]
    problems = review_rules.reviewer_problems(officer(1, reviewer_rank), 1, makers, involved_ids=[])
    assert (problems == []) == ok


def test_a_reviewer_involved_in_the_investigation_is_refused_whatever_their_rank() -> None:
    problems = review_rules.reviewer_problems(officer(1, "DSupt"), 1, [officer(2, "DC")], involved_ids=[1])
    assert any("took part" in p for p in problems)
