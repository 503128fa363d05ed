"""Reads at national scale, as the server does them (Django's test client in one process, so the
figures are server time without HTTP): p50/p95 per kind of read, statements per request, and the
ratio to the raw SQL floor (the same SELECT statements the request ran, executed again directly
through the database cursor), with the audit entry on and off. Run through bench/run.py, which
sets up the database:

    ./lantern bench reads --db sqlite --scale national --seed 1
    LANTERN_BENCH_SQLITE_DIR=/path/with/lantern.sqlite3 ./lantern bench reads --db sqlite --reuse
"""

from __future__ import annotations

import logging
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantern.config.settings")
os.environ.setdefault("LANTERN_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench_clients import api_client, pct, signed_in  # noqa: E402
from lantern.cases.models import Case, CaseReference  # noqa: E402
from lantern.core import audit  # noqa: E402
from lantern.core.models import AuditEntry, Role, User  # noqa: E402

SAMPLES = int(os.environ.get("LANTERN_BENCH_SAMPLES", "60"))
rng = random.Random(11)
settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
# Pages name their static files; no collectstatic manifest is needed to time them.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


logging.disable(logging.INFO)  # one access-log line per request would bury the table


def sql_floor(captured: list[dict[str, Any]]) -> float:
    """Seconds to run the request's SELECT statements again, directly (their rows fetched)."""
    total = 0.0
    with connection.cursor() as cursor:
        for query in captured:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            started = time.perf_counter()
            cursor.execute(sql)
            cursor.fetchall()
            total += time.perf_counter() - started
    return total


@dataclass
class Result:
    name: str
    p50: float
    p95: float
    statements: float
    floor_p50: float

    def row(self, audit_off: Result | None) -> str:
        ratio = self.p50 / self.floor_p50 if self.floor_p50 else float("nan")
        overhead = f"{(self.p50 / audit_off.p50 - 1) * 100:+.0f} %" if audit_off else ""
        return (
            f"| {self.name} | {self.p50 * 1000:.1f} | {self.p95 * 1000:.1f} | {self.statements:.0f} | "
            f"{self.floor_p50 * 1000:.2f} | {ratio:.0f}x | {overhead} |"
        )


def measure(name: str, requests: list[Callable[[], Any]]) -> Result:
    for warm in requests[:3]:
        warm()
    times: list[float] = []
    floors: list[float] = []
    counts: list[int] = []
    for call in requests:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = call()
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (name, response.status_code, response.content[:300])
        counts.append(len(captured.captured_queries))
        floors.append(sql_floor(captured.captured_queries))
    return Result(name, pct(times, 50), pct(times, 95), statistics.median(counts), statistics.median(floors))


class AuditOff:
    """Audit entries built but not written: the read path without its one write."""

    def __enter__(self) -> None:
        self.saved = audit.record

        def unsaved(actor: User | None, action: str, obj: Any = None, **kwargs: Any) -> AuditEntry:
            return AuditEntry(action=action)

        audit.record = unsaved  # type: ignore[assignment]

    def __exit__(self, *exc: object) -> None:
        audit.record = self.saved  # type: ignore[method-assign]


def main() -> None:
    vendor = connection.vendor
    biggest_force = Case.objects.values("force_id").annotate(n=Count("id")).order_by("-n")[0]["force_id"]
    supervisor = User.objects.filter(force_id=biggest_force, role=Role.SUPERVISOR, is_active=True).first()
    busiest = (
        Case.objects.filter(officer_in_charge__isnull=False, officer_in_charge__is_active=True)
        .values("officer_in_charge")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert supervisor is not None
    assert busiest is not None
    officer = User.objects.get(pk=busiest["officer_in_charge"])
    case_ids = list(Case.objects.filter(force_id=biggest_force).values_list("pk", flat=True)[:5000])
    sample = rng.sample(case_ids, SAMPLES)
    refs = list(CaseReference.objects.filter(case_id__in=sample).values_list("value", flat=True)[:SAMPLES])
    page, api = signed_in(supervisor), api_client(supervisor)
    officer_page = signed_in(officer)
    cursor_page = api.get("/api/v1/cases", {"limit": 50})
    for _ in range(19):  # the 20th page, reached by following the cursor
        cursor_page = api.get("/api/v1/cases", {"limit": 50, "after": cursor_page.headers["X-Next-Cursor"]})
    twentieth = cursor_page.headers["X-Next-Cursor"]

    reads: dict[str, list[Callable[[], Any]]] = {
        "case page (supervisor, largest force)": [lambda pk=pk: page.get(f"/cases/{pk}/") for pk in sample],
        "My cases (busiest officer)": [lambda: officer_page.get("/cases/")] * SAMPLES,
        "case list API, first page of 50": [lambda: api.get("/api/v1/cases", {"limit": 50})] * SAMPLES,
        "case list API, 21st page by cursor": [lambda: api.get("/api/v1/cases", {"limit": 50, "after": twentieth})]
        * SAMPLES,
        "case API (one case)": [lambda pk=pk: api.get(f"/api/v1/cases/{pk}") for pk in sample],
        "lookup API (a reference)": [lambda q=q: api.get("/api/v1/lookup", {"q": q}) for q in refs],
    }
    print(
        f"\n{vendor}: {Case.objects.count():,} cases; force {biggest_force} has {len(case_ids):,}+ cases; "
        f"{SAMPLES} requests each; load average {os.getloadavg()[0]:.1f}\n"
    )
    print("| read | p50 ms | p95 ms | statements | SQL floor p50 ms | ratio to floor | audit overhead |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, calls in reads.items():
        on = measure(name, calls)
        with AuditOff():
            off = measure(name, calls)
        print(on.row(off), flush=True)


if __name__ == "__main__":
    main()
