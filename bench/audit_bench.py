"""Audit overhead under concurrency (issue 15, decision 0026): N processes at once, each in a closed
loop for a fixed time, either writing audit entries (`entries`) or reading one case through the API
with Django's test client (`api`: server time without HTTP, the audit entry included), with the
audit on and off. Prints operations per second and p50/p95 per operation, and the load average.

    ./lantern bench audit --db both --scale demo                          # through bench/run.py
    LANTERN_VAR_DIR=DIR .venv/bin/python bench/audit_bench.py            # SQLite in DIR
    DATABASE_URL=postgres://... .venv/bin/python bench/audit_bench.py
    ... bench/audit_bench.py --procs 1,4,8 --seconds 8 --modes entries,api --chainer 1

The database needs cases (`manage.py generate --scale demo`). With --chainer S, a process runs the
audit chainer every S seconds during each run (code that has `audit.chain`; the worker's default is
every LANTERN_AUDIT_CHAIN_SECONDS). The same script run from an older checkout measures "before".
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantern.config.settings")
os.environ.setdefault("LANTERN_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.conf import settings  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

from lantern.cases.models import Case  # noqa: E402
from lantern.core import audit  # noqa: E402
from lantern.core.auth import issue_token  # noqa: E402
from lantern.core.models import AuditEntry, User  # noqa: E402

settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
logging.disable(logging.WARNING)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def _audit_off() -> None:
    def unsaved(actor: Any, action: str, obj: Any = None, **kwargs: Any) -> AuditEntry:
        return AuditEntry(action=action)

    audit.record = unsaved  # type: ignore[assignment]


def _worker(mode: str, audit_on: bool, token: str, cases: list[int], seconds: float, start: Any, out: Any) -> None:
    connections.close_all()
    if not audit_on:
        _audit_off()
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    user = User.objects.order_by("id").first()

    def once(i: int) -> None:
        if mode == "entries":
            audit.record(user, audit.Action.CONSULTATION, object_type="cases.case", object_id=cases[i % len(cases)])
        else:
            response = client.get(f"/api/v1/cases/{cases[i % len(cases)]}")
            assert response.status_code == 200, response.status_code

    for i in range(5):  # warm up: connection, first checkpoint, caches
        once(i)
    start.wait()
    times: list[float] = []
    deadline = time.perf_counter() + seconds
    i = 0
    while time.perf_counter() < deadline:
        began = time.perf_counter()
        once(i)
        times.append(time.perf_counter() - began)
        i += 1
    out.put(times)
    connections.close_all()


def _chainer(every: float, stop: Any) -> None:
    connections.close_all()
    while not stop.is_set():
        audit.chain()  # type: ignore[attr-defined]
        stop.wait(every)
    connections.close_all()


def run(mode: str, procs: int, audit_on: bool, token: str, cases: list[int], seconds: float, chainer: float) -> str:
    ctx = mp.get_context("fork")
    start = ctx.Barrier(procs + 1)
    out = ctx.Queue()
    stop = ctx.Event()
    connections.close_all()
    workers = [
        ctx.Process(target=_worker, args=(mode, audit_on, token, cases, seconds, start, out)) for _ in range(procs)
    ]
    side = ctx.Process(target=_chainer, args=(chainer, stop)) if chainer and hasattr(audit, "chain") else None
    for p in workers:
        p.start()
    if side is not None:
        side.start()
    start.wait()
    began = time.perf_counter()
    times: list[float] = []
    for _ in workers:
        times += out.get()
    elapsed = time.perf_counter() - began
    for p in workers:
        p.join()
    if side is not None:
        stop.set()
        side.join()
    rate = len(times) / elapsed
    return (
        f"| {mode} | {procs} | {'on' if audit_on else 'off'} | {len(times)} | {rate:.0f} | "
        f"{pct(times, 50) * 1000:.2f} | {pct(times, 95) * 1000:.2f} | {os.getloadavg()[0]:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--procs", default="1,4,8")
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--modes", default="entries,api")
    parser.add_argument("--chainer", type=float, default=1.0, help="run the chainer every S seconds (0: not at all)")
    args = parser.parse_args()
    busiest = (
        Case.objects.filter(officer_in_charge__isnull=False, officer_in_charge__is_active=True)
        .values("officer_in_charge")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert busiest is not None, "no cases: run manage.py generate first"
    officer = User.objects.get(pk=busiest["officer_in_charge"])
    cases = list(Case.objects.filter(officer_in_charge=officer).values_list("pk", flat=True)[:50])
    token = issue_token(officer, name="audit bench", days=1)
    lock_free = hasattr(audit, "chain")
    print(
        f"\n{connection.vendor}; audit {'lock-free (chained later)' if lock_free else 'chained under a global lock'}; "
        f"{args.seconds:.0f} s per run; chainer every {args.chainer if lock_free else '-'} s; "
        f"load average before {os.getloadavg()[0]:.1f}\n"
    )
    print("| work | processes | audit | operations | per second | p50 ms | p95 ms | load |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for mode in args.modes.split(","):
        for procs in [int(p) for p in args.procs.split(",")]:
            settings_on = [True] if mode == "entries" else [True, False]
            for audit_on in settings_on:
                print(run(mode, procs, audit_on, token, cases, args.seconds, args.chainer), flush=True)
    if lock_free:
        audit.chain()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
