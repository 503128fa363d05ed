"""The oversight measures, defined once: each has a plain-English description, its numerator and
denominator, the records it counts, and one query taking a Filter (period, forces, region,
exploitation type) and a breakdown (force, region, month, exploitation type, or none). The force
dashboard, the national dashboard, the publication (`./lantern stats`) and the API all read here.

Conventions, for every measure:
- a record counts in the period by the date named in `counts` (London time);
- "exploitation type" is the case's primary type: the first one recorded on it ("other" if none);
- a region is the sum of its forces (data/regions.json); medians are recomputed from the merged
  distributions, never averaged;
- Victims' Code measures come from lantern.victims_code.measures (not recomputed here).

- a stock (orders in force) is counted on the period's last day (each month's last day, by month),
  never after today.

The measures are registered in core.measure_registry.MEASURES: oversight's own in definitions.py,
the orders' (orders in force, breaches) in orders/measures.py, update requests and victims'
feedback in portal/measures.py, each in its AppConfig.ready() (oversight may not import apps at or
above its layer).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from contextvars import ContextVar
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.fields.json import KT
from django.db.models.functions import TruncMonth

from lantern.cases.models import ExploitationType
from lantern.core.clock import LONDON, today
from lantern.core.models import Force
from lantern.oversight.definitions import (  # the measures as data; re-exported for their readers
    BREAKDOWNS as BREAKDOWNS,
)
from lantern.oversight.definitions import (
    CRIMES as CRIMES,
)
from lantern.oversight.definitions import (
    DTN as DTN,
)
from lantern.oversight.definitions import (
    IN_EFFECT as IN_EFFECT,
)
from lantern.oversight.definitions import (
    MEASURES as MEASURES,
)
from lantern.oversight.definitions import (
    NRM as NRM,
)
from lantern.oversight.definitions import (
    OUTCOMES as OUTCOMES,
)
from lantern.oversight.definitions import (
    Agg as Agg,
)
from lantern.oversight.definitions import (
    Measure as Measure,
)
from lantern.oversight.definitions import (
    Source as Source,
)
from lantern.oversight.filters import Filter, region_of

# --- The query ----------------------------------------------------------------------------------------


def _month_key(value: dt.date | dt.datetime) -> str:
    return f"{value.year}-{value.month:02d}"


def _last_day(day: dt.date) -> dt.date:
    """A stock is counted on a period's last day, never after today."""
    return min(day, today())


def in_force_on(source: Source, day: dt.date) -> Q:
    """A stock source's records in force on `day` (first day on or before it, last day empty or on
    or after it)."""
    first, last = source.in_force or ("", "")
    return Q(**{f"{first}__lte": day}) & (Q(**{f"{last}__isnull": True}) | Q(**{f"{last}__gte": day}))


def _scoped(source: Source, flt: Filter, *, at_end: bool = True, dated: bool = True) -> QuerySet[Any]:
    """The source's records for the filter: dated in the period (a flow), or in force on its last
    day (a stock; with at_end False, in force at some time in it, for a breakdown by month). With
    dated False, a flow's records of any date (the caller narrows them)."""
    qs = source.queryset()
    date_field = source.date_field
    if source.in_force is not None:
        first, last = source.in_force
        end = _last_day(flt.period.end)
        if at_end:
            qs = qs.filter(in_force_on(source, end))
        else:
            qs = qs.filter(
                Q(**{f"{first}__lte": end}) & (Q(**{f"{last}__isnull": True}) | Q(**{f"{last}__gte": flt.period.start}))
            )
    elif dated:
        is_date = not _is_datetime(qs.model, date_field)
        lo: Any = flt.period.start if is_date else flt.start_at
        hi: Any = flt.period.end + dt.timedelta(days=1) if is_date else flt.end_at
        qs = qs.filter(**{f"{date_field}__gte": lo, f"{date_field}__lt": hi})
    if flt.force_ids is not None:
        qs = qs.filter(**{f"{source.force_field}__in": flt.force_ids})
    if flt.exploitation and source.exploitation_field:
        path = source.exploitation_field
        cond = Q(**{f"{path}__0": flt.exploitation})
        if flt.exploitation == ExploitationType.OTHER:
            cond |= Q(**{f"{path}__0__isnull": True})
        qs = qs.filter(cond)
    return qs


def _field_of(model: Any, path: str) -> Any:
    parts = path.split("__")
    for part in parts[:-1]:
        model = model._meta.get_field(part).related_model
    return model._meta.get_field(parts[-1])


def _is_datetime(model: Any, path: str) -> bool:
    return bool(_field_of(model, path).get_internal_type() == "DateTimeField")


def _group_expr(source: Source, by: str) -> Any:
    if by in ("force", "region"):
        return F(source.force_field)
    if by == "month":
        if _is_datetime(source.queryset().model, source.date_field):
            return TruncMonth(source.date_field, tzinfo=LONDON)
        return TruncMonth(source.date_field)
    if by == "exploitation":
        return KT(f"{source.exploitation_field}__0")
    return None


def _month_bounds(flt: Filter, is_datetime: bool) -> list[tuple[str, Any, Any]]:
    out = []
    for year, month in flt.period.months():
        first = dt.date(year, month, 1)
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        if is_datetime:
            lo: Any = dt.datetime.combine(first, dt.time.min, tzinfo=LONDON)
            hi: Any = dt.datetime.combine(nxt, dt.time.min, tzinfo=LONDON)
        else:
            lo, hi = first, nxt
        out.append((f"{year}-{month:02d}", lo, hi))
    return out


def _by_month(source: Source, flt: Filter) -> dict[str, Agg]:
    """One query: for a flow, one count per month, each over its month's range of the date's index,
    joined by UNION ALL (no date compared twelve times per row, nor truncated to its month); for a
    stock, a conditional count per month (in force on its last day)."""
    qs = _scoped(source, flt, at_end=False, dated=source.in_force is not None)
    months = _month_bounds(flt, source.in_force is None and _is_datetime(qs.model, source.date_field))
    if source.in_force is None:
        return _flow_by_month(source, qs, months)
    annotations: dict[str, Any] = {}
    for i, (_key, lo, hi) in enumerate(months):
        if source.in_force is not None:  # in force on the month's last day (none for months to come)
            in_month = in_force_on(source, _last_day(hi - dt.timedelta(days=1))) if lo <= today() else Q(pk=None)
        else:
            in_month = Q(**{f"{source.date_field}__gte": lo, f"{source.date_field}__lt": hi})
        annotations[f"n{i}"] = Count("pk", filter=in_month & source.numerator)
        if source.denominator is not None:
            annotations[f"d{i}"] = Count("pk", filter=in_month & source.denominator)
    row = qs.aggregate(**annotations)
    out = {}
    for i, (key, _lo, _hi) in enumerate(months):
        agg = Agg(num=row[f"n{i}"] or 0, den=row.get(f"d{i}") or 0)
        if agg.num or agg.den:
            out[key] = agg
    return out


def _flow_by_month(source: Source, qs: QuerySet[Any], months: list[tuple[str, Any, Any]]) -> dict[str, Agg]:
    counts: dict[str, Any] = {"num": Count("pk", filter=source.numerator)}
    if source.denominator is not None:
        counts["den"] = Count("pk", filter=source.denominator)
    parts = [
        qs.filter(**{f"{source.date_field}__gte": lo, f"{source.date_field}__lt": hi})
        .annotate(oversight_month=Value(i))
        .values("oversight_month")
        .annotate(**counts)
        .order_by()
        for i, (_key, lo, hi) in enumerate(months)
    ]
    out = {}
    for row in parts[0].union(*parts[1:], all=True):
        agg = Agg(num=row["num"] or 0, den=row.get("den") or 0)
        if agg.num or agg.den:
            out[months[row["oversight_month"]][0]] = agg
    return out


def _source_aggs(source: Source, flt: Filter, by: str) -> dict[str, Agg]:
    if by == "month" and not source.days:
        return _by_month(source, flt)
    qs = _scoped(source, flt)
    expr = _group_expr(source, by)
    grouped = qs.annotate(g=expr if expr is not None else Value("all")).values("g")
    out: dict[str, Agg] = {}
    if source.days:
        for row in grouped.values("g", source.days[0], source.days[1]).annotate(n=Count("pk")):
            key = _key(row["g"], by)
            days = (row[source.days[1]] - row[source.days[0]]).days
            agg = out.setdefault(key, Agg())
            agg.hist[days] += row["n"]
            agg.num += row["n"]
        return _regions(out, by)
    annotations: dict[str, Any] = {"num": Count("pk", filter=source.numerator)}
    if source.denominator is not None:
        annotations["den"] = Count("pk", filter=source.denominator)
    for row in grouped.annotate(**annotations).order_by():
        agg = out.setdefault(_key(row["g"], by), Agg())
        agg.num += row["num"]
        agg.den += row.get("den", 0)
    return _regions(out, by)


def _key(value: Any, by: str) -> str:
    if by == "month":
        return _month_key(value.astimezone(LONDON) if isinstance(value, dt.datetime) and value.tzinfo else value)
    if by == "exploitation":
        return value or ExploitationType.OTHER.value
    if by in ("force", "region"):
        return str(value)
    return "all"


def _force_codes() -> dict[str, str]:
    return {str(pk): code for pk, code in Force.objects.values_list("pk", "code")}


def _regions(by_force: dict[str, Agg], by: str) -> dict[str, Agg]:
    """Force ids to force codes; for a regional breakdown, forces summed into their regions."""
    if by not in ("force", "region"):
        return by_force
    codes = _force_codes()
    out: dict[str, Agg] = {}
    for force_id, agg in by_force.items():
        code = codes.get(force_id, force_id)
        key = region_of(code) if by == "region" else code
        out.setdefault(key, Agg()).add(agg)
    return out


# Within one dashboard, publication or recommendations page (victims.shared_computation), the
# same (measure, filter, breakdown) is asked for more than once (the per-100 measures ask for the
# crimes recorded again): compute it once.
_memo: ContextVar[dict[tuple[str, Filter, str], dict[str, Agg]] | None] = ContextVar("oversight_memo", default=None)


def aggregates(measure: Measure, flt: Filter, by: str = "") -> dict[str, Agg]:
    """The measure's aggregates for the filter, keyed by force code, region, month (YYYY-MM),
    exploitation type, or "all" when `by` is empty."""
    if by and by not in measure.breakdowns:
        raise ValueError(f"{measure.title} cannot be broken down by {BREAKDOWNS.get(by, by).lower()}")
    memo = _memo.get()
    if memo is None:
        return _aggregates(measure, flt, by)
    if not by and "force" in measure.breakdowns:
        # The total is the sum of the forces, which the national dashboard asks for anyway: one query
        # fewer per measure (medians merge their distributions, "longest" takes the peak).
        whole = Agg()
        for agg in aggregates(measure, flt, "force").values():
            whole.add(agg)
        return {"all": whole} if whole.num or whole.den or whole.hist or whole.peak is not None else {}
    key = (measure.key, flt, by)
    if key not in memo:
        memo[key] = _aggregates(measure, flt, by)
    return {k: dataclasses.replace(a, hist=Counter(a.hist)) for k, a in memo[key].items()}


def _aggregates(measure: Measure, flt: Filter, by: str) -> dict[str, Agg]:
    if measure.victims_code:
        from lantern.oversight import victims

        return victims.aggregates(measure, flt, by)
    if measure.source is None:
        raise ValueError(f"{measure.key} has no source")
    result = _source_aggs(measure.source, flt, by)
    if measure.kind == "per100":
        crimes = aggregates(MEASURES[measure.per], flt, by)
        for key, agg in crimes.items():
            result.setdefault(key, Agg()).den = agg.num
    return result


def total(measure: Measure, flt: Filter) -> Agg:
    return aggregates(measure, flt).get("all", Agg())


def values(measure: Measure, flt: Filter, by: str = "") -> dict[str, float | int | None]:
    return {key: measure.value(agg) for key, agg in aggregates(measure, flt, by).items()}


def case_ids_behind(measure: Measure, flt: Filter, by: str = "", key: str = "") -> QuerySet[Any] | None:
    """The ids of the cases behind a figure (the numerator's records), or None where the measure's
    records are not cases' (NRM referrals and Duty to Notify records without a case)."""
    if measure.victims_code:
        from lantern.oversight import victims

        return victims.case_ids_behind(measure, flt, by, key)
    source = measure.source
    if source is None or source.case_field is None:
        return None
    qs = _scoped(source, flt).filter(source.numerator)
    if by and key:
        qs = _narrow(qs, source, by, key)
    return qs.values(source.case_field)


def _narrow(qs: QuerySet[Any], source: Source, by: str, key: str) -> QuerySet[Any]:
    if by == "force":
        return qs.filter(**{f"{source.force_field}__in": Force.objects.filter(code=key).values("pk")})
    if by == "region":
        codes = [code for code in _force_codes().values() if region_of(code) == key]
        return qs.filter(**{f"{source.force_field}__in": Force.objects.filter(code__in=codes).values("pk")})
    if by == "month":
        year, month = (int(p) for p in key.split("-"))
        narrowed: QuerySet[Any] = qs.annotate(m=_group_expr(source, "month")).filter(m__year=year, m__month=month)
        return narrowed
    if by == "exploitation" and source.exploitation_field:
        cond = Q(**{f"{source.exploitation_field}__0": key})
        if key == ExploitationType.OTHER:
            cond |= Q(**{f"{source.exploitation_field}__0__isnull": True})
        return qs.filter(cond)
    return qs


def outcome_counts(flt: Filter) -> dict[tuple[str, str], int]:
    """(force code, Home Office outcome code) -> outcomes assigned in the period."""
    codes = _force_codes()
    qs = _scoped(OUTCOMES, flt).values(OUTCOMES.force_field, "code__code").annotate(n=Count("pk")).order_by()
    return {(codes.get(str(r[OUTCOMES.force_field]), "?"), r["code__code"]): r["n"] for r in qs}
