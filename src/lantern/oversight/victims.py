"""The Victims' Code measures, read from lantern.victims_code.measures (defined there, once):
share of duties met on time, median days late, longest silence. This adapter asks it per force for
the filter's period (and per month for a trend), then sums forces into regions and the total, with
medians recomputed from the merged distributions of days late.

victims_code.measures scopes by user; oversight's scopes are forces, so it is asked as a national
reader (every force) and the rows are then narrowed to the filter's forces."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from lantern.core.clock import now
from lantern.core.models import Force
from lantern.oversight.filters import Filter, region_of
from lantern.victims_code import figures
from lantern.victims_code import measures as vc
from lantern.victims_code.models import Duty

if TYPE_CHECKING:
    from lantern.oversight.measures import Agg, Measure


# Within one dashboard (or publication) the three Victims' Code measures ask for the same period:
# read it once. The cache lives only as long as `shared_computation()` is open.
_cache: ContextVar[dict[tuple[dt.date, dt.date], figures.Figures] | None] = ContextVar("vc_rows", default=None)


@contextmanager
def shared_computation() -> Iterator[None]:
    from lantern.oversight.measures import _memo

    if _cache.get() is not None:  # already open (a view around build): share the outer one
        yield
        return
    token, memo_token = _cache.set({}), _memo.set({})
    try:
        yield
    finally:
        _cache.reset(token)
        _memo.reset(memo_token)


def _figures(start: dt.date, end: dt.date) -> figures.Figures:
    cache = _cache.get()
    if cache is not None and (start, end) in cache:
        return cache[(start, end)]
    result = figures.rows_for(start, end, now())
    if cache is not None:
        cache[(start, end)] = result
    return result


def as_at(flt: Filter) -> dt.datetime:
    """When the Victims' Code figures for the filter's period were calculated (the oldest month's)."""
    return _figures(flt.period.start, flt.period.end).as_at


def _agg_of(measure: Measure, row: vc.MeasureRow) -> Agg:
    from lantern.oversight.measures import Agg

    if measure.victims_code == "share_on_time":
        return Agg(num=row.met_on_time, den=row.decided)
    if measure.victims_code == "median_days_late":
        return Agg(num=sum(row.lateness.values()), hist=Counter(row.lateness))
    return Agg(peak=row.longest_silence_days)


def aggregates(measure: Measure, flt: Filter, by: str) -> dict[str, Agg]:
    from lantern.oversight.measures import Agg

    codes = dict(Force.objects.values_list("pk", "code"))
    wanted = None if flt.force_ids is None else set(flt.force_ids)
    periods: list[tuple[str, dt.date, dt.date]] = []
    if by == "month":
        for year, month in flt.period.months():
            first = dt.date(year, month, 1)
            periods.append((f"{year}-{month:02d}", first, figures.month_end(first)))
    else:
        periods.append(("all", flt.period.start, flt.period.end))
    out: dict[str, Agg] = {}
    for label, start, end in periods:
        for row in _figures(start, end).rows:
            if row.key is None or (wanted is not None and row.key not in wanted):
                continue
            code = codes.get(row.key, "?")
            key = {"force": code, "region": region_of(code)}.get(by, label)
            out.setdefault(key, Agg()).add(_agg_of(measure, row))
    return out


def case_ids_behind(measure: Measure, flt: Filter, by: str, key: str) -> QuerySet[Any]:
    """The cases with duties behind the figure: duties due in the period met late or still overdue."""
    today = now().date()
    duties = Duty.objects.filter(due_on__gte=flt.period.start, due_on__lte=flt.period.end).filter(
        Q(state=Duty.State.MET_LATE) | Q(state=Duty.State.OPEN, due_on__lt=today)
    )
    if flt.force_ids is not None:
        duties = duties.filter(owner__force_id__in=flt.force_ids)
    if by == "force" and key:
        duties = duties.filter(owner__force__code=key)
    if by == "month" and key:
        year, month = (int(p) for p in key.split("-"))
        duties = duties.filter(due_on__year=year, due_on__month=month)
    return duties.values("case_id")
