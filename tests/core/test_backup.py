"""Backup and restore round trip on the database under test (SQLite or PostgreSQL): every
table's row count and content digest equal, the audit chain intact; bad files refused."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from tests.factories import build_world

from lantern.core import audit

REPO = Path(__file__).resolve().parents[2]


def _digests(cursor: Any, tables: list[str], quote: Callable[[str], str]) -> dict[str, tuple[int, str]]:
    out = {}
    for table in tables:
        cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - table names from introspection
        rows = sorted(repr(tuple(row)) for row in cursor.fetchall())
        out[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return out


def _manage(env_extra: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        {
            "PYTHONPATH": str(REPO / "src"),
            "DJANGO_SETTINGS_MODULE": "lantern.config.settings",
            "LANTERN_SECRETS_DIR": str(settings.LANTERN_SECRETS_DIR),
            "LANTERN_AUDIT_CHECKPOINT_DIR": str(settings.LANTERN_AUDIT_CHECKPOINT_DIR),
            **env_extra,
        }
    )
    return subprocess.run(
        [sys.executable, str(REPO / "manage.py"), *args], env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(tmp_path: Path) -> None:
    world = build_world()
    audit.record(world.oic, audit.Action.CONSULTATION, world.case)
    call_command("audit_verify")
    target = tmp_path / "lantern.backup"
    call_command("backup", str(target))
    manifest = json.loads((tmp_path / "lantern.backup.json").read_text())
    assert manifest["sha256"]
    assert manifest["audit_head_id"]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if connection.vendor == "postgresql":
            source = _digests(cursor, tables, connection.ops.quote_name)
    if connection.vendor == "sqlite":
        # A plain connection to the same test database: no type converters, as on the restored side.
        params = connection.get_connection_params()
        with sqlite3.connect(params["database"], uri=bool(params.get("uri"))) as plain:
            source = _digests(plain.cursor(), tables, connection.ops.quote_name)

    if connection.vendor == "sqlite":
        restored_db = tmp_path / "restored.sqlite3"
        result = _manage({"DATABASE_URL": f"sqlite:///{restored_db}"}, "restore", str(target))
        assert result.returncode == 0, result.stderr
        with sqlite3.connect(restored_db) as db:
            restored = _digests(db.cursor(), tables, connection.ops.quote_name)
    else:
        import psycopg

        name = "lantern_restore_test"
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name}")
            cursor.execute(f"CREATE DATABASE {name}")
        params = connection.get_connection_params()
        url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"
        try:
            result = _manage({"DATABASE_URL": url}, "restore", str(target))
            assert result.returncode == 0, result.stderr
            params = {**params, "dbname": name}
            with psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"}) as db:
                restored = _digests(db.cursor(), tables, connection.ops.quote_name)
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    assert "Audit log intact" in result.stdout
    assert restored == source

    # A restore refuses a database that is not empty, a truncated file and a foreign manifest.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(target))
    truncated = tmp_path / "truncated.backup"
    truncated.write_bytes(target.read_bytes()[:-100])
    (tmp_path / "truncated.backup.json").write_text((tmp_path / "lantern.backup.json").read_text())
    with pytest.raises(CommandError, match="truncated or corrupt"):
        call_command("restore", str(truncated))
    foreign = dict(manifest, mac="0" * 64)
    (tmp_path / "lantern.backup.json").write_text(json.dumps(foreign))
    with pytest.raises(CommandError, match="not made with this LANTERN_AUDIT_KEY"):
        call_command("restore", str(target))
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(target))
