"""The Victims' Code sweep at scale (the issue asks for under 10 s at national scale), and the read
queries built on the same tables: an officer's duties, a case's duties page data, and the measures.
Run through bench/run.py, which sets up the database:

    ./lantern bench sweep --db sqlite --scale national --seed 1

The generated cases get a synthetic Victims' Code history first (lantern.victims_code.synthetic:
initial duties, contact plans, plan updates, duties for handovers, transfers and charges, and the
timeline's victim contacts as updates meeting them). Then the sweep is timed:

1. the first run after the load: every duty overdue in that history is escalated (a one-off);
2. the next run, straight after (nothing to do: the steady state between runs);
3. a run a day later, and one a week later (plan updates falling due, new escalations).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantern.config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from lantern.cases.models import Case  # noqa: E402
from lantern.core.models import Role, User  # noqa: E402
from lantern.victims_code import measures, queries, synthetic  # noqa: E402
from lantern.victims_code.models import ContactPlan, Duty, VictimUpdate  # noqa: E402
from lantern.victims_code.sweep import run_sweep  # noqa: E402
from lantern.victims_code.working_days import london_day  # noqa: E402


def timed(fn: Callable[[], object], repeat: int = 1) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    db = os.environ.get("LANTERN_BENCH_DB", connection.vendor)
    now = timezone.now()
    print(f"database: {db}; cases: {Case.objects.count():,}", flush=True)
    if not Duty.objects.exists():
        seconds, totals = timed(lambda: synthetic.derive(seed=1, now=now))
        print(f"synthetic Victims' Code history: {totals} in {seconds:.1f} s", flush=True)
    print(
        f"duties: {Duty.objects.count():,} (open {Duty.objects.filter(state='open').count():,}); "
        f"updates: {VictimUpdate.objects.count():,}; contact plans: {ContactPlan.objects.count():,}",
        flush=True,
    )
    rows = []
    for label, moment in (
        ("first run after the load", now),
        ("next run (steady state)", now),
        ("a day later", now + dt.timedelta(days=1)),
        ("a week later", now + dt.timedelta(days=8)),
    ):
        seconds, result = timed(lambda m=moment: run_sweep(m))
        r = result
        assert r is not None
        rows.append((label, seconds, r))
        print(f"sweep, {label}: {seconds:.2f} s; " + "; ".join(r.lines()), flush=True)

    supervisor = User.objects.filter(role=Role.SUPERVISOR, force__code="MPS").first()
    analyst = User.objects.filter(role=Role.ANALYST).first()
    busiest = Duty.objects.filter(state="open").values("owner_id").annotate(n=Count("id")).order_by("-n").first()
    reads: list[tuple[str, float]] = []
    today = london_day(now)
    if busiest:
        officer = User.objects.get(pk=busiest["owner_id"])
        seconds, _ = timed(lambda: queries.my_duties(officer, today), repeat=5)
        reads.append((f"an officer's duties panel ({busiest['n']} open duties)", seconds))
        case = Case.objects.filter(duties__owner=officer).first()
        if case is not None:
            seconds, _ = timed(
                lambda: (queries.case_duties(case, today), queries.victim_summaries(case, now)), repeat=5
            )
            reads.append(("a case's duties page data", seconds))
    year = (today - dt.timedelta(days=365), today)
    if supervisor:
        seconds, _ = timed(lambda: measures.compute(supervisor, *year, "officer", now), repeat=3)
        reads.append(("measures, one force (MPS) by officer, a year", seconds))
    if analyst:
        seconds, _ = timed(lambda: measures.compute(analyst, *year, "force", now), repeat=3)
        reads.append(("measures, national by force, a year", seconds))

    print()
    print("| database | run | seconds | escalated to supervisor | to lead | plan duties created |")
    print("| --- | --- | --- | --- | --- | --- |")
    for label, seconds, r in rows:
        print(
            f"| {db} | {label} | {seconds:.2f} | {r.escalated_to_supervisor:,} | {r.escalated_to_lead:,} "
            f"| {r.plan_duties:,} |"
        )
    print()
    print("| database | read | median seconds |")
    print("| --- | --- | --- |")
    for label, seconds in reads:
        print(f"| {db} | {label} | {seconds:.3f} |")


if __name__ == "__main__":
    main()
