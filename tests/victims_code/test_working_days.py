"""The working-day clock: N working days after the London calendar day of the event, weekends and
England and Wales bank holidays (substitute days included) excluded. Boundaries at Christmas 2026,
Easter 2027, both clock changes, late on a Friday; and properties over any date and time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lantern.victims_code.working_days import ENGLAND_AND_WALES, WorkingCalendar, due_on, end_of_day, london_day

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC
CAL = ENGLAND_AND_WALES


def at(text: str, tz: dt.tzinfo = LONDON) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=tz)


@pytest.mark.parametrize(
    ("event", "days", "expected", "why"),
    [
        # Christmas 2026: Fri 25 Dec, Boxing Day on Sat 26 is substituted by Mon 28 Dec; Fri 1 Jan.
        ("2026-12-24 10:00", 1, "2026-12-29", "Christmas Day, the weekend and the Boxing Day substitute skipped"),
        ("2026-12-24 10:00", 5, "2027-01-05", "29, 30, 31 December, then New Year's Day skipped, 4 and 5 January"),
        ("2026-12-25 14:00", 1, "2026-12-29", "an event on Christmas Day itself"),
        ("2026-12-28 09:00", 1, "2026-12-29", "an event on the substitute day"),
        ("2026-12-23 16:00", 2, "2026-12-29", "24 December counts, 25 to 28 do not"),
        # Easter 2027: Good Friday 26 March, Easter Monday 29 March.
        ("2027-03-25 12:00", 1, "2027-03-30", "Good Friday, the weekend and Easter Monday skipped"),
        ("2027-03-25 12:00", 5, "2027-04-05", "30, 31 March, 1, 2 and 5 April"),
        ("2027-03-29 08:00", 1, "2027-03-30", "an event on Easter Monday"),
        # British Summer Time ends on Sunday 25 October 2026 (02:00 BST becomes 01:00 GMT).
        ("2026-10-23 23:30", 1, "2026-10-26", "23:30 on a Friday in BST is still Friday"),
        ("2026-10-23 23:30", 5, "2026-10-30", "a week across the clock change"),
        ("2026-10-25 01:30", 1, "2026-10-26", "the repeated hour of the clock change is a Sunday"),
        ("2026-10-30 23:30", 1, "2026-11-02", "23:30 on a Friday in GMT"),
        # British Summer Time begins on Sunday 28 March 2027 (01:00 GMT becomes 02:00 BST), the day
        # before Easter Monday.
        ("2027-03-27 23:30", 1, "2027-03-30", "Saturday night before the clocks go forward and Easter Monday"),
        ("2027-03-28 03:00", 1, "2027-03-30", "the morning the clocks went forward"),
        # An ordinary week, and the May bank holidays of 2027.
        ("2026-11-16 09:00", 1, "2026-11-17", "Monday to Tuesday"),
        ("2026-11-20 17:00", 1, "2026-11-23", "Friday to Monday"),
        ("2027-04-30 12:00", 1, "2027-05-04", "May Day, Monday 3 May 2027, skipped"),
    ],
)
def test_deadline_at_the_boundaries(event: str, days: int, expected: str, why: str) -> None:
    assert due_on(CAL, at(event), days) == dt.date.fromisoformat(expected), why


def test_the_calendar_day_is_read_in_london_not_utc() -> None:
    # 00:30 BST on Monday 19 October 2026 is 23:30 UTC on Sunday: the event is a Monday event.
    moment = at("2026-10-18 23:30", UTC)
    assert london_day(moment) == dt.date(2026, 10, 19)
    assert due_on(CAL, moment, 1) == dt.date(2026, 10, 20)
    # The same instant read as UTC would have been due on the Monday, a day early.
    assert CAL.add_working_days(moment.date(), 1) == dt.date(2026, 10, 19)


def test_a_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        london_day(dt.datetime(2026, 12, 24, 10, 0))  # noqa: DTZ001 - the point of the test


def test_bank_holidays_of_england_and_wales_2026_and_2027() -> None:
    def holidays_in(year: int) -> list[dt.date]:
        return [
            d
            for d in (dt.date(year, 1, 1) + dt.timedelta(n) for n in range(366))
            if d.year == year and CAL.is_bank_holiday(d)
        ]

    assert [d.isoformat() for d in holidays_in(2026)] == [
        "2026-01-01",
        "2026-04-03",
        "2026-04-06",
        "2026-05-04",
        "2026-05-25",
        "2026-08-31",
        "2026-12-25",
        "2026-12-28",
    ]
    assert [d.isoformat() for d in holidays_in(2027)] == [
        "2027-01-01",
        "2027-03-26",
        "2027-03-29",
        "2027-05-03",
        "2027-05-31",
        "2027-08-30",
        "2027-12-27",
        "2027-12-28",
    ]


def test_an_extra_bank_holiday_from_settings_is_not_a_working_day() -> None:
    extra = WorkingCalendar(extra_holidays=frozenset({dt.date(2026, 11, 17)}))
    assert due_on(extra, at("2026-11-16 09:00"), 1) == dt.date(2026, 11, 18)


def test_end_of_day_is_the_last_moment_of_the_london_day_in_either_season() -> None:
    assert end_of_day(dt.date(2026, 10, 23)).astimezone(UTC).hour == 22  # BST
    assert end_of_day(dt.date(2026, 10, 26)).astimezone(UTC).hour == 23  # GMT


# --- Properties -----------------------------------------------------------------------------

_ORACLE_HOLIDAYS = holidays.country_holidays("GB", subdiv="ENG", years=range(2019, 2040))


def oracle_working_days_between(start: dt.date, end: dt.date) -> int:
    """Count working days in (start, end] straight from the holidays package (an independent
    implementation of the same rule)."""
    return sum(
        1
        for n in range(1, (end - start).days + 1)
        if (d := start + dt.timedelta(days=n)).weekday() < 5 and d not in _ORACLE_HOLIDAYS
    )


moments = st.datetimes(
    min_value=dt.datetime(2020, 1, 1),
    max_value=dt.datetime(2037, 12, 31),
    timezones=st.just(LONDON),
    allow_imaginary=False,
)
utc_moments = st.datetimes(
    min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2037, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=400, deadline=None)
@given(moment=st.one_of(moments, utc_moments), days=st.integers(min_value=1, max_value=30))
def test_due_day_is_the_nth_working_day_after_the_london_day(moment: dt.datetime, days: int) -> None:
    day = london_day(moment)
    due = due_on(CAL, moment, days)
    assert due > day
    assert due.weekday() < 5, "a duty falls due on a working day"
    assert due not in _ORACLE_HOLIDAYS, "a duty falls due on a working day"
    assert oracle_working_days_between(day, due) == days, "exactly N working days after the event's day"


@settings(max_examples=300, deadline=None)
@given(moment=moments, days=st.integers(min_value=1, max_value=20), minutes=st.integers(min_value=0, max_value=10_000))
def test_later_events_and_longer_limits_never_fall_due_earlier(moment: dt.datetime, days: int, minutes: int) -> None:
    later = moment + dt.timedelta(minutes=minutes)
    assert due_on(CAL, later, days) >= due_on(CAL, moment, days)
    assert due_on(CAL, moment, days + 1) > due_on(CAL, moment, days)


@settings(max_examples=300, deadline=None)
@given(day=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2037, 12, 31)), data=st.data())
def test_any_moment_of_the_same_london_day_gives_the_same_deadline(day: dt.date, data: st.DataObject) -> None:
    first = data.draw(st.times(), label="first")
    second = data.draw(st.times(), label="second")
    a = dt.datetime.combine(day, first, tzinfo=LONDON)
    b = dt.datetime.combine(day, second, tzinfo=LONDON)
    assert due_on(CAL, a, 1) == due_on(CAL, b, 1)


@settings(max_examples=300, deadline=None)
@given(day=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2037, 12, 31)))
def test_previous_and_next_working_days_are_neighbours(day: dt.date) -> None:
    before, after = CAL.previous_working_day(day), CAL.next_working_day(day)
    assert before < day < after
    assert oracle_working_days_between(before, after) == (2 if CAL.is_working_day(day) else 1)
    assert CAL.add_working_days(day, 0) == (day if CAL.is_working_day(day) else after)
