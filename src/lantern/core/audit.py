"""The audit log (DPA 2018 s62): who did what to which record, when and why; never the content.

Each entry's hash is an HMAC-SHA256, under LANTERN_AUDIT_KEY (held outside the database), of
its own fields and the previous entry's hash: altering or removing any row breaks the chain from
that row on, and someone with only database access cannot compute a new chain. The head of the
chain is checkpointed outside the database (lantern.core.checkpoints) at least every
LANTERN_AUDIT_CHECKPOINT_SECONDS while entries are written, and at every verify, so deleting the
newest rows is detected too. `./lantern audit verify` checks the chain, the checkpoints and the
database triggers that refuse UPDATE and DELETE (docs/decisions/0013-audit-hmac-checkpoints.md).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from lantern.core import checkpoints
from lantern.core.models import AuditEntry, User

logger = logging.getLogger(__name__)

GENESIS_HASH = "0" * 64
Action = AuditEntry.Action


def _entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hmac.new(settings.LANTERN_AUDIT_KEY.encode(), (prev_hash + payload).encode(), hashlib.sha256).hexdigest()


def _hashed_fields(entry: AuditEntry) -> dict[str, Any]:
    return {
        "at": entry.at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "reason": entry.reason,
        "recipients": entry.recipients,
        "detail": entry.detail,
    }


def _lock_chain() -> None:
    """Serialise writers so two entries never share a predecessor."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(74201)")
    # SQLite: transactions are BEGIN IMMEDIATE (settings), so writers are already serialised.


def record(
    actor: User | None,
    action: str,
    obj: Model | None = None,
    *,
    object_type: str = "",
    object_id: str | int = "",
    reason: str = "",
    recipients: str = "",
    detail: str = "",
) -> AuditEntry:
    """Append one entry. Pass the record touched (obj) or its type and id."""
    if obj is not None:
        object_type = obj._meta.label_lower
        object_id = obj.pk
    with transaction.atomic():
        _lock_chain()
        last = AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
        entry = AuditEntry(
            at=timezone.now(),
            actor=actor if actor is not None and actor.pk else None,
            actor_label=(actor.username if actor is not None and actor.pk else "system"),
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            reason=reason,
            recipients=recipients,
            detail=detail[:255],
            prev_hash=last or GENESIS_HASH,
        )
        entry.entry_hash = _entry_hash(entry.prev_hash, _hashed_fields(entry))
        entry.save(force_insert=True)
        transaction.on_commit(_checkpoint_if_due)
    return entry


# When this process last wrote a checkpoint (monotonic seconds); 0 = never.
_last_checkpoint = 0.0


def _checkpoint_if_due() -> None:
    global _last_checkpoint
    now = time.monotonic()
    if _last_checkpoint and now - _last_checkpoint < settings.LANTERN_AUDIT_CHECKPOINT_SECONDS:
        return
    _last_checkpoint = now
    try:
        checkpoint_now()
    except OSError:
        # The request is not refused for this; verify reports the gap. Ids only in logs.
        logger.exception("audit checkpoint could not be written to %s", settings.LANTERN_AUDIT_CHECKPOINT_DIR)


def checkpoint_now() -> checkpoints.Checkpoint | None:
    """Write the current head of the chain to the checkpoint store (nothing if the log is empty)."""
    head = AuditEntry.objects.order_by("-id").values_list("id", "entry_hash").first()
    if head is None:
        return None
    count = AuditEntry.objects.filter(id__lte=head[0]).count()
    checkpoint = checkpoints.make(head[0], head[1], count)
    checkpoints.store().append(checkpoint)
    return checkpoint


def record_many(actor: User | None, action: str, objects: Iterable[Model], *, reason: str = "") -> None:
    """One entry per record: used when a page shows several people (a consultation of each)."""
    for obj in objects:
        record(actor, action, obj, reason=reason)


def record_refusal(user: User | None, object_type: str, object_id: str, reason: str) -> AuditEntry:
    """A user asked for a record or an action and was refused (a 404 through the policy or a
    403): who asked, for what, and why not (never the content)."""
    return record(user, Action.REFUSED, object_type=object_type, object_id=object_id, reason=reason)


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int
    problem: str


def verify(batch_size: int = 5000) -> Iterator[int | ChainBreak]:
    """Walk the chain in order. Yields the count checked so far after each batch, and a
    ChainBreak (then stops) at the first entry that does not follow from the one before."""
    expected_prev = GENESIS_HASH
    last_id = 0
    checked = 0
    while True:
        batch = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            return
        for entry in batch:
            if entry.prev_hash != expected_prev:
                yield ChainBreak(
                    entry.id, "its link to the previous entry does not match (a row before it was changed or removed)"
                )
                return
            if _entry_hash(entry.prev_hash, _hashed_fields(entry)) != entry.entry_hash:
                yield ChainBreak(
                    entry.id,
                    "its content does not match its HMAC (the row was altered, or rehashed without LANTERN_AUDIT_KEY)",
                )
                return
            expected_prev = entry.entry_hash
            last_id = entry.id
            checked += 1
        yield checked


# The triggers that refuse UPDATE and DELETE (migration core 0002), per database.
SQLITE_TRIGGERS = ("audit_no_update", "audit_no_delete")
POSTGRES_TRIGGERS = ("audit_no_change",)


def missing_triggers() -> list[str]:
    """Names of the append-only triggers that are absent (or disabled, on PostgreSQL)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'core_auditentry'::regclass "
                "AND NOT tgisinternal AND tgenabled <> 'D'"
            )
            present = {row[0] for row in cursor.fetchall()}
            return [name for name in POSTGRES_TRIGGERS if name not in present]
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'core_auditentry'")
        present = {row[0] for row in cursor.fetchall()}
        return [name for name in SQLITE_TRIGGERS if name not in present]


def verify_checkpoints() -> Iterator[str]:
    """Problems with the checkpoints: each must be authentic and match the entry it names."""
    for name, checkpoint in checkpoints.store().read_all():
        if checkpoint is None:
            yield f"checkpoint {name} cannot be read"
            continue
        if not checkpoints.authentic(checkpoint):
            yield f"checkpoint {name} is not authentic (its MAC does not match LANTERN_AUDIT_KEY)"
            continue
        entry_hash = AuditEntry.objects.filter(id=checkpoint.entry_id).values_list("entry_hash", flat=True).first()
        if entry_hash is None:
            yield (
                f"checkpoint {name} names entry {checkpoint.entry_id}, which is missing "
                "(the newest entries were deleted, or this is another or an older database)"
            )
        elif not hmac.compare_digest(entry_hash, checkpoint.entry_hash):
            yield f"checkpoint {name}: entry {checkpoint.entry_id} has a different hash (the chain was rewritten)"
        else:
            count = AuditEntry.objects.filter(id__lte=checkpoint.entry_id).count()
            if count != checkpoint.count:
                yield f"checkpoint {name}: {checkpoint.count} entries up to {checkpoint.entry_id} then, {count} now"
