"""Two app servers on one database: a name recorded through one is found through the other at
once, because name search keeps no state in the server process (decision 0002, issue 15).

Two real server processes (gunicorn, one worker each, on free 127.0.0.1 ports) run against this
test's database; the test is transactional so they see what it commits. It needs a database that
other processes can open: PostgreSQL. On SQLite the test database is in memory, private to the
test process, so the test is skipped there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from tests.factories import build_world
from tests.local_servers import free_port

from lantern.config import secrets as lantern_secrets
from lantern.core.auth import issue_token

REPO_DIR = Path(__file__).resolve().parents[2]
# Generous: on a 2-core machine under heavy load a Django boot can take a minute; a quiet one takes a few seconds.
STARTUP_SECONDS = 180


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class Server:
    def __init__(self, port: int, process: subprocess.Popen[bytes]) -> None:
        self.port = port
        self.process = process

    def call(self, method: str, path: str, token: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (127.0.0.1 only)
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"null")

    def wait_until_up(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server on port {self.port} exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/v1/cases", timeout=10):  # noqa: S310
                    return
            except urllib.error.HTTPError:
                return  # 401 without a token: it answers
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"server on port {self.port} did not start in {STARTUP_SECONDS} s")


@pytest.fixture
def two_servers(transactional_db: None, tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    if connection.vendor != "postgresql":
        pytest.skip("the SQLite test database is in memory: other processes cannot open it (runs on PostgreSQL)")
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "LANTERN_VAR_DIR": str(tmp_path / "var"),
        "LANTERN_AUDIT_CHECKPOINT_DIR": str(tmp_path / "audit-checkpoints"),
        # The test process's keys, so both servers and the test agree (tokens, audit chain).
        lantern_secrets.SECRET_KEY: settings.SECRET_KEY,
        lantern_secrets.FIELD_KEYS: ",".join(settings.LANTERN_FIELD_KEYS),
        lantern_secrets.AUDIT_KEY: settings.LANTERN_AUDIT_KEY,
    }
    servers = []
    for _ in range(2):
        port = free_port()
        command = [sys.executable, "-m", "gunicorn", "lantern.config.wsgi", "--pythonpath", "src"]
        command += ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning"]
        servers.append(Server(port, subprocess.Popen(command, cwd=REPO_DIR, env=env)))
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        for server in servers:
            server.wait_until_up(deadline)
        yield servers[0], servers[1]
    finally:
        for server in servers:
            server.process.terminate()
        for server in servers:
            server.process.wait(timeout=10)


@pytest.mark.django_db(transaction=True)
def test_a_name_added_through_one_server_is_found_through_the_other_at_once(
    two_servers: tuple[Server, Server],
) -> None:
    first, second = two_servers
    world = build_world()
    token = issue_token(world.oic)
    query = "/api/v1/lookup?q=Oksana%20Mlenyk"

    # The second server has searched before the name exists (anything it kept would be stale).
    status, found = second.call("GET", query, token)
    assert status == 200, found
    assert found["cases"] == []

    status, created = first.call(
        "POST", "/api/v1/persons", token, {"names": [{"given_names": "Oksana", "family_name": "Melnyk"}]}
    )
    assert status == 201, created
    status, party = first.call(
        "POST", f"/api/v1/cases/{world.case.pk}/parties", token, {"person_id": created["id"], "role": "victim"}
    )
    assert status == 201, party

    status, found = second.call("GET", query, token)
    assert status == 200, found
    assert [hit["case"]["id"] for hit in found["cases"]] == [world.case.pk]
    assert found["cases"][0]["matched_name"] == "Oksana Melnyk"
