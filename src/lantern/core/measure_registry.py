"""The one registry of oversight measures (MEASURES) and the shapes of a measure (Measure, Source,
Agg). It is in core so that any app can put its own measures next to its data and register them
in its AppConfig.ready() (`register(...)`), whatever its layer: oversight defines most of them
(oversight/definitions.py), orders and portal register theirs (orders/measures.py,
portal/measures.py), and every reader (the force and national dashboards, the publication, the API,
the recommendations monitor) reads this one dict through lantern.oversight.measures, which
computes them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

BREAKDOWNS = {"force": "Force", "region": "Region", "month": "Month", "exploitation": "Exploitation type"}


def median_from_counts(counts: Mapping[int, int]) -> float | None:
    """The median of values given as {value: how many times} (as a GROUP BY returns them)."""
    ordered = sorted((v, n) for v, n in counts.items() if n > 0)
    total = sum(n for _v, n in ordered)
    if total == 0:
        return None

    def nth(k: int) -> int:
        seen = 0
        for value, n in ordered:
            seen += n
            if k < seen:
                return value
        raise IndexError(k)

    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2


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
    make the numerator (and the denominator, for a share).

    A flow (the default) counts records dated in the period by `date_field`. A stock (`in_force`:
    the names of its first and last day, both dates, the last empty for "no end") counts records in
    force on the period's last day (on each month's last day, by month; never after today)."""

    queryset: Callable[[], QuerySet[Any]]
    date_field: str
    force_field: str
    case_field: str | None  # path to the case id, for drill-down and exploitation type
    exploitation_field: str | None  # path to a JSON list of types
    numerator: Q = field(default_factory=Q)
    denominator: Q | None = None
    days: tuple[str, str] | None = None  # (from, to) date fields: a median of days between them
    in_force: tuple[str, str] | None = None  # (first day, last day or empty): a stock, not a flow


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
    # Suppressed wherever it is shown, the force's own dashboard too (victims' survey answers: a
    # small number could identify a victim to the officer).
    always_suppressed: bool = False
    # In the publication: the table (its title) and the column(s) this measure's numerator (and,
    # for a share, its denominator) fill. Empty: published in a table of oversight's own.
    table: str = ""
    column: str = ""
    den_column: str = ""

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

    @property
    def lists_cases(self) -> bool:
        """Whether a figure of this measure can drill down to the cases behind it: its records
        name a case (NRM referrals and Duty to Notify records need not), or it is a Victims' Code
        measure (duties belong to cases)."""
        return bool(self.source is not None and self.source.case_field or self.victims_code)


MEASURES: dict[str, Measure] = {}


def register(*measures: Measure) -> None:
    """Add measures to the registry (from an AppConfig.ready()). A key is registered once; the
    key again with the same title (a module imported again) replaces it."""
    for measure in measures:
        existing = MEASURES.get(measure.key)
        if existing is not None and existing.title != measure.title:
            raise ValueError(f"A different measure is already registered as {measure.key!r}")
        MEASURES[measure.key] = measure
