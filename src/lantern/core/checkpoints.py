"""Checkpoints of the audit chain's head, kept outside the database (docs/decisions/0013).

A checkpoint says "entry N had hash H, and there were C entries"; it is authenticated with
LANTERN_AUDIT_KEY, so someone who can only write to the database can neither forge one nor make
the log agree with one after deleting its newest rows or rebuilding the chain. Stores only ever
add: each checkpoint is a new file created exclusively (never rewritten), so the default
directory can be a write-once mount (WORM, S3 Object Lock through a FUSE mount, chattr +a), and a
force can name another store class in LANTERN_AUDIT_CHECKPOINT_STORE with the same two methods.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Checkpoint:
    entry_id: int
    entry_hash: str
    count: int
    written_at: str  # ISO 8601, UTC
    mac: str = ""

    def payload(self) -> bytes:
        fields = {
            "entry_id": self.entry_id,
            "entry_hash": self.entry_hash,
            "count": self.count,
            "written_at": self.written_at,
        }
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


class CheckpointStore(Protocol):
    def append(self, checkpoint: Checkpoint) -> None: ...

    def read_all(self) -> Iterator[tuple[str, Checkpoint | None]]:
        """Every checkpoint with its name; None for one that cannot be parsed."""
        ...


class DirectoryStore:
    """One JSON file per checkpoint, created with O_EXCL, named so that they sort in time order."""

    def __init__(self, directory: Path | str | None = None) -> None:
        self.directory = Path(directory or settings.LANTERN_AUDIT_CHECKPOINT_DIR)

    def append(self, checkpoint: Checkpoint) -> None:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        stamp = checkpoint.written_at.replace(":", "").replace("-", "").replace("+0000", "Z")
        name = f"{stamp}-{checkpoint.entry_id:012d}-{os.getpid()}.json"
        fd = os.open(self.directory / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o400)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(asdict(checkpoint), handle, sort_keys=True)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())

    def read_all(self) -> Iterator[tuple[str, Checkpoint | None]]:
        if not self.directory.is_dir():
            return
        for path in sorted(self.directory.glob("*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                yield path.name, Checkpoint(**data)
            except (OSError, ValueError, TypeError):
                yield path.name, None


def store() -> CheckpointStore:
    cls = import_string(settings.LANTERN_AUDIT_CHECKPOINT_STORE)
    result: CheckpointStore = cls()
    return result


def mac_of(checkpoint: Checkpoint) -> str:
    key = settings.LANTERN_AUDIT_KEY.encode()
    return hmac.new(key, b"checkpoint:" + checkpoint.payload(), hashlib.sha256).hexdigest()


def authentic(checkpoint: Checkpoint) -> bool:
    return hmac.compare_digest(mac_of(checkpoint), checkpoint.mac)


def make(entry_id: int, entry_hash: str, count: int) -> Checkpoint:
    written_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+0000")
    unsigned = Checkpoint(entry_id, entry_hash, count, written_at)
    return Checkpoint(entry_id, entry_hash, count, written_at, mac_of(unsigned))
