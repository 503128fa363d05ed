"""The rules of prevention and risk orders, pure: dates and the statutory figures are passed in,
nothing reads the clock or the database. Figures come from StatutoryRule rows (data/statutory.json,
from ../shared/reference/domain.md section 6).

Day counting. The notification clock is in calendar days: the reference says "within 3 days of the
order first being served" and gives no working-day rule, so weekends and bank holidays count. The
day of service itself is not counted (served on Monday 1st, due by the end of Thursday 4th), the
usual reading of "within N days of" an event; whether the Act counts the day of service is not
confirmed in the reference [U], so it is the setting LANTERN_ORDERS_COUNT_DAY_OF_SERVICE.
Dates are London calendar days: a clock change does not move them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Limits:
    """The statutory figures for one kind of order."""

    minimum_years: int | None
    discharge_protected_years: int | None
    travel_max_years: int
    notify_days: int
    change_notify_days: int
    fixed_period_required: bool
    section: str = ""
    discharge_section: str = ""


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    year = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return dt.date(year, 2, 28)
    return day.replace(year=year)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def earliest_end(made_on: dt.date, limits: Limits) -> dt.date | None:
    """The first day a fixed-period order may end on (a period of at least N years)."""
    if limits.minimum_years is None:
        return None
    return add_years(made_on, limits.minimum_years)


def order_date_errors(limits: Limits, made_on: dt.date | None, ends_on: dt.date | None) -> dict[str, str]:
    """Refusals for an order's dates, by field. `ends_on` None means "until further order"."""
    errors: dict[str, str] = {}
    if made_on is None:
        return {"made_on": "Enter the date the order was made."}
    if ends_on is None:
        if limits.fixed_period_required:
            errors["ends_on"] = f"An interim order is for a fixed period: enter its end date ({limits.section})."
        return errors
    if ends_on <= made_on:
        errors["ends_on"] = "The order must end after the date it was made."
        return errors
    minimum = earliest_end(made_on, limits)
    if minimum is not None and ends_on < minimum:
        errors["ends_on"] = (
            f"This order must last at least {limits.minimum_years} years: end it on or after "
            f"{minimum:%d %B %Y}, or leave the end date empty for 'until further order' ({limits.section})."
        )
    return errors


def prohibition_date_errors(
    order_starts: dt.date | None, order_ends: dt.date | None, starts_on: dt.date | None, ends_on: dt.date | None
) -> dict[str, str]:
    """A prohibition or requirement must lie inside the order's dates."""
    errors: dict[str, str] = {}
    if order_starts is not None and starts_on is not None and starts_on < order_starts:
        errors["starts_on"] = f"A prohibition cannot start before the order was made ({order_starts:%d %B %Y})."
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = "A prohibition cannot end before it starts."
    elif ends_on is not None and order_starts is not None and ends_on < order_starts:
        errors["ends_on"] = f"A prohibition cannot end before the order was made ({order_starts:%d %B %Y})."
    elif ends_on is not None and order_ends is not None and ends_on > order_ends:
        errors["ends_on"] = f"A prohibition cannot last beyond the order's end ({order_ends:%d %B %Y})."
    return errors


def travel_errors(limits: Limits, made_on: dt.date | None, travel_ends_on: dt.date | None) -> dict[str, str]:
    """A foreign travel prohibition is for a fixed period of at most 5 years (renewable)."""
    if made_on is None:
        return {}
    if travel_ends_on is None:
        return {"travel_ends_on": "A foreign travel prohibition is for a fixed period: enter its end date."}
    latest = add_years(made_on, limits.travel_max_years)
    if travel_ends_on <= made_on:
        return {"travel_ends_on": "The travel prohibition must end after the order was made."}
    if travel_ends_on > latest:
        return {
            "travel_ends_on": f"A foreign travel prohibition lasts at most {limits.travel_max_years} years: "
            f"end it on or before {latest:%d %B %Y} (it can be renewed)."
        }
    return {}


def notification_due(event_day: dt.date, days: int, *, count_event_day: bool = False) -> dt.date:
    """The last day to notify, counting calendar days after the day of service or change."""
    return event_day + dt.timedelta(days=days - 1 if count_event_day else days)


def protected_until(made_on: dt.date, limits: Limits) -> dt.date | None:
    """Before this day the order cannot be discharged without both consents (None: no such rule)."""
    if limits.discharge_protected_years is None:
        return None
    return add_years(made_on, limits.discharge_protected_years)


def discharge_errors(
    limits: Limits,
    made_on: dt.date,
    decided_on: dt.date,
    *,
    defendant_consent: bool,
    chief_officer_consent: bool,
    travel_only: bool,
) -> dict[str, str]:
    """An STPO cannot be discharged within 5 years of being made without the consent of the
    defendant and of the chief officer, unless it only prohibits foreign travel (s20)."""
    until = protected_until(made_on, limits)
    if until is None or decided_on >= until or travel_only:
        return {}
    missing = [
        name
        for name, given in (("defendant_consent", defendant_consent), ("chief_officer_consent", chief_officer_consent))
        if not given
    ]
    message = (
        f"This order cannot be discharged before {until:%d %B %Y} without the consent of the defendant "
        f"and of the chief officer ({limits.discharge_section})."
    )
    return dict.fromkeys(missing, message)


def notification_date_errors(
    order_start: dt.date | None, notified_on: dt.date, today: dt.date, changed_on: dt.date | None = None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if notified_on > today:
        errors["notified_on"] = "The notification date cannot be in the future."
    elif order_start is not None and notified_on < order_start:
        errors["notified_on"] = f"A notification cannot be dated before the order ({order_start:%d %B %Y})."
    if changed_on is not None:
        if order_start is not None and changed_on < order_start:
            errors["changed_on"] = f"A change under the order cannot be before the order ({order_start:%d %B %Y})."
        elif changed_on > notified_on:
            errors["changed_on"] = "The change cannot be after the date it was notified."
    return errors


def expires_within(ends_on: dt.date | None, today: dt.date, window_days: int) -> bool:
    return ends_on is not None and today <= ends_on <= today + dt.timedelta(days=window_days)


def in_force(state: str, made_on: dt.date | None, ends_on: dt.date | None, today: dt.date) -> bool:
    return state == "granted" and made_on is not None and made_on <= today and (ends_on is None or ends_on >= today)
