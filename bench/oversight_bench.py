"""The national dashboard, cold: the time to build every figure of the national dashboard (all
measures, the 12-month trends, the 44 forces compared, charts drawn, suppression applied) for one
quarter, in a fresh process with no cache, then warm; and the publication. Run through bench/run.py:

    ./lantern bench oversight --db sqlite --scale national --seed 1
    ./lantern bench oversight --db sqlite --reuse       # on a database generated before

With --page it also times the page itself, cold, in a fresh process of its own (bench/oversight_bench.py
--page-only): what a user waits for, template rendering included. The process first loads the URL
conf, as a server does at start-up (its deployment check imports every URL and API route), so the
figure is the request's own: the measures' queries on a connection with nothing cached, the charts,
the template. It is timed twice: with no Victims' Code figures kept (as when the task worker is
stopped), and after the worker's refresh has kept them per month (decision 0028). Each line gives
the wall time and the process's CPU time (on a shared machine the CPU
time is the fair figure; with PostgreSQL the server's own time is only in the wall time).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantern.config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

# The page names its static files; no collectstatic manifest is needed to time it.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from lantern.cases.models import Case  # noqa: E402
from lantern.core.clock import now, today  # noqa: E402
from lantern.oversight import dashboard, publication  # noqa: E402
from lantern.oversight.filters import build_filter, current_quarter  # noqa: E402
from lantern.victims_code import figures as kept_figures  # noqa: E402
from lantern.victims_code.models import Duty, MonthFigures  # noqa: E402

T = TypeVar("T")


def _load() -> str:
    return Path("/proc/loadavg").read_text().split()[0] if os.path.exists("/proc/loadavg") else "?"


def _timed(fn: Callable[[], T]) -> tuple[T, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def page(period: str, section: str, label: str) -> str:
    """The national dashboard page, cold: the first request of a fresh process (URL conf loaded)."""
    from django.test import Client
    from django.urls import get_resolver

    from lantern.core import second_factor
    from lantern.core.models import Role, User

    _none, url_wall, url_cpu = _timed(lambda: get_resolver().url_patterns)
    analyst = User.objects.filter(role=Role.ANALYST, is_active=True).first()
    if analyst is None:
        return "| national dashboard page | 0 | no analyst in the database | |"
    client = Client()
    client.force_login(analyst)
    session = client.session  # force_login skips the sign-in pages: mark the second factor as passed
    session[second_factor.VERIFIED_KEY] = str(analyst.pk)
    session.save()
    connection.close()  # the request opens its own connection: nothing of the data read before it
    load = _load()
    response, wall, cpu = _timed(lambda: client.get("/oversight/national/", {"period": period, "section": section}))
    status, size = response.status_code, len(response.content)
    return "\n".join(
        [
            f"| server start-up: URL conf imported (before the first request) | 1 | {url_wall:.2f} s "
            f"| {url_cpu:.2f} s |",
            f"| **national dashboard, section {section}, cold, {label}**, HTTP {status}, {size:,} bytes "
            f"(load {load}) | 1 "
            f"| {wall:.2f} s "
            f"| {cpu:.2f} s |",
        ]
    )


def main() -> None:
    period = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--period=")), current_quarter(today()))
    if "--page-only" in sys.argv:
        label = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--label=")), "")
        section = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--section=")), "")
        print(page(period, section, label))
        return
    print(f"{connection.vendor}: {Case.objects.count():,} cases, {Duty.objects.count():,} duties; period {period}")
    print(f"load average at the start: {_load()} ({os.cpu_count()} CPUs)")
    # The figures first as calculated for the request (no kept Victims' Code figures: the worker
    # stopped, or never run since the load); the page then both ways (decision 0028).
    MonthFigures.objects.all().delete()
    connection.close()
    flt = build_filter(period=period, today=today())
    build = lambda: dashboard.build(dashboard.measure_keys(), flt, today(), national=True)  # noqa: E731
    figures, cold, cold_cpu = _timed(build)
    warm = [_timed(build)[1:] for _ in range(3)]
    size_pub, pub, pub_cpu = _timed(lambda: len(publication.render(flt, "ods")))
    lines = [
        "| operation | runs | wall | CPU (this process) |",
        "| --- | --- | --- | --- |",
        f"| national dashboard, {len(figures):,} figures, cold (first in the process) | 1 | {cold:.2f} s "
        f"| {cold_cpu:.2f} s |",
        f"| national dashboard, warm (median) | 3 | {statistics.median(w for w, _c in warm):.2f} s "
        f"| {statistics.median(c for _w, c in warm):.2f} s |",
        f"| publication as ODS ({size_pub:,} bytes) | 1 | {pub:.2f} s | {pub_cpu:.2f} s |",
    ]
    print("\n".join(lines), flush=True)
    if "--page" in sys.argv:

        def cold_page(section: str, label: str) -> str:
            args = [sys.executable, __file__, "--page-only", f"--period={period}", f"--section={section}"]
            run = subprocess.run([*args, f"--label={label}"], check=True, capture_output=True, text=True)
            return run.stdout.strip()

        # Each section in a fresh process of its own; the Victims' Code section (the only one that
        # reads the kept figures) also with none kept.
        print(cold_page("victims-code", "no kept Victims' Code figures (worker stopped)"), flush=True)
        months, refresh, refresh_cpu = _timed(lambda: kept_figures.refresh(now()))
        print(
            f"| the worker's refresh after a sweep: Victims' Code figures of {months} months kept | 1 "
            f"| {refresh:.2f} s | {refresh_cpu:.2f} s |",
            flush=True,
        )
        for section in dashboard.sections():
            print(cold_page(section.slug, "Victims' Code figures kept by the worker"), flush=True)
    print(f"load average at the end: {_load()}")


if __name__ == "__main__":
    main()
