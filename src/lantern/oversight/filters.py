"""What a measure is asked about: a period (a quarter, a month or a year), forces, a region and an
exploitation type. Parsed and checked once here for the pages, the API and `./lantern stats`
alike; a bad value raises FilterError naming the field, so each interface can show it its own way
(a GOV.UK error summary, a 400 with the field, a message on standard error)."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from lantern.cases.models import ExploitationType
from lantern.core.models import Force

REGIONS_FILE = Path(__file__).parent / "data" / "regions.json"
OTHER_REGION = "Other"
# The first month of the data Lantern can hold: nothing before it is a period worth asking for.
EARLIEST_YEAR = 2015


class FilterError(ValueError):
    """A filter value that cannot be used; `field` names the input (period, force, region, exploitation)."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message

    def as_errors(self) -> dict[str, list[str]]:
        return {self.field: [self.message]}


@dataclass(frozen=True)
class Period:
    start: dt.date  # first day, inclusive
    end: dt.date  # last day, inclusive
    label: str
    key: str  # as typed canonically: 2026-Q3, 2026-07, 2026

    def months(self) -> list[tuple[int, int]]:
        out, (y, m) = [], (self.start.year, self.start.month)
        while (y, m) <= (self.end.year, self.end.month):
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out


@functools.cache
def regions() -> dict[str, str]:
    """Force code -> region name, from data/regions.json."""
    data = json.loads(REGIONS_FILE.read_text(encoding="utf-8"))
    return {code: region for region, codes in data.items() if not region.startswith("_") for code in codes}


def region_names() -> list[str]:
    return sorted(set(regions().values()))


def region_of(force_code: str) -> str:
    return regions().get(force_code, OTHER_REGION)


def parse_period(text: str, today: dt.date) -> Period:
    """`2026-Q3`, `2026-07` or `2026` (a calendar year). A period that starts after today is refused."""
    value = (text or "").strip().upper()
    if not value:
        raise FilterError("period", "Enter a period, for example 2026-Q3, 2026-07 or 2026")
    if m := re.fullmatch(r"(\d{4})-?Q([1-4])", value):
        year, quarter = int(m[1]), int(m[2])
        start = dt.date(year, 3 * quarter - 2, 1)
        end_month = 3 * quarter
        end = dt.date(year, end_month, calendar.monthrange(year, end_month)[1])
        label, key = f"{start:%B} to {end:%B %Y}", f"{year}-Q{quarter}"
    elif m := re.fullmatch(r"(\d{4})-(\d{1,2})", value):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise FilterError("period", f"There is no month {month}: use 01 to 12, for example 2026-07")
        start = dt.date(year, month, 1)
        end = dt.date(year, month, calendar.monthrange(year, month)[1])
        label, key = f"{start:%B %Y}", f"{year}-{month:02d}"
    elif m := re.fullmatch(r"(\d{4})", value):
        year = int(m[1])
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        label, key = str(year), str(year)
    else:
        raise FilterError(
            "period", f"“{text}” is not a period: use a quarter (2026-Q3), a month (2026-07) or a year (2026)"
        )
    if start.year < EARLIEST_YEAR:
        raise FilterError("period", f"Lantern holds no records before {EARLIEST_YEAR}: choose a later period")
    if start > today:
        raise FilterError("period", f"{label} has not started yet: choose a period that starts on or before today")
    return Period(start, end, label, key)


def current_quarter(today: dt.date) -> str:
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


def recent_periods(today: dt.date, count: int = 8) -> list[str]:
    """The last `count` quarters, newest first, for a period picker."""
    y, q = today.year, (today.month - 1) // 3 + 1
    out = []
    for _ in range(count):
        out.append(f"{y}-Q{q}")
        y, q = (y - 1, 4) if q == 1 else (y, q - 1)
    return out


@dataclass(frozen=True)
class Filter:
    period: Period
    force_ids: tuple[int, ...] | None = None  # None: every force
    force_codes: tuple[str, ...] = ()
    region: str = ""
    exploitation: str = ""  # an ExploitationType value, or "" for all
    labels: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def start_at(self) -> dt.datetime:
        from lantern.core.clock import LONDON

        return dt.datetime.combine(self.period.start, dt.time.min, tzinfo=LONDON)

    @property
    def end_at(self) -> dt.datetime:
        """Exclusive: midnight after the last day, London time."""
        from lantern.core.clock import LONDON

        return dt.datetime.combine(self.period.end + dt.timedelta(days=1), dt.time.min, tzinfo=LONDON)

    def describe(self) -> str:
        parts = [self.period.label]
        if self.force_codes:
            parts.append(", ".join(self.labels.get(c, c) for c in self.force_codes))
        if self.region:
            parts.append(f"{self.region} region")
        if self.exploitation:
            parts.append(f"{ExploitationType(self.exploitation).label.lower()} exploitation")
        return "; ".join(parts)


def build_filter(
    *,
    period: str,
    today: dt.date,
    forces: list[str] | tuple[str, ...] = (),
    region: str = "",
    exploitation: str = "",
    allowed_force_ids: set[int] | None = None,
) -> Filter:
    """Check every input and resolve force codes. `allowed_force_ids` limits a police user to their
    own force (None: every force, the national analyst's view)."""
    parsed = parse_period(period, today)
    codes = tuple(dict.fromkeys(c.strip().upper() for c in forces if c and c.strip()))
    known = {f.code: f for f in Force.objects.all()}
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise FilterError("force", f"No force has the code {', '.join(unknown)}: choose a force from the list")
    region = (region or "").strip()
    if region and region not in region_names() + [OTHER_REGION]:
        raise FilterError("region", f"“{region}” is not a region: choose one from the list")
    exploitation = (exploitation or "").strip().lower()
    if exploitation and exploitation not in ExploitationType.values:
        choices = ", ".join(ExploitationType.values)
        raise FilterError("exploitation", f"“{exploitation}” is not an exploitation type: use one of {choices}")
    ids: set[int] | None = {known[c].pk for c in codes} if codes else None
    if region:
        in_region = {f.pk for f in known.values() if region_of(f.code) == region}
        ids = in_region if ids is None else ids & in_region
    if allowed_force_ids is not None:
        if ids is not None and not ids <= allowed_force_ids:
            raise FilterError("force", "You can see your own force's figures only")
        ids = allowed_force_ids if ids is None else ids
    labels = {f.code: f.name for f in known.values()}
    return Filter(parsed, None if ids is None else tuple(sorted(ids)), codes, region, exploitation, labels)
