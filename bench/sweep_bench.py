"""The Victims' Code sweep at scale: in steady state it must take under 10 s at national scale, in
any state (issue 15 item 5). Run through bench/run.py, which sets up the database:

    ./lantern bench sweep --db sqlite --scale national --seed 1
    ./lantern bench sweep --db postgresql --scale national --seed 1

`generate` writes the Victims' Code history its timelines imply, with the escalations a sweep
running until the generation's anchor would have made (lantern.victims_code.synthetic); a database
generated before that gets it here first. Then the sweep is timed, `now` being the clock's
(LANTERN_CLOCK for another moment):

1. the first run after generating (the steady state: nothing should be owed);
2. the next run, straight after (the steady state between runs);
3. a run a day later (a day's plan updates and escalations);
4. a run 7 days later, as after a week with the worker stopped.

Runs 1, 3 and 4 are repeated (REPEAT, default 3) inside a transaction rolled back after each, so
each repeat starts from the same state; the median is reported, then run 1 is done for real.
Imports the sweep needs once per process (the URL conf for the e-mail link, the bank holidays) are
loaded before timing: the worker holds them; `./lantern sweep` pays them at start.
Then the read queries built on the same tables: an officer's duties, a case's duties page data,
the measures. LANTERN_BENCH_CPROFILE=week instead profiles one run 7 days later (rolled back).
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

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.urls import reverse  # noqa: E402

from lantern.cases.models import Case  # noqa: E402
from lantern.core import clock  # noqa: E402
from lantern.core.models import Role, User  # noqa: E402
from lantern.victims_code import measures, queries, synthetic  # noqa: E402
from lantern.victims_code.code import working_calendar  # noqa: E402
from lantern.victims_code.models import ContactPlan, Duty, Escalation, VictimUpdate  # noqa: E402
from lantern.victims_code.sweep import SweepResult, run_sweep  # noqa: E402
from lantern.victims_code.working_days import london_day  # noqa: E402

REPEAT = int(os.environ.get("REPEAT", "3"))


class Rollback(Exception):
    pass


def timed(fn: Callable[[], object], repeat: int = 1) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def sweep_rolled_back(moment: dt.datetime) -> tuple[list[float], SweepResult]:
    """REPEAT runs of the sweep at `moment`, each undone afterwards: their times and the last result."""
    times: list[float] = []
    result = SweepResult()
    for _ in range(REPEAT):
        try:
            with transaction.atomic():
                started = time.perf_counter()
                result = run_sweep(moment)
                times.append(time.perf_counter() - started)
                raise Rollback
        except Rollback:
            pass
    return times, result


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def profile_week(now: dt.datetime) -> None:
    """LANTERN_BENCH_CPROFILE=week: one run 7 days later under cProfile, rolled back; where it goes."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    try:
        with transaction.atomic():
            profiler.enable()
            result = run_sweep(now + dt.timedelta(days=7))
            profiler.disable()
            print(f"7 days later, under cProfile: {result.timings}", flush=True)
            raise Rollback
    except Rollback:
        pass
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats("plans.py|simple_history|query.py:[0-9]+.bulk_create", 12)
    stats.sort_stats("tottime").print_stats(12)


def main() -> None:
    db = os.environ.get("LANTERN_BENCH_DB", connection.vendor)
    now = clock.now()
    if os.environ.get("LANTERN_BENCH_CPROFILE") == "week":
        reverse("cases:my_cases")
        profile_week(now)
        return
    print(f"database: {db}; cases: {Case.objects.count():,}; now: {now:%Y-%m-%d %H:%M} UTC", flush=True)
    if not Duty.objects.exists():
        seconds, totals = timed(lambda: synthetic.derive(seed=1, now=now))
        print(f"synthetic Victims' Code history (not made by generate): {totals} in {seconds:.1f} s", flush=True)
    print(
        f"duties: {Duty.objects.count():,} (open {Duty.objects.filter(state='open').count():,}); "
        f"updates: {VictimUpdate.objects.count():,}; contact plans: {ContactPlan.objects.count():,}; "
        f"escalations: {Escalation.objects.count():,}",
        flush=True,
    )
    reverse("cases:my_cases")  # the process's one-off imports, outside the timings
    working_calendar().add_working_days(london_day(now), 3)
    rows: list[tuple[str, list[float], SweepResult, str]] = []

    def record(label: str, times: list[float], result: SweepResult) -> None:
        rows.append((label, times, result, load()))
        shown = ", ".join(f"{t:.2f}" for t in times)
        print(f"sweep, {label}: {shown} s (load {load()}); " + "; ".join(result.lines()), flush=True)

    record("first run after generate (repeats rolled back)", *sweep_rolled_back(now))
    seconds, first = timed(lambda: run_sweep(now))
    assert isinstance(first, SweepResult)
    record("first run after generate, for real", [seconds], first)
    seconds, second = timed(lambda: run_sweep(now))
    assert isinstance(second, SweepResult)
    record("next run, straight after", [seconds], second)
    record("a day later (repeats rolled back)", *sweep_rolled_back(now + dt.timedelta(days=1)))
    record("7 days later: a week's absence (repeats rolled back)", *sweep_rolled_back(now + dt.timedelta(days=7)))
    reads = read_queries(now)

    print()
    print(
        "| database | run of the sweep | p50 seconds (runs) | plan duties created "
        "| escalated to supervisor | to lead | load |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for label, times, r, at_load in rows:
        shown = ", ".join(f"{t:.2f}" for t in times)
        print(
            f"| {db} | {label} | **{statistics.median(times):.2f}** ({shown}) | {r.plan_duties:,} "
            f"| {r.escalated_to_supervisor:,} | {r.escalated_to_lead:,} | {at_load} |"
        )
    print()
    print("| database | read | median seconds |")
    print("| --- | --- | --- |")
    for label, seconds in reads:
        print(f"| {db} | {label} | {seconds:.3f} |")


def read_queries(now: dt.datetime) -> list[tuple[str, float]]:
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
    return reads


if __name__ == "__main__":
    main()
