"""Safeguarding at scale: the per-force counts (ledger and section 45) over every force, the
disclosure export of a case (which decrypts and scans every protected value of the case against
all its free text), and the interpreter check. Run through bench/run.py:

    ./lantern bench safeguarding --db sqlite --scale national --seed 1

The generated cases first get the synthetic safeguarding records (lantern.safeguarding.synthetic).
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
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantern.config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from lantern.cases.models import Case  # noqa: E402
from lantern.people.models import Person  # noqa: E402
from lantern.safeguarding import queries, synthetic  # noqa: E402
from lantern.safeguarding.interpreters import bookings as interpreters  # noqa: E402
from lantern.safeguarding.models import Interpreter, ProtectedDetail  # noqa: E402
from lantern.safeguarding.protected import protection  # noqa: E402


def times_of(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def row(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"| {name} | {len(samples)} | {statistics.median(samples) * 1000:.1f} | {p95 * 1000:.1f} |"


def main() -> None:
    rng = random.Random(1)  # noqa: S311 - choosing cases to time
    started = time.perf_counter()
    totals = synthetic.derive(seed=1)
    print(f"synthetic safeguarding records: {totals} in {time.perf_counter() - started:.1f} s", flush=True)
    cases = Case.objects.count()
    print(f"{connection.vendor}: {cases} cases, {ProtectedDetail.objects.count()} protected details")
    lines = ["| operation | runs | p50 ms | p95 ms |", "| --- | --- | --- | --- |"]
    lines.append(row("counts per force, all forces", times_of(lambda: queries.counts_per_force(), 5)))
    with_details = list(Case.objects.filter(protected_details__isnull=False).values_list("pk", flat=True).distinct())
    sample = rng.sample(with_details, min(200, len(with_details)))
    export_times = []
    for pk in sample:
        case = Case.objects.select_related("force", "officer_in_charge").get(pk=pk)
        t0 = time.perf_counter()
        try:
            protection.export(case.officer_in_charge, case, recipient="CPS", reason="Benchmark")
        except protection.DisclosureRefused:
            pass
        export_times.append(time.perf_counter() - t0)
    lines.append(row("disclosure export of a case with protected details", export_times))
    register = list(Interpreter.objects.prefetch_related("languages"))
    persons = list(Person.objects.filter(languages__isnull=False).distinct().order_by("pk")[:5000])
    picks = [(rng.choice(persons), rng.choice(register)) for _ in range(300)]
    check_times = []
    for person, interpreter in picks:
        code = interpreter.languages.all()[0].language
        t0 = time.perf_counter()
        interpreters.check(person, code, "", interpreter, timezone.localdate())
        check_times.append(time.perf_counter() - t0)
    lines.append(row("interpreter check (with the person's languages and past bookings)", check_times))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
