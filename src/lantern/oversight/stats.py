"""Aggregates for the national page: counts per force, with small numbers suppressed.

A count under SUPPRESS_BELOW is shown as "fewer than 5" (it could identify a person). Where a
column also shows its total, one suppressed cell could be worked out from the total and the other
cells, so the next smallest cell in that column is suppressed too (secondary suppression).
Pure functions, no I/O, except national_rows which runs the queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q

from lantern.cases.models import Case, CaseStatus, Handover
from lantern.core.models import Force
from lantern.nrm.models import NrmReferral
from lantern.nrm.rules import unlinked_alert_window

SUPPRESS_BELOW = 5
SUPPRESSED = "fewer than 5"
SECONDARY = "withheld"


def suppress_column(values: Sequence[int]) -> list[str]:
    """Display strings for one column of counts that is published with its total."""
    shown: list[str] = [SUPPRESSED if v < SUPPRESS_BELOW else f"{v:,}" for v in values]
    suppressed = [i for i, v in enumerate(values) if v < SUPPRESS_BELOW]
    if len(suppressed) == 1:
        others = sorted((v, i) for i, v in enumerate(values) if v >= SUPPRESS_BELOW)
        if others:
            shown[others[0][1]] = SECONDARY
    return shown


def suppress_total(value: int) -> str:
    return SUPPRESSED if value < SUPPRESS_BELOW else f"{value:,}"


@dataclass(frozen=True)
class ForceRow:
    force: str
    open_cases: str
    recorded_last_year: str
    nrm_received_last_year: str
    nrm_unlinked: str


@dataclass(frozen=True)
class NationalTable:
    rows: list[ForceRow]
    totals: ForceRow


COLUMNS = ("open_cases", "recorded_last_year", "nrm_received_last_year", "nrm_unlinked")


def national_rows(now: datetime) -> NationalTable:
    year_ago = now - timedelta(days=365)
    cutoff = now - unlinked_alert_window()
    forces = list(
        Force.objects.order_by("name").annotate(
            open_cases=Count("cases", filter=~Q(cases__status=CaseStatus.CLOSED), distinct=True),
            recorded_last_year=Count("cases", filter=Q(cases__reported_at__gte=year_ago), distinct=True),
        )
    )
    nrm = {
        row["force_id"]: row
        for row in NrmReferral.objects.values("force_id").annotate(
            received=Count("id", filter=Q(received_at__gte=year_ago)),
            unlinked=Count("id", filter=Q(received_at__lte=cutoff, no_crime_reason="", cases__isnull=True)),
        )
    }
    raw = {
        "open_cases": [f.open_cases for f in forces],
        "recorded_last_year": [f.recorded_last_year for f in forces],
        "nrm_received_last_year": [nrm.get(f.pk, {}).get("received", 0) for f in forces],
        "nrm_unlinked": [nrm.get(f.pk, {}).get("unlinked", 0) for f in forces],
    }
    shown = {column: suppress_column(values) for column, values in raw.items()}
    rows = [ForceRow(f.name, *(shown[c][i] for c in COLUMNS)) for i, f in enumerate(forces)]
    totals = ForceRow("England and Wales", *(suppress_total(sum(raw[c])) for c in COLUMNS))
    return NationalTable(rows, totals)


def open_handover_count(force_id: int) -> int:
    return Handover.objects.filter(case__force_id=force_id, state=Handover.State.OFFERED).count()


def open_cases_by_status(force_id: int) -> list[tuple[str, str, int]]:
    counts = dict(
        Case.objects.filter(force_id=force_id).exclude(status=CaseStatus.CLOSED)
        .values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return [(value, label, counts.get(value, 0)) for value, label in CaseStatus.choices if value != CaseStatus.CLOSED]
