"""The Victims' Code rules (lantern.victims_code.rules): pure functions, no database."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lantern.victims_code import rules
from lantern.victims_code.models import Duty, DutyKind, EventKind
from lantern.victims_code.working_days import ENGLAND_AND_WALES as CAL

LONDON = ZoneInfo("Europe/London")
V2020 = rules.VersionRow(1, "2020", dt.date(2021, 4, 1))
V_NEW = rules.VersionRow(2, "2027", dt.date(2027, 6, 1))
RULES = [
    rules.RuleRow(10, 1, DutyKind.SUSPECT_ARRESTED, 5, 1),
    rules.RuleRow(20, 2, DutyKind.SUSPECT_ARRESTED, 3, 2),
]


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=LONDON)


# --- Versions and deadlines ------------------------------------------------------------------


def test_an_event_is_judged_by_the_code_in_force_on_its_day() -> None:
    versions = [V_NEW, V2020]
    assert rules.version_in_force(versions, dt.date(2027, 5, 31)) == V2020
    assert rules.version_in_force(versions, dt.date(2027, 6, 1)) == V_NEW
    assert rules.version_in_force(versions, dt.date(2019, 1, 1)) == V2020, "before the first version: the first"


def test_enhanced_rights_take_the_one_day_clock_and_a_new_code_its_own_figures() -> None:
    arrest = at("2027-05-27 15:00")  # Thursday
    assert rules.deadline(RULES, V2020, DutyKind.SUSPECT_ARRESTED, arrest, True, CAL).due_on == dt.date(2027, 5, 28)
    standard = rules.deadline(RULES, V2020, DutyKind.SUSPECT_ARRESTED, arrest, False, CAL)
    assert standard.due_on == dt.date(2027, 6, 4)
    assert standard.working_days == 5
    under_new = rules.deadline(RULES, V_NEW, DutyKind.SUSPECT_ARRESTED, arrest, True, CAL)
    assert under_new.working_days == 2
    assert under_new.rule_id == 20


def test_a_duty_with_no_deadline_in_the_version_is_an_error_not_a_guess() -> None:
    with pytest.raises(LookupError, match="no deadline"):
        rules.deadline(RULES, V2020, DutyKind.CHARGED, at("2027-01-05 10:00"), True, CAL)


def test_events_create_the_duty_to_tell_the_victim_and_a_new_crime_the_initial_duties() -> None:
    assert rules.duties_for_event(EventKind.SUSPECT_ARRESTED) == (DutyKind.SUSPECT_ARRESTED,)
    assert rules.duties_for_event(EventKind.OFFICER_CHANGED) == (DutyKind.OFFICER_CHANGED,)
    assert set(rules.duties_for_event(EventKind.CRIME_RECORDED)) == {
        DutyKind.WRITTEN_CONFIRMATION,
        DutyKind.NEEDS_ASSESSMENT,
        DutyKind.SUPPORT_REFERRAL,
        DutyKind.VPS_OFFER,
        DutyKind.AGREE_CONTACT_PLAN,
    }
    for kind in EventKind.values:  # every event the issue lists creates some duty
        assert rules.duties_for_event(kind)
    with pytest.raises(ValueError, match="unknown event kind"):
        rules.duties_for_event("cake")


# --- Enhanced rights -----------------------------------------------------------------------


def test_every_modern_slavery_victim_is_enhanced_by_default() -> None:
    result = rules.enhanced_rights(rules.VictimFacts(under_18_at_offence=False, modern_slavery_case=True))
    assert result.enhanced
    assert "default" in result.reason


def test_a_recorded_decision_downgrades_an_adult_and_gives_its_reason() -> None:
    facts = rules.VictimFacts(False, True, recorded_decision=False, recorded_reason="Victim declined enhanced service")
    result = rules.enhanced_rights(facts)
    assert not result.enhanced
    assert "Victim declined enhanced service" in result.reason


def test_under_18_at_the_offence_is_always_enhanced_whatever_was_recorded() -> None:
    facts = rules.VictimFacts(True, False, recorded_decision=False, recorded_reason="Thought to be an adult")
    assert rules.enhanced_rights(facts).enhanced


def test_outside_modern_slavery_only_a_decision_gives_enhanced_rights() -> None:
    assert not rules.enhanced_rights(rules.VictimFacts(None, False)).enhanced
    assert rules.enhanced_rights(
        rules.VictimFacts(None, False, recorded_decision=True, recorded_reason="Intimidated")
    ).enhanced


@pytest.mark.parametrize(
    ("dob", "age_max", "offence", "child_flag", "expected"),
    [
        (dt.date(2008, 6, 1), None, dt.date(2026, 5, 31), False, True),  # the day before the 18th birthday
        (dt.date(2008, 6, 1), None, dt.date(2026, 6, 1), False, False),  # on the 18th birthday
        (dt.date(2008, 2, 29), None, dt.date(2026, 2, 28), False, True),  # leap-day birthday
        (dt.date(2008, 2, 29), None, dt.date(2026, 3, 1), False, False),
        (None, 16, dt.date(2026, 1, 1), False, True),  # estimated under 18 when recorded
        (None, 30, dt.date(2026, 1, 1), False, None),  # an adult now, maybe not then: unknown
        (None, None, None, True, True),  # NRM says a child when exploited
    ],
)
def test_under_18_at_the_time_of_the_offence(
    dob: dt.date | None, age_max: int | None, offence: dt.date | None, child_flag: bool, expected: bool | None
) -> None:
    assert rules.under_18_at_offence(dob, age_max, offence, child_flag) is expected


def test_what_makes_a_case_a_modern_slavery_case() -> None:
    assert rules.is_modern_slavery_case(["msa_s2"], False, [])
    assert rules.is_modern_slavery_case(["other"], True, []), "an NRM referral linked"
    assert rules.is_modern_slavery_case(["other"], False, ["labour"]), "an exploitation type recorded"
    assert rules.is_modern_slavery_case([], False, []), "no offence recorded yet"
    assert not rules.is_modern_slavery_case(["other"], False, [])


# --- Meeting, overdue and escalation -------------------------------------------------------------


def test_met_on_the_due_day_late_evening_is_on_time_and_the_next_morning_is_late() -> None:
    due = dt.date(2026, 12, 29)
    assert rules.meeting(due, at("2026-12-29 23:59")) == rules.Meeting(Duty.State.MET, 0)
    assert rules.meeting(due, at("2026-12-30 00:01")) == rules.Meeting(Duty.State.MET_LATE, 1)
    assert rules.meeting(due, at("2027-01-05 09:00")) == rules.Meeting(Duty.State.MET_LATE, 7)


def test_display_state_of_an_open_duty_against_today() -> None:
    due = dt.date(2026, 12, 29)
    assert rules.display_state(Duty.State.OPEN, due, dt.date(2026, 12, 28)) == rules.DUE
    assert rules.display_state(Duty.State.OPEN, due, due) == rules.DUE_TODAY
    assert rules.display_state(Duty.State.OPEN, due, dt.date(2026, 12, 30)) == rules.OVERDUE
    assert rules.display_state(Duty.State.WAIVED, due, dt.date(2027, 1, 30)) == Duty.State.WAIVED


def test_an_update_cannot_meet_a_duty_that_arose_after_it() -> None:
    assert rules.can_meet(at("2026-11-02 10:00"), at("2026-11-02 10:00"))
    assert not rules.can_meet(at("2026-11-02 10:00"), at("2026-11-02 09:59"))
    assert rules.can_meet(at("2026-11-02 10:00:45"), at("2026-11-02 10:00")), "times are recorded to the minute"


def test_escalation_to_the_supervisor_then_the_lead_a_working_day_later_across_christmas() -> None:
    due = dt.date(2026, 12, 24)  # Thursday
    assert rules.escalation_level_due(due, dt.date(2026, 12, 24), CAL, 1) == 0
    assert rules.escalation_level_due(due, dt.date(2026, 12, 25), CAL, 1) == 1
    # The next working day after the 24th is Tuesday 29th: the lead hears on Wednesday 30th.
    assert rules.escalation_level_due(due, dt.date(2026, 12, 29), CAL, 1) == 1
    assert rules.escalation_level_due(due, dt.date(2026, 12, 30), CAL, 1) == 2


@settings(max_examples=300, deadline=None)
@given(
    due=st.dates(min_value=dt.date(2021, 1, 1), max_value=dt.date(2035, 12, 31)),
    gap=st.integers(min_value=0, max_value=40),
    k=st.integers(min_value=1, max_value=5),
)
def test_the_sweeps_cutoff_dates_agree_with_the_rule_for_one_duty(due: dt.date, gap: int, k: int) -> None:
    today = due + dt.timedelta(days=gap)
    cut = rules.escalation_cutoffs(today, CAL, k)
    expected = rules.escalation_level_due(due, today, CAL, k)
    by_cutoff = 2 if due < cut.lead_before else 1 if due < cut.supervisor_before else 0
    assert by_cutoff == expected


# --- Contact plans: "no news" is news ----------------------------------------------------------


def test_a_28_day_plan_with_nothing_happening_owes_an_update_every_28_days() -> None:
    agreed = dt.date(2026, 11, 2)  # Monday
    first = rules.next_plan_window(agreed, 28, None, agreed, CAL)
    assert first == rules.PlanWindow(agreed, dt.date(2026, 11, 30))
    latest = rules.PlanDutyRecord(first.starts_on, first.due_on, Duty.State.OPEN)
    assert rules.next_plan_window(agreed, 28, latest, dt.date(2026, 11, 30), CAL) is None, "not missed yet"
    second = rules.next_plan_window(agreed, 28, latest, dt.date(2026, 12, 1), CAL)
    # 28 days after 30 November is Monday 28 December, the Boxing Day substitute: the next working day.
    assert second == rules.PlanWindow(dt.date(2026, 11, 30), dt.date(2026, 12, 29))


def test_a_met_plan_update_starts_the_next_interval_from_the_day_the_victim_was_told() -> None:
    latest = rules.PlanDutyRecord(
        dt.date(2026, 11, 2), dt.date(2026, 11, 30), Duty.State.MET, closed_on=dt.date(2026, 11, 20)
    )
    window = rules.next_plan_window(dt.date(2026, 11, 2), 14, latest, dt.date(2026, 11, 20), CAL)
    assert window == rules.PlanWindow(dt.date(2026, 11, 20), dt.date(2026, 12, 4))


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=dt.date(2021, 1, 1), max_value=dt.date(2035, 12, 31)),
    interval=st.integers(min_value=1, max_value=120),
)
def test_a_plan_update_is_due_on_the_first_working_day_from_the_interval(start: dt.date, interval: int) -> None:
    due = rules.plan_due_on(start, interval, CAL)
    target = start + dt.timedelta(days=interval)
    assert CAL.is_working_day(due)
    assert target <= due <= target + dt.timedelta(days=4), "at most a long weekend and two holidays later"
    assert all(not CAL.is_working_day(target + dt.timedelta(days=n)) for n in range((due - target).days))


# --- Update times, languages, medians ----------------------------------------------------------------


def test_an_update_in_the_future_or_before_the_report_is_refused_with_a_reason() -> None:
    reported, now = at("2026-11-02 10:00"), at("2026-11-10 12:00")
    assert rules.update_problems(at("2026-11-10 12:01"), now, reported) == {
        "given_at": "The update cannot be in the future."
    }
    problem = rules.update_problems(at("2026-11-01 10:00"), now, reported)["given_at"]
    assert "before the crime was reported" in problem
    assert "2 November 2026" in problem
    assert rules.update_problems(at("2026-11-05 10:00"), now, reported) == {}


def test_days_since_the_victim_was_last_told_counts_london_days() -> None:
    assert rules.days_since(None, at("2026-11-10 12:00")) is None
    assert rules.days_since(at("2026-11-09 23:50"), at("2026-11-10 00:10")) == 1
    assert rules.days_since(at("2026-10-10 12:00"), at("2026-11-10 12:00")) == 31


def test_a_letter_is_in_the_victims_language_only_where_a_translation_is_held() -> None:
    assert rules.letter_language("ti", {"en", "ti", "ar"}) == ("ti", False)
    assert rules.letter_language("lv", {"en", "ti"}) == ("en", True)
    assert rules.letter_language("en", {"en"}) == ("en", False)


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=60))
def test_median_from_grouped_counts_equals_the_median_of_the_values(values: list[int]) -> None:
    import statistics
    from collections import Counter

    assert rules.median_from_counts(Counter(values)) == statistics.median(values)
    assert rules.median_from_counts({}) is None
