"""The figures of the force and national dashboards: for each measure, the headline for the
period, a trend over the twelve months up to its end, and (nationally) the forces compared; each
as a chart with its table. What leaves the force (the national dashboard) goes through
suppression.suppress; a force's own figures, seen by its own staff, are exact."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString

from lantern.core import suppression
from lantern.core.models import Force
from lantern.oversight import charts, measures
from lantern.oversight.filters import Filter, Period
from lantern.oversight.measures import Agg, Measure

# Every registered measure is on both dashboards (in the order registered: oversight's own, then
# the orders', then the portal's), but these, which the publication carries.
OFF_DASHBOARD = {"dtn_no_crime"}


def measure_keys() -> list[str]:
    """The measures the force and national dashboards show, read from the registry when asked (apps
    register theirs in AppConfig.ready())."""
    return [key for key in measures.MEASURES if key not in OFF_DASHBOARD]


@dataclass(frozen=True)
class Section:
    """A section of the national dashboard: one page of figures on one subject, so that an analyst
    reads a screenful on one question rather than every figure at once (and the page is built in
    well under a second: issue 13)."""

    slug: str
    title: str
    keys: tuple[str, ...]


SECTIONS = (
    Section(
        "crimes-and-referrals",
        "Crimes and referrals",
        ("crimes_recorded", "nrm_referrals", "nrm_no_crime", "dtn_records"),
    ),
    Section(
        "outcomes",
        "Outcomes, the CPS and reviews",
        (
            "outcomes_assigned",
            "charge_rate",
            "cps_early_advice",
            "cps_pre_charge",
            "cps_days_taken",
            "closures_without_account",
            "vrr_requests",
            "vrr_overturned",
        ),
    ),
    Section(
        "victims-code",
        "Keeping victims informed",
        (
            "vc_on_time",
            "vc_median_lateness",
            "longest_silence",
            "update_requests",
            "update_requests_on_time",
            "update_requests_days",
        ),
    ),
    Section(
        "safeguarding",
        "Interpreters, information sharing and section 45",
        (
            "interpreter_mismatches",
            "interpreter_overridden",
            "ie_shares",
            "ie_shares_told",
            "s45_considerations",
            "s45_may_apply",
        ),
    ),
    Section("orders", "Orders", ("orders_in_force", "order_breaches")),
    Section(
        "feedback",
        "Victims' feedback",
        (
            "feedback_responses",
            "feedback_kept_informed",
            "feedback_listened_to",
            "feedback_believed",
            "feedback_respected",
            "feedback_would_report_again",
        ),
    ),
)
OTHER_SECTION = Section("other", "Other measures", ())


def sections() -> list[Section]:
    """The sections, each with those of its measures that are registered. A dashboard measure no
    section names (one an app registers later) is never hidden: it goes to a last section."""
    keys = measure_keys()
    out = [
        dataclasses.replace(section, keys=tuple(k for k in section.keys if k in keys))
        for section in SECTIONS
        if any(k in keys for k in section.keys)
    ]
    placed = {key for section in out for key in section.keys}
    rest = tuple(k for k in keys if k not in placed)
    if rest:
        out.append(dataclasses.replace(OTHER_SECTION, keys=rest))
    return out


# Measures in the trend charts (the others show a headline and the comparison only).
# (The Victims' Code measures have no monthly trend here: each month is a whole computation in
# victims_code.measures; its own page gives any range.)
TRENDS = {
    "crimes_recorded",
    "nrm_referrals",
    "outcomes_assigned",
    "charge_rate",
    "ie_shares",
    "s45_considerations",
    "cps_pre_charge",
}
TREND_MONTHS = 12


@dataclass
class Cell:
    label: str
    text: str
    value: float | int | None
    key: str = ""
    drill: bool = False


@dataclass
class Figure:
    measure: Measure
    headline: str
    detail: str
    trend_chart: SafeString | None = None
    trend_rows: list[Cell] = field(default_factory=list)
    compare_chart: SafeString | None = None
    compare_rows: list[Cell] = field(default_factory=list)
    compare_by: str = "force"
    # When the figure was calculated, where that is not the moment of the request (the Victims' Code
    # figures, kept per month by the task worker: decision 0028).
    as_at: dt.datetime | None = None


def trend_period(period: Period, today: dt.date) -> Period:
    end = min(period.end, today)
    y, m = end.year, end.month - (TREND_MONTHS - 1)
    while m < 1:
        y, m = y - 1, m + 12
    return Period(dt.date(y, m, 1), end, f"{TREND_MONTHS} months to {end:%B %Y}", "")


def fmt(measure: Measure, value: float | int | None) -> str:
    if value is None:
        return "no data"
    if measure.kind in ("share", "per100"):
        return f"{value:.1f}%" if measure.kind == "share" else f"{value:.1f}"
    if measure.kind in ("median", "longest"):
        return f"{value:g} days"
    return f"{int(value):,}"


def _detail(measure: Measure, agg: Agg) -> str:
    if measure.kind == "share":
        return f"{agg.num:,} of {agg.den:,} {measure.denominator}"
    if measure.kind == "per100":
        return f"{agg.num:,} {measure.numerator}; {agg.den:,} crimes recorded"
    if measure.kind == "median":
        return f"over {agg.num:,} {measure.denominator.replace(' (median)', '')}"
    return measure.counts


def published_values(
    measure: Measure, aggs: dict[str, Agg], keys: list[str], labels: list[str], below: int | None = None
) -> tuple[list[str], list[float | int | None], str, str]:
    """Texts and values per key for a figure that leaves the force, suppressed by THE rule, with
    the total. Counts: one column with its total. Shares: numerator and denominator columns, the
    rate shown only where both are published. Medians: shown only over `below` records or more."""
    below = suppression.threshold() if below is None else below
    nums = [aggs.get(k, Agg()).num for k in keys]
    if measure.kind == "count":
        table = suppression.suppress(
            suppression.CountTable(measure.title, labels, [measure.title], [[n] for n in nums], row_totals=False), below
        )
        texts = [table.shown(i, 0) for i in range(len(keys))]
        vals: list[float | int | None] = [table.published(i, 0) for i in range(len(keys))]
        return texts, vals, table.shown(len(keys), 0), ""
    if measure.kind in ("share", "per100"):
        dens = [aggs.get(k, Agg()).den for k in keys]
        table = suppression.suppress(
            suppression.CountTable(
                measure.title,
                labels,
                ["numerator", "denominator"],
                [[n, d] for n, d in zip(nums, dens, strict=True)],
                row_totals=False,
            ),
            below,
        )
        texts, vals = [], []  # noqa: F841
        for i, k in enumerate(keys):
            ok = table.published(i, 0) is not None and table.published(i, 1) is not None
            value = measure.value(aggs.get(k, Agg())) if ok else None
            vals.append(value)
            texts.append(fmt(measure, value) if ok else suppression.SYMBOL)
        return texts, vals, "", ""
    texts, vals = [], []  # noqa: F841
    for k in keys:
        agg = aggs.get(k, Agg())
        enough = measure.kind == "longest" or agg.num >= below
        value = measure.value(agg) if enough else None
        vals.append(value)
        texts.append(fmt(measure, value) if enough else (suppression.SYMBOL if agg.num else "no data"))
    return texts, vals, "", ""


def _month_labels(period: Period) -> tuple[list[str], list[str]]:
    keys = [f"{y}-{m:02d}" for y, m in period.months()]
    labels = [dt.date(y, m, 1).strftime("%b %Y") for y, m in period.months()]
    return keys, labels


def figure(measure: Measure, flt: Filter, today: dt.date, national: bool, forces: list[Force]) -> Figure:
    total_agg = measures.total(measure, flt)
    value = measure.value(total_agg)
    headline, detail = fmt(measure, value), _detail(measure, total_agg)
    suppressed = national or measure.always_suppressed
    if suppressed:
        texts, _vals, _t, _ = published_values(measure, {"all": total_agg}, ["all"], ["All"])
        headline = texts[0]
        if measure.always_suppressed:
            detail = measure.counts
    fig = Figure(measure, headline, detail)
    if measure.victims_code:
        from lantern.oversight import victims

        fig.as_at = victims.as_at(flt)
    if measure.key in TRENDS and "month" in measure.breakdowns:
        tp = trend_period(flt.period, today)
        aggs = measures.aggregates(measure, dataclasses.replace(flt, period=tp), "month")
        keys, labels = _month_labels(tp)
        if suppressed:
            texts, vals, _total, _ = published_values(measure, aggs, keys, labels)
        else:
            vals = [measure.value(aggs.get(k, Agg())) if k in aggs or measure.is_count else None for k in keys]
            texts = [fmt(measure, v) for v in vals]
        fig.trend_rows = [Cell(lab, t, v, k, bool(v)) for lab, t, v, k in zip(labels, texts, vals, keys, strict=True)]
        if any(v for v in vals):
            fig.trend_chart = charts.trend(
                f"{measure.title}, by month",
                f"{measure.title} in each of the {tp.label}: the table that follows gives the numbers.",
                labels,
                {measure.title: vals},
            )
    if national and "force" in measure.breakdowns and len(forces) > 1:
        aggs = measures.aggregates(measure, flt, "force")
        keys, labels = [f.code for f in forces], [f.name for f in forces]
        texts, vals, total_text, _ = published_values(measure, aggs, keys, labels)
        fig.compare_rows = [Cell(lab, t, v, k) for lab, t, v, k in zip(labels, texts, vals, keys, strict=True)]
        if total_text:
            fig.compare_rows.append(Cell("Total", total_text, None))
        if any(v for v in vals):
            fig.compare_chart = charts.bars(
                f"{measure.title}, by force",
                f"{measure.title} in {flt.period.label} for each force; "
                f"withheld values ({suppression.SYMBOL}) are left blank. The table that follows gives the numbers.",
                [f.name for f in forces],
                vals,
                horizontal=True,
            )
    return fig


def build(keys: list[str], flt: Filter, today: dt.date, national: bool) -> list[Figure]:
    forces = list(Force.objects.order_by("name"))
    if flt.force_ids is not None:
        forces = [f for f in forces if f.pk in set(flt.force_ids)]
    from lantern.oversight.victims import shared_computation

    with shared_computation():
        return [figure(measures.MEASURES[k], flt, today, national, forces) for k in keys]


def has_data(flt: Filter) -> bool:
    """Whether anything at all was recorded for the filter (crimes, referrals, notifications, outcomes)."""
    for key in ("crimes_recorded", "nrm_referrals", "dtn_records", "outcomes_assigned"):
        m = measures.MEASURES[key]
        if flt.exploitation and "exploitation" not in m.breakdowns:
            continue
        if measures.total(m, flt).num:
            return True
    return False


def as_json(figures: list[Figure]) -> list[dict[str, Any]]:
    return [
        {
            "measure": f.measure.key,
            "title": f.measure.title,
            "headline": f.headline,
            "trend": [{"month": c.key, "value": c.value, "shown": c.text} for c in f.trend_rows],
            "by_force": [{"force": c.key, "value": c.value, "shown": c.text} for c in f.compare_rows if c.key],
        }
        for f in figures
    ]
