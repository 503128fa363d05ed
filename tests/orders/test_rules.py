"""The pure rules of orders at their boundaries: minimum durations, the 3-day notification clock
(calendar days: weekends, bank holidays and clock changes do not move it), prohibitions inside
the order, the protected period for discharge."""

from __future__ import annotations

import datetime as dt

import pytest

from lantern.core.clock import london_day
from lantern.orders import rules

STPO = rules.Limits(5, 5, 5, 3, 3, False, "MSA 2015 s17", "MSA 2015 s20")
STRO = rules.Limits(2, None, 5, 3, 3, False, "MSA 2015 s24")
INTERIM = rules.Limits(None, None, 5, 3, 3, True, "MSA 2015 s21")
D = dt.date


@pytest.mark.parametrize(
    ("limits", "made", "ends", "refused"),
    [
        (STPO, D(2026, 3, 2), D(2031, 3, 2), False),  # exactly 5 years
        (STPO, D(2026, 3, 2), D(2031, 3, 1), True),  # a day short
        (STPO, D(2026, 3, 2), None, False),  # until further order
        (STRO, D(2026, 3, 2), D(2028, 3, 2), False),  # exactly 2 years
        (STRO, D(2026, 3, 2), D(2028, 3, 1), True),
        (STPO, D(2028, 2, 29), D(2033, 2, 28), False),  # leap day: 5 years on is 28 February
        (STPO, D(2028, 2, 29), D(2033, 2, 27), True),
        (INTERIM, D(2026, 3, 2), D(2026, 3, 30), False),  # no minimum, fixed period
        (INTERIM, D(2026, 3, 2), None, True),  # an interim order needs an end date
        (STPO, D(2026, 3, 2), D(2026, 3, 2), True),  # ends the day it starts
        (STRO, D(2026, 3, 2), D(2026, 3, 1), True),  # ends before it starts
    ],
)
def test_minimum_duration(limits: rules.Limits, made: dt.date, ends: dt.date | None, refused: bool) -> None:
    errors = rules.order_date_errors(limits, made, ends)
    assert ("ends_on" in errors) is refused, errors


def test_minimum_message_names_the_day_and_section() -> None:
    message = rules.order_date_errors(STPO, D(2026, 3, 2), D(2030, 1, 1))["ends_on"]
    assert "02 March 2031" in message
    assert "s17" in message


@pytest.mark.parametrize(
    ("event", "due"),
    [
        (D(2026, 11, 2), D(2026, 11, 5)),  # Monday: due Thursday
        (D(2026, 11, 6), D(2026, 11, 9)),  # Friday: the weekend counts, due Monday
        (D(2026, 11, 7), D(2026, 11, 10)),  # Saturday
        (D(2026, 12, 24), D(2026, 12, 27)),  # over Christmas and Boxing Day: calendar days
        (D(2027, 3, 26), D(2027, 3, 29)),  # Good Friday 2027: bank holidays count too
        (D(2026, 2, 27), D(2026, 3, 2)),  # across the end of February
        (D(2028, 2, 27), D(2028, 3, 1)),  # a leap year
    ],
)
def test_notification_clock_counts_calendar_days(event: dt.date, due: dt.date) -> None:
    assert rules.notification_due(event, 3) == due


def test_counting_the_day_of_service_is_a_setting() -> None:
    assert rules.notification_due(D(2026, 11, 2), 3, count_event_day=True) == D(2026, 11, 4)


def test_clock_change_does_not_move_the_day() -> None:
    # Served at 00:30 London time on the day the clocks go back (25 October 2026): 23:30 UTC the
    # day before. The day of service is the London day.
    served = dt.datetime(2026, 10, 24, 23, 30, tzinfo=dt.UTC)
    assert london_day(served) == D(2026, 10, 25)
    assert rules.notification_due(london_day(served), 3) == D(2026, 10, 28)
    # In BST (before the change) 23:30 UTC is already the next London day.
    summer = dt.datetime(2026, 3, 29, 23, 30, tzinfo=dt.UTC)
    assert rules.notification_due(london_day(summer), 3) == D(2026, 4, 2)


def test_notification_dates() -> None:
    made, today = D(2026, 3, 2), D(2026, 11, 30)
    assert "notified_on" in rules.notification_date_errors(made, D(2026, 3, 1), today)
    assert rules.notification_date_errors(made, D(2026, 3, 2), today) == {}
    assert "notified_on" in rules.notification_date_errors(made, D(2026, 12, 1), today)
    assert "changed_on" in rules.notification_date_errors(made, D(2026, 5, 1), today, changed_on=D(2026, 5, 2))
    assert "changed_on" in rules.notification_date_errors(made, D(2026, 5, 1), today, changed_on=D(2026, 3, 1))


@pytest.mark.parametrize(
    ("starts", "ends", "field"),
    [
        (None, D(2031, 3, 2), None),  # ends with the order
        (None, D(2031, 3, 3), "ends_on"),  # a day after the order
        (D(2026, 3, 1), None, "starts_on"),  # a day before the order
        (D(2026, 3, 2), D(2026, 3, 2), None),
        (D(2026, 6, 1), D(2026, 5, 31), "ends_on"),
    ],
)
def test_prohibition_inside_the_order(starts: dt.date | None, ends: dt.date | None, field: str | None) -> None:
    errors = rules.prohibition_date_errors(D(2026, 3, 2), D(2031, 3, 2), starts, ends)
    assert (field in errors) if field else errors == {}


def test_prohibition_of_an_order_until_further_order_has_no_upper_limit() -> None:
    assert rules.prohibition_date_errors(D(2026, 3, 2), None, None, D(2050, 1, 1)) == {}


def test_travel_prohibition_at_most_5_years() -> None:
    assert rules.travel_errors(STPO, D(2026, 3, 2), D(2031, 3, 2)) == {}
    assert "travel_ends_on" in rules.travel_errors(STPO, D(2026, 3, 2), D(2031, 3, 3))
    assert "travel_ends_on" in rules.travel_errors(STPO, D(2026, 3, 2), None)


@pytest.mark.parametrize(
    ("decided", "defendant", "chief", "travel_only", "missing"),
    [
        (D(2031, 3, 1), False, False, False, {"defendant_consent", "chief_officer_consent"}),  # a day inside
        (D(2031, 3, 1), True, False, False, {"chief_officer_consent"}),
        (D(2031, 3, 1), True, True, False, set()),  # both consent
        (D(2031, 3, 2), False, False, False, set()),  # 5 years on: no consent needed
        (D(2027, 1, 1), False, False, True, set()),  # a travel-only order
    ],
)
def test_stpo_discharge_protected_period(
    decided: dt.date, defendant: bool, chief: bool, travel_only: bool, missing: set[str]
) -> None:
    errors = rules.discharge_errors(
        STPO, D(2026, 3, 2), decided, defendant_consent=defendant, chief_officer_consent=chief, travel_only=travel_only
    )
    assert set(errors) == missing


def test_stro_has_no_protected_period() -> None:
    assert (
        rules.discharge_errors(
            STRO, D(2026, 3, 2), D(2026, 4, 1), defendant_consent=False, chief_officer_consent=False, travel_only=False
        )
        == {}
    )


def test_expiry_window_and_in_force() -> None:
    today = D(2026, 11, 30)
    assert rules.expires_within(D(2027, 2, 28), today, 90)
    assert not rules.expires_within(D(2027, 3, 1), today, 90)
    assert not rules.expires_within(None, today, 90)
    assert rules.in_force("granted", D(2026, 1, 1), None, today)
    assert not rules.in_force("granted", D(2026, 1, 1), D(2026, 11, 29), today)
    assert rules.add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
