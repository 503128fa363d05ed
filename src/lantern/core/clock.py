"""The service's one clock. Every rule, page, API handler, command and the sweep asks here for
"now" and "today" (never `timezone.now()` or `date.today()` directly), so that the whole service
can run as of another moment for training and demonstration (`LANTERN_CLOCK`), and tests can move
time with time-machine.

`LANTERN_CLOCK=2027-12-24T18:30` (London time) starts the service's clock at that moment; it then
runs forward in real time from when the process first read it. It is refused under production
settings (see `lantern.config.settings`).
"""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

LONDON = ZoneInfo("Europe/London")


def parse_clock_setting(value: str) -> dt.datetime:
    """`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]`, read as London time unless an offset is given."""
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"LANTERN_CLOCK must be a date or date and time such as 2027-12-24T18:30, not {value!r}"
        ) from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LONDON)
    return moment


@functools.cache
def _offset_for(setting: str) -> dt.timedelta:
    # Cached per setting value: the offset is fixed the first time the process reads the clock.
    if not setting:
        return dt.timedelta(0)
    return parse_clock_setting(setting) - timezone.now()


def offset() -> dt.timedelta:
    """How far the service clock is from the real one (zero unless LANTERN_CLOCK is set)."""
    return _offset_for(getattr(settings, "LANTERN_CLOCK", "") or "")


def now() -> dt.datetime:
    """The current moment, aware (UTC), as the service sees it."""
    return timezone.now() + offset()


def london_day(moment: dt.datetime) -> dt.date:
    """The calendar day in England and Wales of an aware moment."""
    if moment.tzinfo is None:
        raise ValueError("a moment must carry its time zone")
    return moment.astimezone(LONDON).date()


def today() -> dt.date:
    """Today's date in England and Wales, as the service sees it."""
    return london_day(now())


def is_shifted() -> bool:
    """True when the service runs as of another moment (shown in the page header)."""
    return bool(getattr(settings, "LANTERN_CLOCK", ""))
