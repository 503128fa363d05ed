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

Measures for update requests, orders in force and breaches, and victim feedback are not listed yet:
their records are being built; add them to MEASURES as Source-based measures when they exist.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.fields.json import KT
from django.db.models.functions import TruncMonth

from lantern.cases.models import Case, CpsReferral, ExploitationType
from lantern.core.clock import LONDON
from lantern.core.models import Force
from lantern.decisions.models import CpsSubmission, Decision, OutcomeLine, ReviewRequest, VictimAccount
from lantern.nrm.models import DutyToNotify, NrmReferral
from lantern.oversight.filters import Filter, region_of
from lantern.safeguarding.models import ImmigrationShare, InterpreterBooking, Section45Consideration
from lantern.victims_code.rules import median_from_counts

BREAKDOWNS = {"force": "Force", "region": "Region", "month": "Month", "exploitation": "Exploitation type"}
IN_EFFECT = [Decision.State.APPLIED, Decision.State.REOPENED]  # outcomes that were in force when decided


@dataclass
class Agg:
    """What one group contributes: a numerator, a denominator, and for medians the distribution."""

    num: int = 0
    den: int = 0
    hist: Counter[int] = field(default_factory=Counter)
    peak: int | None = None  # for "longest" measures

    def add(self, other: Agg) -> None:
        self.num += other.num
        self.den += other.den
        self.hist.update(other.hist)
        if other.peak is not None:
            self.peak = other.peak if self.peak is None else max(self.peak, other.peak)


@dataclass(frozen=True)
class Source:
    """Records counted by a measure: a queryset, its date, force and case paths, and which of them
    make the numerator (and the denominator, for a share)."""

    queryset: Callable[[], QuerySet[Any]]
    date_field: str
    force_field: str
    case_field: str | None  # path to the case id, for drill-down and exploitation type
    exploitation_field: str | None  # path to a JSON list of types
    numerator: Q = field(default_factory=Q)
    denominator: Q | None = None
    days: tuple[str, str] | None = None  # (from, to) date fields: a median of days between them


@dataclass(frozen=True)
class Measure:
    key: str
    title: str
    description: str
    numerator: str
    denominator: str
    counts: str
    kind: str  # count, share (%), per100 (per 100 of `per`), median (days), longest (days)
    source: Source | None = None
    per: str = ""  # per100: the measure whose count is the denominator
    victims_code: str = ""  # share_on_time, median_days_late, longest_silence
    breakdowns: frozenset[str] = frozenset(BREAKDOWNS)
    unit: str = ""

    def value(self, agg: Agg) -> float | int | None:
        if self.kind == "count":
            return agg.num
        if self.kind in ("share", "per100"):
            return round(100 * agg.num / agg.den, 1) if agg.den else None
        if self.kind == "median":
            return median_from_counts(agg.hist)
        return agg.peak

    @property
    def is_count(self) -> bool:
        return self.kind == "count"


def _cases() -> QuerySet[Case]:
    return Case.objects.all()


def _closures() -> QuerySet[Decision]:
    no_account = VictimAccount.objects.filter(case_id=OuterRef("case_id"), superseded_at__isnull=True, taken=True)
    return Decision.objects.filter(kind=Decision.Kind.CLOSE, state__in=IN_EFFECT).annotate(
        with_account=Exists(no_account)
    )


CRIMES = Source(_cases, "reported_at", "force_id", "id", "exploitation_types")
NRM = Source(
    lambda: NrmReferral.objects.annotate(
        linked=Exists(NrmReferral.cases.through.objects.filter(referral_id=OuterRef("pk")))
    ),
    "received_at",
    "force_id",
    None,
    None,
)
DTN = Source(
    lambda: DutyToNotify.objects.annotate(
        linked=Exists(DutyToNotify.cases.through.objects.filter(notification_id=OuterRef("pk")))
    ),
    "notified_at",
    "force_id",
    None,
    "exploitation_types",
)
OUTCOMES = Source(
    lambda: OutcomeLine.objects.filter(decision__state__in=IN_EFFECT).exclude(code__code="0"),
    "decision__decided_on",
    "decision__case__force_id",
    "decision__case_id",
    "decision__case__exploitation_types",
)


def _cps(kind: str) -> Source:
    return Source(
        lambda: CpsReferral.objects.filter(kind=kind),
        "referred_at",
        "case__force_id",
        "case_id",
        "case__exploitation_types",
    )


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in [
        Measure(
            "crimes_recorded",
            "Modern slavery crimes recorded",
            "Modern slavery crimes the force recorded in the period.",
            "crimes recorded",
            "",
            "cases, by the date the crime was reported (recorded)",
            "count",
            CRIMES,
        ),
        Measure(
            "nrm_referrals",
            "NRM referrals received",
            "National Referral Mechanism referrals the force received for crime recording.",
            "NRM referrals received",
            "",
            "NRM referrals, by the date the force received them",
            "count",
            NRM,
            breakdowns=frozenset({"force", "region", "month"}),
        ),
        Measure(
            "nrm_no_crime",
            "NRM referrals with no crime recorded",
            "Of the NRM referrals received in the period, the share not (yet) linked to a recorded crime.",
            "NRM referrals with no linked crime",
            "NRM referrals received",
            "NRM referrals, by the date the force received them",
            "share",
            Source(NRM.queryset, "received_at", "force_id", None, None, Q(linked=False), Q()),
            breakdowns=frozenset({"force", "region", "month"}),
        ),
        Measure(
            "dtn_records",
            "Duty to Notify records",
            "Duty to Notify records (adults who did not consent to an NRM referral) made in the period.",
            "Duty to Notify records",
            "",
            "Duty to Notify records, by the date of the notification",
            "count",
            DTN,
        ),
        Measure(
            "dtn_no_crime",
            "Duty to Notify records with no crime recorded",
            "Of the Duty to Notify records in the period, the share not linked to a recorded crime.",
            "Duty to Notify records with no linked crime",
            "Duty to Notify records",
            "Duty to Notify records, by the date of the notification",
            "share",
            Source(DTN.queryset, "notified_at", "force_id", None, "exploitation_types", Q(linked=False), Q()),
        ),
        Measure(
            "outcomes_assigned",
            "Outcomes assigned",
            "Home Office outcomes assigned to modern slavery crimes (one per offence and suspect) by decisions "
            "that took effect; outcome 0 (open) is never counted.",
            "outcomes assigned",
            "",
            "outcome lines of decisions in effect, by the decision date",
            "count",
            OUTCOMES,
        ),
        Measure(
            "charge_rate",
            "Charged or summonsed",
            "Of the outcomes assigned in the period, the share that were a charge or summons (outcome 1).",
            "outcomes 'charged or summonsed'",
            "outcomes assigned",
            "outcome lines of decisions in effect, by the decision date",
            "share",
            Source(
                OUTCOMES.queryset,
                OUTCOMES.date_field,
                OUTCOMES.force_field,
                OUTCOMES.case_field,
                OUTCOMES.exploitation_field,
                Q(code__charge=True),
                Q(),
            ),
        ),
        Measure(
            "cps_early_advice",
            "CPS early advice per 100 crimes",
            "Requests for early investigative advice from the CPS, per 100 modern slavery crimes recorded in the "
            "same period.",
            "requests for early advice",
            "crimes recorded (per 100)",
            "CPS referrals of kind early advice, by the date referred",
            "per100",
            _cps("early_advice"),
            per="crimes_recorded",
        ),
        Measure(
            "cps_pre_charge",
            "CPS pre-charge referrals per 100 crimes",
            "Cases referred to the CPS for a charging decision, per 100 modern slavery crimes recorded in the same "
            "period.",
            "pre-charge referrals",
            "crimes recorded (per 100)",
            "CPS referrals of kind pre-charge, by the date referred",
            "per100",
            _cps("pre_charge"),
            per="crimes_recorded",
        ),
        Measure(
            "cps_days_taken",
            "Days the CPS took to decide",
            "The median number of calendar days from a submission to the CPS to its decision, for decisions made "
            "in the period.",
            "days from submission to decision",
            "decisions made (median)",
            "CPS submissions decided, by the decision date",
            "median",
            Source(
                lambda: CpsSubmission.objects.filter(decided_on__isnull=False),
                "decided_on",
                "case__force_id",
                "case_id",
                "case__exploitation_types",
                days=("submitted_on", "decided_on"),
            ),
            unit="days",
        ),
        Measure(
            "vc_on_time",
            "Victims' Code duties met on time",
            "Of the Victims' Code duties that fell due in the period (met, met late or still overdue), the share "
            "met on time.",
            "duties met on time",
            "duties met, met late or overdue",
            "Victims' Code duties, by the day they fell due",
            "share",
            victims_code="share_on_time",
            breakdowns=frozenset({"force", "region", "month"}),
        ),
        Measure(
            "vc_median_lateness",
            "Median days late",
            "For Victims' Code duties due in the period that were met late or are still overdue, the median number "
            "of days late.",
            "days late",
            "duties met late or overdue (median)",
            "Victims' Code duties, by the day they fell due",
            "median",
            victims_code="median_days_late",
            breakdowns=frozenset({"force", "region", "month"}),
            unit="days",
        ),
        Measure(
            "longest_silence",
            "Longest silence",
            "The longest time a victim went without being told anything about their case, ended in the period or "
            "still running at its end.",
            "days without contact",
            "",
            "cases and their victim contacts",
            "longest",
            victims_code="longest_silence",
            breakdowns=frozenset({"force", "region", "month"}),
            unit="days",
        ),
        Measure(
            "closures_without_account",
            "Closures without the victim's account",
            "Of the cases closed in the period, the share closed without the victim's account having been taken.",
            "closures with no account taken",
            "closures",
            "decisions to close that took effect, by the decision date",
            "share",
            Source(
                _closures,
                "decided_on",
                "case__force_id",
                "case_id",
                "case__exploitation_types",
                Q(with_account=False),
                Q(),
            ),
        ),
        Measure(
            "vrr_requests",
            "Right to Review requests",
            "Requests from victims for a review of a decision not to prosecute (Victims' Right to Review).",
            "review requests received",
            "",
            "review requests, by the date received",
            "count",
            Source(
                ReviewRequest.objects.all,
                "received_on",
                "decision__case__force_id",
                "decision__case_id",
                "decision__case__exploitation_types",
            ),
        ),
        Measure(
            "vrr_overturned",
            "Reviews that overturned the decision",
            "Of the reviews completed in the period, the share that overturned the decision (the case reopened).",
            "reviews that overturned the decision",
            "reviews completed",
            "review requests with a result, by the date completed",
            "share",
            Source(
                lambda: ReviewRequest.objects.exclude(result=""),
                "completed_at",
                "decision__case__force_id",
                "decision__case_id",
                "decision__case__exploitation_types",
                Q(result=ReviewRequest.Result.OVERTURNED),
                Q(),
            ),
        ),
        Measure(
            "interpreter_mismatches",
            "Interpreter mismatches caught",
            "Interpreter bookings where the check found a mismatch (language, dialect, sex, vetting or a conflict).",
            "bookings with findings",
            "",
            "interpreter bookings, by the date proposed",
            "count",
            Source(
                lambda: InterpreterBooking.objects.exclude(findings=[]),
                "created_at",
                "force_id",
                "case_id",
                "case__exploitation_types",
            ),
        ),
        Measure(
            "interpreter_overridden",
            "Interpreter mismatches overridden",
            "Of the bookings with a mismatch in the period, the share confirmed anyway, with a recorded reason.",
            "bookings confirmed despite findings",
            "bookings with findings",
            "interpreter bookings, by the date proposed",
            "share",
            Source(
                lambda: InterpreterBooking.objects.exclude(findings=[]),
                "created_at",
                "force_id",
                "case_id",
                "case__exploitation_types",
                Q(status=InterpreterBooking.Status.CONFIRMED),
                Q(),
            ),
        ),
        Measure(
            "ie_shares",
            "Information shared with the Home Office",
            "Approved shares of a victim's or witness's information with Immigration Enforcement or another part "
            "of the Home Office.",
            "shares approved",
            "",
            "sharing ledger entries, by the date proposed",
            "count",
            Source(
                lambda: ImmigrationShare.objects.filter(status=ImmigrationShare.Status.APPROVED),
                "proposed_at",
                "force_id",
                "case_id",
                "case__exploitation_types",
            ),
        ),
        Measure(
            "ie_shares_told",
            "Victims told of the sharing",
            "Of the approved shares in the period, the share where the person was told.",
            "shares where the person was told",
            "shares approved",
            "sharing ledger entries, by the date proposed",
            "share",
            Source(
                lambda: ImmigrationShare.objects.filter(status=ImmigrationShare.Status.APPROVED),
                "proposed_at",
                "force_id",
                "case_id",
                "case__exploitation_types",
                Q(victim_told="yes"),
                Q(),
            ),
        ),
        Measure(
            "s45_considerations",
            "Section 45 considerations",
            "Considerations of the section 45 statutory defence for a victim suspected of an offence.",
            "considerations made",
            "",
            "section 45 considerations, by the date made",
            "count",
            Source(Section45Consideration.objects.all, "created_at", "force_id", "case_id", "case__exploitation_types"),
        ),
        Measure(
            "s45_may_apply",
            "Section 45: the defence may apply",
            "Of the section 45 considerations made in the period, the share concluding the defence may apply.",
            "considerations concluding the defence may apply",
            "considerations made",
            "section 45 considerations, by the date made",
            "share",
            Source(
                Section45Consideration.objects.all,
                "created_at",
                "force_id",
                "case_id",
                "case__exploitation_types",
                Q(conclusion="may_apply"),
                Q(),
            ),
        ),
    ]
}


# --- The query ----------------------------------------------------------------------------------------


def _month_key(value: dt.date | dt.datetime) -> str:
    return f"{value.year}-{value.month:02d}"


def _scoped(source: Source, flt: Filter) -> QuerySet[Any]:
    qs = source.queryset()
    date_field = source.date_field
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
    """One query, a conditional count per month (range comparisons on an indexed column, faster
    than truncating every row's date to its month)."""
    qs = _scoped(source, flt)
    months = _month_bounds(flt, _is_datetime(qs.model, source.date_field))
    annotations: dict[str, Any] = {}
    for i, (_key, lo, hi) in enumerate(months):
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


def aggregates(measure: Measure, flt: Filter, by: str = "") -> dict[str, Agg]:
    """The measure's aggregates for the filter, keyed by force code, region, month (YYYY-MM),
    exploitation type, or "all" when `by` is empty."""
    if by and by not in measure.breakdowns:
        raise ValueError(f"{measure.title} cannot be broken down by {BREAKDOWNS.get(by, by).lower()}")
    if measure.victims_code:
        from lantern.oversight import victims

        return victims.aggregates(measure, flt, by)
    if measure.source is None:
        raise ValueError(f"{measure.key} has no source")
    result = _source_aggs(measure.source, flt, by)
    if measure.kind == "per100":
        crimes = _source_aggs(MEASURES[measure.per].source, flt, by)  # type: ignore[arg-type]
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
