"""The national dashboard, cold: the time to build every figure of the national dashboard (all
measures, the 12-month trends, the 44 forces compared, charts drawn, suppression applied) for one
quarter, in a fresh process with no cache, then warm; and the publication. Run through bench/run.py:

    ./lantern bench oversight --db sqlite --scale national --seed 1
    ./lantern bench oversight --db sqlite --reuse       # on a database generated before

With --page it also times the page itself through Django's test client (template rendering included).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

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
from lantern.core.clock import today  # noqa: E402
from lantern.oversight import dashboard, publication  # noqa: E402
from lantern.oversight.filters import build_filter, current_quarter  # noqa: E402
from lantern.victims_code.models import Duty  # noqa: E402


def main() -> None:
    period = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--period=")), current_quarter(today()))
    print(f"{connection.vendor}: {Case.objects.count():,} cases, {Duty.objects.count():,} duties; period {period}")
    if os.path.exists("/proc/loadavg"):
        print(f"load average at the start: {Path('/proc/loadavg').read_text().split()[0]} ({os.cpu_count()} CPUs)")
    flt = build_filter(period=period, today=today())
    started = time.perf_counter()
    figures = dashboard.build(dashboard.measure_keys(), flt, today(), national=True)
    cold = time.perf_counter() - started
    warm = []
    for _ in range(3):
        started = time.perf_counter()
        dashboard.build(dashboard.measure_keys(), flt, today(), national=True)
        warm.append(time.perf_counter() - started)
    started = time.perf_counter()
    size = len(publication.render(flt, "ods"))
    pub = time.perf_counter() - started
    lines = [
        "| operation | runs | time |",
        "| --- | --- | --- |",
        f"| national dashboard, {len(figures)} figures, cold (first in the process) | 1 | {cold:.2f} s |",
        f"| national dashboard, warm (median) | 3 | {statistics.median(warm):.2f} s |",
        f"| publication as ODS ({size:,} bytes) | 1 | {pub:.2f} s |",
    ]
    if "--page" in sys.argv:
        from django.test import Client

        from lantern.core.models import Role, User

        analyst = User.objects.filter(role=Role.ANALYST, is_active=True).first()
        if analyst is not None:
            from lantern.core import second_factor

            client = Client()
            client.force_login(analyst)
            session = client.session  # force_login skips the sign-in pages: mark the second factor as passed
            session[second_factor.VERIFIED_KEY] = str(analyst.pk)
            session.save()
            started = time.perf_counter()
            status = client.get("/oversight/national/", {"period": period}).status_code
            lines.append(f"| national dashboard page (HTTP {status}) | 1 | {time.perf_counter() - started:.2f} s |")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
