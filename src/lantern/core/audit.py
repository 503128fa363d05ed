"""The audit log (DPA 2018 s62): who did what to which record, when and why; never the content.

Each entry's hash covers its own fields and the previous entry's hash, so altering or removing
any row breaks the chain from that row on. `./lantern audit verify` walks the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from lantern.core.models import AuditEntry, User

GENESIS_HASH = "0" * 64
Action = AuditEntry.Action


def _entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


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
    return entry


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
                yield ChainBreak(entry.id, "its content does not match its hash (the row was altered)")
                return
            expected_prev = entry.entry_hash
            last_id = entry.id
            checked += 1
        yield checked
