"""The NRM recovery period and its end; lengths from data (domain.md 0 C18-C20, 5.2)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from django.conf import settings

from lantern.safeguarding.rules.paths import DATA_DIR

# --- Recovery period (domain.md 0 C18-C20, 5.2) ---------------------------------------------


@cache
def _periods_from_file() -> dict[str, Any]:
    with (DATA_DIR / "nrm_periods.json").open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def nrm_periods() -> dict[str, Any]:
    """The period lengths: settings.LANTERN_NRM_PERIODS if set, else data/nrm_periods.json."""
    override = getattr(settings, "LANTERN_NRM_PERIODS", None)
    return override if override else _periods_from_file()


@dataclass(frozen=True)
class RecoveryPeriod:
    starts_on: date
    minimum_end: date
    ends_on: date | None  # None while it runs until a conclusive grounds decision not yet made
    days: int
    basis: str


def recovery_period(
    rg_positive_on: date, cg_decided_on: date | None = None, periods: Mapping[str, Any] | None = None
) -> RecoveryPeriod:
    """The recovery period after a positive reasonable grounds decision made on rg_positive_on.

    The row in force on the decision date gives the length; under the older rule the period
    lasts at least that long or until the conclusive grounds decision, whichever is later."""
    rows = sorted((periods or nrm_periods())["recovery_period"], key=lambda row: row["from"])
    applicable = [row for row in rows if date.fromisoformat(row["from"]) <= rg_positive_on] or rows[:1]
    row = applicable[-1]
    days = int(row["days"])
    minimum_end = rg_positive_on + timedelta(days=days)
    if row.get("until_conclusive_grounds"):
        ends_on = None if cg_decided_on is None else max(minimum_end, cg_decided_on)
    else:
        ends_on = minimum_end
    return RecoveryPeriod(rg_positive_on, minimum_end, ends_on, days, str(row.get("tag", "")))
