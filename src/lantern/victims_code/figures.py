"""The Victims' Code measures per force, month by month, kept for the dashboards and the
publication (decision 0028).

At national scale one quarter's measures read some 300,000 duties and every open case's silence:
most of the national dashboard's time. So the task worker recalculates each recent month's figures
after every sweep (`refresh`) and stores them (MonthFigures); a reader merges the months of its
period (`rows_for`): counts add up, the distributions of days late merge into one median, and the
longest silence is the longest of the months' (a silence still running at the end of one month
either ended later in the period, as a longer gap, or is still running at the end, longer still).

A month's stored figures are used while they are at most LANTERN_VC_FIGURES_MAX_AGE_MINUTES old and
calculated the same day (a duty becomes overdue at midnight); otherwise the reader calculates that
month itself, without storing it (a read writes nothing). Each figure says when it was calculated.
The measures themselves are defined once, in lantern.victims_code.measures; this module only
stores and merges their rows.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from lantern.core.clock import LONDON
from lantern.core.measure_registry import median_from_counts
from lantern.core.models import User
from lantern.core.roles import Role
from lantern.victims_code import measures
from lantern.victims_code.models import MonthFigures


@dataclass(frozen=True)
class Figures:
    """Rows per force for a period, and when the oldest of them was calculated."""

    rows: list[measures.MeasureRow]
    as_at: dt.datetime


def national_reader() -> User:
    # Never saved: only its role is read, to scope the measures to every force (aggregates only).
    return User(role=Role.ANALYST, is_active=True)


def month_end(first: dt.date) -> dt.date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def months_between(start: dt.date, end: dt.date) -> list[dt.date] | None:
    """The first days of the months that make up [start, end], or None if it is not whole months."""
    if start.day != 1 or end != month_end(end.replace(day=1)) or end < start:
        return None
    firsts, first = [], start
    while first <= end:
        firsts.append(first)
        first = month_end(first) + dt.timedelta(days=1)
    return firsts


def _calculate(first: dt.date, now: dt.datetime) -> list[measures.MeasureRow]:
    # A month not yet begun has duties due but no silence of its own: a silence running now is the
    # current month's.
    begun = first <= now.astimezone(LONDON).date()
    return measures.compute(national_reader(), first, month_end(first), "force", now, silences=begun)


def _to_json(rows: list[measures.MeasureRow]) -> list[dict[str, Any]]:
    return [{**dataclasses.asdict(r), "lateness": {str(days): n for days, n in r.lateness.items()}} for r in rows]


def _from_json(items: list[dict[str, Any]]) -> list[measures.MeasureRow]:
    # JSON keys are strings: the days late turn back into numbers.
    return [
        measures.MeasureRow(**{**item, "lateness": {int(d): int(n) for d, n in (item.get("lateness") or {}).items()}})
        for item in items
    ]


def _fresh(stored: MonthFigures, now: dt.datetime) -> bool:
    age = now - stored.computed_at
    same_day = stored.computed_at.astimezone(LONDON).date() == now.astimezone(LONDON).date()
    return same_day and dt.timedelta(0) <= age <= dt.timedelta(minutes=settings.LANTERN_VC_FIGURES_MAX_AGE_MINUTES)


def merge(parts: Iterable[list[measures.MeasureRow]]) -> list[measures.MeasureRow]:
    """One row per force from the months' rows: counts summed, days late merged, longest kept."""
    merged: dict[int | None, measures.MeasureRow] = {}
    lateness: dict[int | None, Counter[int]] = {}
    for rows in parts:
        for r in rows:
            into = merged.setdefault(r.key, measures.MeasureRow(r.key, r.label))
            for name in ("due", "met_on_time", "met_late", "overdue", "not_yet_due", "waived"):
                setattr(into, name, getattr(into, name) + getattr(r, name))
            lateness.setdefault(r.key, Counter()).update(r.lateness)
            if r.longest_silence_days is not None:
                into.longest_silence_days = max(into.longest_silence_days or 0, r.longest_silence_days)
    for key, counts in lateness.items():
        if counts:
            merged[key].lateness = dict(counts)
            merged[key].median_days_late = median_from_counts(counts)
    return list(merged.values())


def rows_for(start: dt.date, end: dt.date, now: dt.datetime) -> Figures:
    """The measures per force for [start, end] as at `now`: from the months' stored figures where
    fresh, calculated here otherwise (and for a range that is not whole months)."""
    firsts = months_between(start, end) or []
    stored = {f.month: f for f in MonthFigures.objects.filter(month__in=firsts) if _fresh(f, now)}
    if not stored:  # not whole months, or the worker stopped: the whole range at once, cheapest
        return Figures(measures.compute(national_reader(), start, end, "force", now), now)
    parts, as_at = [], now
    for first in firsts:
        kept = stored.get(first)
        if kept is not None:
            parts.append(_from_json(kept.rows))
            as_at = min(as_at, kept.computed_at)
        else:
            parts.append(_calculate(first, now))
    return Figures(merge(parts), as_at)


def months_to_keep(now: dt.datetime) -> list[dt.date]:
    """The months the worker keeps: LANTERN_VC_FIGURES_MONTHS back, the current one included."""
    first = now.astimezone(LONDON).date().replace(day=1)
    firsts = []
    for _ in range(max(settings.LANTERN_VC_FIGURES_MONTHS, 0)):
        firsts.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return firsts


def refresh(now: dt.datetime) -> int:
    """Recalculate and store the figures of the months kept as at `now`; older months are deleted.
    Returns how many months were stored."""
    firsts = months_to_keep(now)
    for first in firsts:
        values = {"computed_at": now, "rows": _to_json(_calculate(first, now))}
        try:
            with transaction.atomic():
                MonthFigures.objects.update_or_create(month=first, defaults=values)
        except IntegrityError:  # another worker stored the same month at the same moment
            continue
    if firsts:
        MonthFigures.objects.filter(month__lt=min(firsts)).delete()
    return len(firsts)
