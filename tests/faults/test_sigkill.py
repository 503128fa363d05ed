"""The fault test at small scale (issue 15): bench/fault_bench.py kills the app server and the
task worker with SIGKILL in the middle of a burst of writes and e-mails, restarts them, and checks
that every acknowledged write is stored, every e-mail was delivered and `audit verify` passes.

The servers are real processes, so they need a database they can open: on PostgreSQL this test's
own database; on SQLite (whose test database is in memory) a file copy of it made with SQLite's
backup API. The large run is `./lantern bench fault` (docs/benchmarks.md)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from tests.factories import build_world

from lantern.config import secrets as lantern_secrets

REPO_DIR = Path(__file__).resolve().parents[2]
WRITES = 12
MESSAGES = 12


def _database_env(var_dir: Path) -> dict[str, str]:
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        return {"DATABASE_URL": f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}"}
    connection.ensure_connection()
    copy = sqlite3.connect(var_dir / "lantern.sqlite3")
    try:
        connection.connection.backup(copy)  # the migrated test database, with this test's rows
    finally:
        copy.close()
    return {}


@pytest.mark.django_db(transaction=True)
def test_killing_server_and_worker_mid_burst_loses_no_acknowledged_write_and_no_email(tmp_path: Path) -> None:
    build_world()  # a force and its investigator, who records the crimes through the API
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    report_path = tmp_path / "report.json"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        {
            "LANTERN_VAR_DIR": str(var_dir),
            "LANTERN_AUDIT_CHECKPOINT_DIR": str(tmp_path / "audit-checkpoints"),
            "LANTERN_FAULT_WRITES": str(WRITES),
            "LANTERN_FAULT_MESSAGES": str(MESSAGES),
            "LANTERN_FAULT_REPORT": str(report_path),
            # The test process's keys, so the servers can read what the test wrote (tokens, audit chain).
            lantern_secrets.SECRET_KEY: settings.SECRET_KEY,
            lantern_secrets.FIELD_KEYS: ",".join(settings.LANTERN_FIELD_KEYS),
            lantern_secrets.AUDIT_KEY: settings.LANTERN_AUDIT_KEY,
            **_database_env(var_dir),
        }
    )

    finished = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, "bench/fault_bench.py"], cwd=REPO_DIR, env=env, capture_output=True, text=True, timeout=900
    )

    assert report_path.exists(), finished.stderr[-3000:]
    report = json.loads(report_path.read_text())
    assert report["writes_missing"] == [], report
    assert report["writes_acknowledged"] >= 1, report
    assert report["writes_failed"] == [], report
    assert report["writes_acknowledged"] + report["writes_unanswered"] == WRITES, report
    assert report["messages_queued"] == MESSAGES, report
    assert report["messages_delivered"] == MESSAGES, report
    assert report["messages_not_sent"] == 0, report
    assert report["audit_verify_exit"] == 0, report
    assert finished.returncode == 0, report
