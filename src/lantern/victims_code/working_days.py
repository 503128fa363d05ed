"""The working-day clock of the Victims' Code, for England and Wales.

A duty of N working days is due by the end of the Nth working day after the calendar day on which
its event happened, that calendar day being read in Europe/London time (so an arrest at 23:30 on a
Friday in October, BST or GMT, is a Friday event whichever offset applies). Saturdays, Sundays and
the bank holidays of England and Wales are not working days. Bank holidays come from the
`holidays` package (subdivision ENG; England and Wales share their bank holidays), substitute days
("observed") and one-off days (a state funeral, a coronation) included; a day announced after the
package was released can be added through the setting LANTERN_EXTRA_BANK_HOLIDAYS.

Everything here is pure: the calendar is a value, and nothing reads the clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import holidays

from lantern.core.clock import LONDON as LONDON  # re-exported: the service's one London zone
from lantern.core.clock import london_day as london_day  # re-exported: the service's one London day

ONE_DAY = dt.timedelta(days=1)


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    """Bank holidays of England and Wales in one year, weekdays only (the package also lists the
    weekend day a holiday falls on, as well as its substitute Monday or Tuesday)."""
    days = holidays.country_holidays("GB", subdiv="ENG", years=[year])
    return frozenset(d for d in days if d.weekday() < 5)


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days are working days. `extra_holidays` adds days the package does not know yet."""

    extra_holidays: frozenset[dt.date] = field(default_factory=frozenset)

    def is_bank_holiday(self, day: dt.date) -> bool:
        return day in _bank_holidays(day.year) or day in self.extra_holidays

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and not self.is_bank_holiday(day)

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The Nth working day after `start` (start itself is never counted). For n == 0: start
        if it is a working day, otherwise the next working day."""
        if n < 0:
            raise ValueError("n must be zero or more")
        day = start
        if n == 0:
            while not self.is_working_day(day):
                day += ONE_DAY
            return day
        counted = 0
        while counted < n:
            day += ONE_DAY
            if self.is_working_day(day):
                counted += 1
        return day

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after `day`."""
        return self.add_working_days(day, 1)

    def previous_working_day(self, day: dt.date) -> dt.date:
        """The last working day strictly before `day`."""
        day -= ONE_DAY
        while not self.is_working_day(day):
            day -= ONE_DAY
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]: how many working days after `start` `end` is (0 if end
        is not after start)."""
        count = 0
        day = start
        while day < end:
            day += ONE_DAY
            if self.is_working_day(day):
                count += 1
        return count


def due_on(calendar: WorkingCalendar, event_at: dt.datetime, working_days: int) -> dt.date:
    """The last day on which a duty of `working_days` working days, for an event at `event_at`,
    is met on time: it is due by the end of that day, London time."""
    return calendar.add_working_days(london_day(event_at), working_days)


def end_of_day(day: dt.date) -> dt.datetime:
    """The last moment of a London calendar day (23:59:59.999999 local time, BST or GMT)."""
    return dt.datetime.combine(day, dt.time.max, tzinfo=LONDON)


ENGLAND_AND_WALES = WorkingCalendar()
