"""Decisions at national scale: the case's Decisions page (the closure gate and everything on it),
a decision's full history, and a force's work list, as data and as rendered pages. Run through
bench/run.py (`./lantern bench decisions --db sqlite --scale national --seed 1`), or directly on a
database that already holds generated data:

    LANTERN_VAR_DIR=/tmp/xyz .venv/bin/python bench/decisions_bench.py

The generated closures get their decisions first (lantern.decisions.synthetic): a closing decision
with its outcome, sign-off and review rights for every closed case, a proposed decision with its
evidence for 2% of open cases, review tasks and review requests on some closed ones.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantern.config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# Pages are rendered without collectstatic having run: serve static names as they are.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from django.db import connection, reset_queries  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from lantern.cases.models import Case  # noqa: E402
from lantern.core.models import Role, User  # noqa: E402
from lantern.decisions import queries, synthetic  # noqa: E402
from lantern.decisions.models import Decision, NewInformation, ReviewRequest  # noqa: E402
from lantern.victims_code.working_days import london_day  # noqa: E402


def timed(fn: Callable[[], object], repeat: int = 5) -> tuple[float, int, object]:
    """Median seconds and the queries of one run."""
    times, result, count = [], None, 0
    for i in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - started)
        if i == 0:
            count = len(ctx.captured_queries)
    return statistics.median(times), count, result


def main() -> None:
    db = os.environ.get("LANTERN_BENCH_DB", connection.vendor)
    today = london_day(timezone.now())
    print(f"database: {db}; cases: {Case.objects.count():,}", flush=True)
    if not Decision.objects.exists():
        started = time.perf_counter()
        totals = synthetic.derive(seed=1, today=today)
        print(f"synthetic decisions: {totals} in {time.perf_counter() - started:.1f} s", flush=True)
    print(
        f"decisions: {Decision.objects.count():,}; review tasks: {NewInformation.objects.count():,}; "
        f"review requests: {ReviewRequest.objects.count():,}",
        flush=True,
    )
    rng = random.Random(1)
    closed = list(Decision.objects.filter(state="applied").values_list("pk", "case_id")[:20000])
    proposed = list(Decision.objects.filter(state="proposed").values_list("pk", "case_id")[:20000])
    sample_closed = rng.sample(closed, min(20, len(closed)))
    sample_open = rng.sample(proposed, min(20, len(proposed)))
    busiest = (
        Case.objects.values("force_id").annotate(n=Count("id")).order_by("-n").values_list("force_id", flat=True)[0]
    )
    supervisor = User.objects.filter(role=Role.SUPERVISOR, force_id=busiest, is_active=True).order_by("pk").first()
    assert supervisor is not None  # noqa: S101
    rows = []

    def measure(label: str, fn: Callable[[], object], repeat: int = 5) -> None:
        seconds, count, _ = timed(fn, repeat)
        rows.append((label, seconds * 1000, count))
        print(f"{label}: {seconds * 1000:.1f} ms, {count} queries", flush=True)

    def gate(case_ids: list[int]) -> Callable[[], object]:
        cases = list(Case.objects.filter(pk__in=case_ids))
        return lambda: [queries.case_decisions(c, today) for c in cases]

    def histories(ids: list[int]) -> Callable[[], object]:
        ds = list(Decision.objects.filter(pk__in=ids).select_related("case"))
        return lambda: [queries.history(d) for d in ds]

    n_open, n_closed = len(sample_open), len(sample_closed)
    measure(f"case decisions + gate, {n_open} open cases with a proposal (total)", gate([c for _d, c in sample_open]))
    measure(f"case decisions + gate, {n_closed} closed cases (total)", gate([c for _d, c in sample_closed]))
    measure(f"full history, {n_closed} closed decisions (total)", histories([d for d, _c in sample_closed]))
    measure(f"work list of a supervisor of the busiest force ({busiest})", lambda: queries.work_list(supervisor, today))

    client = Client()
    client.force_login(supervisor)
    own_closed = list(Decision.objects.filter(state="applied", case__force_id=busiest).values_list("pk", "case_id")[:5])
    if own_closed:
        d_pk, c_pk = own_closed[0]
        measure("page: a closed case's Decisions tab (rendered)", lambda: client.get(f"/cases/{c_pk}/decisions/"))
        measure("page: a decision's history (rendered)", lambda: client.get(f"/decisions/{d_pk}/"))
    measure("page: the work list (rendered)", lambda: client.get("/decisions/"))
    reset_queries()
    print()
    print(f"| {db} | milliseconds (median of 5) | queries |")
    print("| --- | ---: | ---: |")
    for label, ms, count in rows:
        print(f"| {label} | {ms:.1f} | {count} |")


if __name__ == "__main__":
    main()
