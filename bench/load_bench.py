"""A load test: 50 simulated officers (locust, headless, bounded in time) against gunicorn with 2
workers on 127.0.0.1, on the benchmark database. Run through bench/run.py, which sets the database
up:

    ./lantern bench load --db sqlite --scale national --seed 1
    LANTERN_BENCH_SQLITE_DIR=DIR ./lantern bench load --db sqlite --reuse
    LANTERN_LOAD_SECONDS=120 LANTERN_LOAD_USERS_COUNT=50 ./lantern bench load --db postgresql

Installs locust (bench/requirements.in) into the virtual environment on first use. Prints the
throughput, p50/p95 and errors per kind of request and in all, and the machine's load average.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantern.config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db.models import Count  # noqa: E402

from lantern.cases.models import Case  # noqa: E402
from lantern.core import second_factor  # noqa: E402
from lantern.core.auth import IdleTimeoutMiddleware, issue_token  # noqa: E402
from lantern.core.models import Role, User  # noqa: E402

SECONDS = int(os.environ.get("LANTERN_LOAD_SECONDS", "60"))
OFFICERS = int(os.environ.get("LANTERN_LOAD_USERS_COUNT", "50"))
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ensure_locust() -> None:
    if not (BIN / "locust").exists():
        requirements = str(ROOT / "bench/requirements.in")
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-r", requirements], check=True)


def officers_file() -> str:
    """Sessions (second factor passed), API tokens and cases for the busiest officers."""
    busiest = (
        Case.objects.filter(officer_in_charge__is_active=True, officer_in_charge__role=Role.INVESTIGATOR)
        .values("officer_in_charge")
        .annotate(n=Count("id"))
        .order_by("-n")[:OFFICERS]
    )
    rows = []
    for entry in busiest:
        user = User.objects.get(pk=entry["officer_in_charge"])
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[second_factor.VERIFIED_KEY] = str(user.pk)
        session[IdleTimeoutMiddleware.KEY] = time.time()
        session.create()
        cases = list(Case.objects.filter(officer_in_charge=user).values_list("pk", "crime_reference")[:50])
        rows.append(
            {
                "id": user.pk,
                "session": session.session_key,
                "cookie_name": settings.SESSION_COOKIE_NAME,
                "token": issue_token(user, name="load test", days=1),
                "cases": [pk for pk, _ in cases],
                "references": [ref for _, ref in cases],
            }
        )
    handle = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
    json.dump(rows, handle)
    handle.close()
    return handle.name


def wait_until_up(url: str, server: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped before it answered")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own http URL
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not answer in 60 s")


def report(prefix: str) -> None:
    with open(f"{prefix}_stats.csv") as handle:
        rows = list(csv.DictReader(handle))
    print(f"\n{SECONDS} s, {OFFICERS} officers, gunicorn 2 workers; load average {os.getloadavg()[0]:.1f}\n")
    print("| request | count | failures | requests/s | p50 ms | p95 ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "**all**"
        print(
            f"| {row['Type']} {name} | {row['Request Count']} | {row['Failure Count']} | "
            f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} |"
        )


def main() -> None:
    ensure_locust()
    call_command("collectstatic", "--noinput", verbosity=0)
    users = officers_file()
    port = free_port()
    env = {**os.environ, "LANTERN_ALLOWED_HOSTS": "127.0.0.1", "LANTERN_LOAD_USERS": users}
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "lantern.config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/signin/", server)
        prefix = tempfile.mkdtemp() + "/load"
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench/locustfile.py"),
                "--headless",
                "--users",
                str(OFFICERS),
                "--spawn-rate",
                "10",
                "--run-time",
                f"{SECONDS}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                prefix,
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=env,
            check=False,
        )
        report(prefix)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        os.unlink(users)


if __name__ == "__main__":
    main()
