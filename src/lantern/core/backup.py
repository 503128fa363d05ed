"""Backup and restore of the whole database (`./lantern backup PATH`, `./lantern restore PATH`).

SQLite through its online backup API (safe while the service runs); PostgreSQL through
pg_dump/pg_restore of the configured database (custom format). Beside the backup, PATH.json
records its size, SHA-256, the database kind and the audit chain's head, authenticated with
LANTERN_AUDIT_KEY. A restore refuses a file whose checksum or manifest does not match, a backup
of the other kind of database, and a target database that is not empty; afterwards it checks the
audit head is there and the caller runs `audit verify`. Nothing goes through dumpdata/loaddata
(which cuts microseconds and so breaks every audit hash).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections


class BackupError(Exception):
    """A backup or restore refused, with a message that says what is wrong."""


@dataclass(frozen=True)
class Manifest:
    kind: str  # sqlite or postgresql
    size: int
    sha256: str
    audit_head_id: int | None
    audit_head_hash: str
    audit_count: int  # the head's position in the chain: entries chained up to it
    created_at: str
    mac: str = ""

    def payload(self) -> bytes:
        fields = {k: v for k, v in asdict(self).items() if k != "mac"}
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


def _mac(manifest: Manifest) -> str:
    return hmac.new(settings.LANTERN_AUDIT_KEY.encode(), b"backup:" + manifest.payload(), hashlib.sha256).hexdigest()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def _kind() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _pg_url() -> str:
    db = settings.DATABASES["default"]
    user = db.get("USER") or ""
    password = db.get("PASSWORD") or ""
    host = db.get("HOST") or ""
    port = db.get("PORT") or ""
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return f"postgresql://{auth}{host}{':' + str(port) if port else ''}/{db['NAME']}"


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    if db.get("HOST", "").startswith("/"):
        env["PGHOST"] = db["HOST"]
    return env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    raise BackupError(f"{name} is not installed (apt-get install postgresql-client)")


def _head_sqlite(path: Path) -> tuple[int | None, str, int]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        row = db.execute(
            "SELECT id, entry_hash, chain_seq FROM core_auditentry WHERE chain_seq IS NOT NULL "
            "ORDER BY chain_seq DESC LIMIT 1"
        ).fetchone()
    return (row[0], row[1], row[2]) if row else (None, "", 0)


def _head_live() -> tuple[int | None, str, int]:
    from lantern.core import audit

    head = audit.head_entry()
    return (None, "", 0) if head is None else head


def backup(path: Path) -> Manifest:
    path = Path(path)
    if path.exists() or manifest_path(path).exists():
        raise BackupError(f"{path} already exists: choose a new name (a backup never overwrites)")
    path.parent.mkdir(parents=True, exist_ok=True)
    kind = _kind()
    partial = path.with_name(path.name + ".partial")
    from lantern.core import audit

    audit.chain()  # the manifest names the chained head: chain what has been written so far
    try:
        if kind == "sqlite":
            connection.ensure_connection()
            raw = connection.connection
            target = sqlite3.connect(partial)
            try:
                raw.backup(target)
            finally:
                target.close()
            head = _head_sqlite(partial)
        else:
            head = _head_live()  # pg_dump's snapshot starts after this: it holds at least this head
            subprocess.run(  # noqa: S603 - fixed tool, arguments from settings and the operator
                [_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}", _pg_url()],
                check=True,
                capture_output=True,
                env=_pg_env(),
            )
    except (sqlite3.Error, subprocess.CalledProcessError) as exc:
        partial.unlink(missing_ok=True)
        detail = exc.stderr.decode(errors="replace").strip() if isinstance(exc, subprocess.CalledProcessError) else exc
        raise BackupError(f"the backup failed: {detail}") from exc
    os.chmod(partial, 0o600)
    unsigned = Manifest(
        kind=kind,
        size=partial.stat().st_size,
        sha256=_sha256(partial),
        audit_head_id=head[0],
        audit_head_hash=head[1],
        audit_count=head[2],
        created_at=datetime.now(UTC).isoformat(),
    )
    manifest = Manifest(**{**asdict(unsigned), "mac": _mac(unsigned)})
    partial.rename(path)
    manifest_path(path).write_text(json.dumps(asdict(manifest), indent=2) + "\n", encoding="utf-8")
    return manifest


def read_manifest(path: Path) -> Manifest:
    mpath = manifest_path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist")
    try:
        data: dict[str, Any] = json.loads(mpath.read_text(encoding="utf-8"))
        manifest = Manifest(**data)
    except FileNotFoundError as exc:
        raise BackupError(f"{mpath} is missing: a backup is restored only with its manifest") from exc
    except (ValueError, TypeError) as exc:
        raise BackupError(f"{mpath} is not a Lantern backup manifest") from exc
    if not hmac.compare_digest(_mac(manifest), manifest.mac):
        raise BackupError(f"{mpath} was not made with this LANTERN_AUDIT_KEY (a foreign or altered manifest)")
    if path.stat().st_size != manifest.size or _sha256(path) != manifest.sha256:
        raise BackupError(f"{path} does not match its manifest's checksum: it is truncated or corrupt")
    return manifest


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def restore(path: Path) -> Manifest:
    path = Path(path)
    manifest = read_manifest(path)
    if manifest.kind != _kind():
        raise BackupError(f"{path} is a {manifest.kind} backup; the configured database is {_kind()}")
    if not _database_is_empty():
        raise BackupError("the configured database is not empty: restore only into a new, empty database")
    if manifest.kind == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        try:
            subprocess.run(  # noqa: S603 - fixed tool, arguments from settings and the operator
                [
                    _pg_tool("pg_restore"),
                    "--no-owner",
                    "--exit-on-error",
                    "--single-transaction",
                    f"--dbname={_pg_url()}",
                    str(path),
                ],
                check=True,
                capture_output=True,
                env=_pg_env(),
            )
        except subprocess.CalledProcessError as exc:
            raise BackupError(f"pg_restore failed: {exc.stderr.decode(errors='replace').strip()}") from exc
    for conn in connections.all():
        conn.close()
    from lantern.core.models import AuditEntry

    if manifest.audit_head_id is not None:
        restored = AuditEntry.objects.filter(id=manifest.audit_head_id).values_list("entry_hash", flat=True).first()
        if restored != manifest.audit_head_hash:
            raise BackupError("the restored audit log does not hold the head recorded in the manifest")
    return manifest
