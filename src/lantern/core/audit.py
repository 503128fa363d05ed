"""The audit log (DPA 2018 s62): who did what to which record, when and why; never the content.

Writing an entry takes no lock and reads nothing (decision 0026): `record` inserts the entry with
its own HMAC (`mac`, under LANTERN_AUDIT_KEY, held outside the database) over its fields, and no
chain position. The chainer (`chain`: the task worker every LANTERN_AUDIT_CHAIN_SECONDS, and
`./lantern audit chain`) takes the one lock, reads the unchained entries in the order they were
written and gives each its position (chain_seq) and its chain hash: an HMAC of the previous
entry's hash and the entry's fields, so altering or removing any chained row breaks the chain from
that row on, and someone with only database access cannot compute a new chain. The triggers let a
row's three chain fields be filled once, and nothing else ever change. The chained head is
checkpointed outside the database (lantern.core.checkpoints) by the chainer at least every
LANTERN_AUDIT_CHECKPOINT_SECONDS and at every verify. `./lantern audit verify` checks every entry's
own HMAC, the chain, the checkpoints and the triggers, and reports the entries not yet chained
(decisions 0013 and 0026).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Min, Model
from django.utils import timezone

from lantern.core import checkpoints
from lantern.core.models import AuditEntry, User

logger = logging.getLogger(__name__)

GENESIS_HASH = "0" * 64
Action = AuditEntry.Action


def _payload(fields: dict[str, Any]) -> str:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)


def _entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    """The chain hash: HMAC of the previous entry's hash and this entry's fields (as since 0013)."""
    return hmac.new(
        settings.LANTERN_AUDIT_KEY.encode(), (prev_hash + _payload(fields)).encode(), hashlib.sha256
    ).hexdigest()


def entry_mac(fields: dict[str, Any]) -> str:
    """The entry's own HMAC, written with it: it needs nothing from any other entry."""
    key = settings.LANTERN_AUDIT_KEY.encode()
    return hmac.new(key, ("entry:" + _payload(fields)).encode(), hashlib.sha256).hexdigest()


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
    """Append one entry: one INSERT, no lock, no read (it is chained later). Pass the record
    touched (obj) or its type and id."""
    if obj is not None:
        object_type = obj._meta.label_lower
        object_id = obj.pk
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
    )
    entry.mac = entry_mac(_hashed_fields(entry))
    entry.save(force_insert=True)
    return entry


# --- The chainer --------------------------------------------------------------------------------

CHAIN_LOCK = 74201  # PostgreSQL advisory lock key: one chainer at a time


def _lock_chain(*, wait: bool) -> bool:
    """Take the chainer's lock for this transaction (PostgreSQL: an advisory lock; with wait=False,
    only if it is free). SQLite: the transaction is BEGIN IMMEDIATE (settings), so it already holds
    the database's one write lock."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
            return True
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [CHAIN_LOCK])
        row = cursor.fetchone()
        return bool(row and row[0])


def head_entry() -> tuple[int, str, int] | None:
    """(id, entry_hash, chain_seq) of the newest chained entry; None while nothing is chained. The
    one reading of the head, for the chainer, checkpoints and backups."""
    head = (
        AuditEntry.objects.filter(chain_seq__isnull=False)
        .order_by("-chain_seq")
        .values_list("id", "entry_hash", "chain_seq")
        .first()
    )
    if head is None or head[1] is None or head[2] is None:
        return None
    return head[0], head[1], head[2]


def chained_head() -> tuple[int, str]:
    """(chain_seq, entry_hash) of the newest chained entry; (0, GENESIS_HASH) for an empty chain."""
    head = head_entry()
    return (0, GENESIS_HASH) if head is None else (head[2], head[1])


def _chain_batch(batch_size: int) -> int:
    seq, prev = chained_head()
    pending = list(AuditEntry.objects.filter(chain_seq__isnull=True).order_by("id")[:batch_size])
    for entry in pending:
        fields = _hashed_fields(entry)
        if not hmac.compare_digest(entry_mac(fields), entry.mac):
            # Chained as found: the chain records that the row was there; verify names it.
            logger.error("audit entry %s does not match its own HMAC; chained as found", entry.pk)
        seq += 1
        entry.chain_seq, entry.prev_hash = seq, prev
        entry.entry_hash = prev = _entry_hash(prev, fields)
    if pending:
        AuditEntry.objects.bulk_update(pending, ["chain_seq", "prev_hash", "entry_hash"])
    return len(pending)


def chain(batch_size: int = 1000, *, wait: bool = True) -> int:
    """Chain every entry written and committed so far, in id order, a batch per transaction under
    the chainer's lock. Returns how many were chained. With wait=False it returns at once when
    another chainer holds the lock (PostgreSQL). An entry whose transaction commits after entries
    with higher ids were chained is chained after them: the chain's order is chain_seq, not id."""
    total = 0
    while True:
        with transaction.atomic():
            if not _lock_chain(wait=wait):
                break
            done = _chain_batch(batch_size)
        total += done
        if done < batch_size:
            break
    if total:
        _checkpoint_if_due()
    return total


@dataclass(frozen=True)
class Unchained:
    count: int
    oldest_at: datetime | None


def unchained() -> Unchained:
    """How many entries wait for the chainer, and when the oldest was written."""
    found = AuditEntry.objects.filter(chain_seq__isnull=True).aggregate(n=Count("id"), oldest=Min("at"))
    return Unchained(found["n"], found["oldest"])


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
        # The chainer goes on; verify reports the gap. Ids only in logs.
        logger.exception("audit checkpoint could not be written to %s", settings.LANTERN_AUDIT_CHECKPOINT_DIR)


def checkpoint_now() -> checkpoints.Checkpoint | None:
    """Write the chained head to the checkpoint store (nothing if no entry is chained yet). Its
    count is the head's position: positions are 1, 2, ... with no gap (verify checks it)."""
    head = head_entry()
    if head is None:
        return None
    checkpoint = checkpoints.make(head[0], head[1], head[2])
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


_ALTERED = "its content does not match its HMAC (the row was altered, or rehashed without LANTERN_AUDIT_KEY)"


def _chain_problem(entry: AuditEntry, expected_seq: int, expected_prev: str) -> str | None:
    if entry.chain_seq != expected_seq:
        return (
            f"its link to the previous entry does not match (it holds position {entry.chain_seq} where "
            f"{expected_seq} was expected: an entry before it was removed, or a position was forged)"
        )
    if entry.prev_hash != expected_prev:
        return "its link to the previous entry does not match (a row before it was changed or removed)"
    fields = _hashed_fields(entry)
    if not hmac.compare_digest(entry_mac(fields), entry.mac):
        return _ALTERED
    if entry.entry_hash is None or not hmac.compare_digest(_entry_hash(expected_prev, fields), entry.entry_hash):
        return _ALTERED
    return None


def _verify_chain(batch_size: int) -> Iterator[int | ChainBreak]:
    """The chained entries in chain order: positions 1, 2, ... without a gap, each linked to the one
    before, each matching its own HMAC and its chain HMAC. Stops at the first break."""
    expected_prev = GENESIS_HASH
    last_seq = 0
    checked = 0
    while True:
        batch = list(AuditEntry.objects.filter(chain_seq__gt=last_seq).order_by("chain_seq")[:batch_size])
        if not batch:
            return
        for entry in batch:
            problem = _chain_problem(entry, last_seq + 1, expected_prev)
            if problem is not None:
                yield ChainBreak(entry.id, problem)
                return
            expected_prev = entry.entry_hash or ""
            last_seq += 1
            checked += 1
        yield checked


def _verify_unchained(batch_size: int, checked: int) -> Iterator[int | ChainBreak]:
    """The entries waiting for the chainer, in id order: each must match its own HMAC and have
    none of the chain fields (the triggers allow all three to be filled together, once)."""
    last_id = 0
    while True:
        batch = list(AuditEntry.objects.filter(chain_seq__isnull=True, id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            return
        for entry in batch:
            last_id = entry.id
            checked += 1
            if entry.prev_hash is not None or entry.entry_hash is not None:
                yield ChainBreak(entry.id, "it is not chained yet holds chain fields (the row was altered)")
            elif not hmac.compare_digest(entry_mac(_hashed_fields(entry)), entry.mac):
                yield ChainBreak(entry.id, "it is not chained yet and " + _ALTERED)
        yield checked


def verify(batch_size: int = 5000) -> Iterator[int | ChainBreak]:
    """Walk the chain in order, then the entries not yet chained. Yields the count checked so far
    after each batch, a ChainBreak at the first chained entry that does not follow from the one
    before (the chain walk then stops), and a ChainBreak for each unchained entry that does not
    match its own HMAC. Unchained entries are not a break: `unchained()` counts them."""
    checked = 0
    for step in _verify_chain(batch_size):
        if isinstance(step, int):
            checked = step
        yield step
    yield from _verify_unchained(batch_size, checked)


# The triggers that refuse DELETE and every UPDATE but the chainer's (migration core 0007), per database.
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
        found = AuditEntry.objects.filter(id=checkpoint.entry_id).values_list("entry_hash", "chain_seq").first()
        if found is None:
            yield (
                f"checkpoint {name} names entry {checkpoint.entry_id}, which is missing "
                "(the newest entries were deleted, or this is another or an older database)"
            )
        elif found[0] is None or not hmac.compare_digest(found[0], checkpoint.entry_hash):
            yield f"checkpoint {name}: entry {checkpoint.entry_id} has a different hash (the chain was rewritten)"
        elif found[1] != checkpoint.count:
            # Positions run 1, 2, ... without a gap (the chain walk checks it): the head's position
            # is the number of entries chained up to it.
            yield f"checkpoint {name}: {checkpoint.count} entries up to {checkpoint.entry_id} then, {found[1]} now"
