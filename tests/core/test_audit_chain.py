"""The audit log written without a lock and chained later (docs/decisions/0026): a request's entry
is one INSERT with its own HMAC; the chainer gives entries their positions and chain hashes, once;
verify checks both, and names the entries not yet chained without failing on them."""

from __future__ import annotations

import threading
from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, connections, transaction
from django.db.utils import DatabaseError
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tests.core.test_audit import _drop_append_only_guard, _restore_append_only_guard

from lantern.core import audit, checkpoints
from lantern.core.models import AuditEntry


def _needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent connections to the test database: PostgreSQL only (SQLite's is in memory)")


def _entries(n: int, label: str = "chain-test") -> list[AuditEntry]:
    return [audit.record(None, audit.Action.CONSULTATION, object_type=label, object_id=i) for i in range(n)]


def _breaks() -> list[audit.ChainBreak]:
    return [step for step in audit.verify(batch_size=7) if isinstance(step, audit.ChainBreak)]


def _positions() -> list[int | None]:
    return list(
        AuditEntry.objects.filter(chain_seq__isnull=False).order_by("chain_seq").values_list("chain_seq", flat=True)
    )


@pytest.mark.django_db
def test_writing_an_entry_is_one_insert_with_no_lock_and_no_read() -> None:
    with CaptureQueriesContext(connection) as captured:
        entry = audit.record(None, audit.Action.CONSULTATION, object_type="cases.case", object_id=1)
    statements = [q["sql"].lstrip().split()[0].upper() for q in captured.captured_queries]
    assert statements == ["INSERT"], captured.captured_queries
    entry.refresh_from_db()
    assert entry.chain_seq is None
    assert entry.prev_hash is None
    assert entry.entry_hash is None
    assert entry.mac == audit.entry_mac(audit._hashed_fields(entry))


@pytest.mark.django_db
def test_the_chainer_chains_in_the_order_written_and_verify_checks_every_link() -> None:
    written = _entries(12)
    assert audit.chain(batch_size=5) >= 12
    chained = list(AuditEntry.objects.filter(pk__in=[e.pk for e in written]).order_by("id"))
    seqs = [e.chain_seq or 0 for e in chained]
    assert seqs == sorted(seqs)
    assert 0 not in seqs
    assert _positions() == list(range(1, len(_positions()) + 1)), "positions 1, 2, ... without a gap"
    for before, after in zip(chained, chained[1:], strict=False):
        assert after.prev_hash == before.entry_hash
    assert audit.chain() == 0, "nothing is chained twice"
    assert not _breaks()


@pytest.mark.django_db
def test_verify_on_a_partly_chained_log_counts_the_waiting_entries_and_passes() -> None:
    _entries(4)
    audit.chain()
    _entries(3, "waiting")
    tail = audit.unchained()
    assert tail.count == 3
    assert tail.oldest_at is not None
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "Audit log intact" in out.getvalue()
    assert "3 entries not yet chained, oldest at " in out.getvalue()
    assert not _breaks()
    # The checkpoint that verify writes names the chained head only.
    written = [c for _, c in checkpoints.store().read_all() if c is not None]
    head = AuditEntry.objects.filter(chain_seq__isnull=False).order_by("-chain_seq").first()
    assert head is not None
    assert written[-1].entry_id == head.pk
    assert written[-1].count == head.chain_seq


@pytest.mark.django_db(transaction=True)
def test_the_triggers_let_the_chain_fields_be_filled_once_and_nothing_else() -> None:
    first, second = _entries(2)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=first.pk).update(reason="nothing to see")
    with pytest.raises(DatabaseError), transaction.atomic():  # filling the chain and changing content
        AuditEntry.objects.filter(pk=first.pk).update(chain_seq=1, prev_hash="a" * 64, entry_hash="b" * 64, detail="x")
    with pytest.raises(DatabaseError), transaction.atomic():  # filling only part of the chain fields
        AuditEntry.objects.filter(pk=first.pk).update(chain_seq=1)
    with pytest.raises(DatabaseError), transaction.atomic():  # the entry's own HMAC
        AuditEntry.objects.filter(pk=first.pk).update(mac="0" * 64)
    assert audit.chain() == 2
    with pytest.raises(DatabaseError), transaction.atomic():  # chained once: never again
        AuditEntry.objects.filter(pk=second.pk).update(chain_seq=99, prev_hash="a" * 64, entry_hash="c" * 64)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=second.pk).delete()
    call_command("audit_verify", stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_verify_names_a_tampered_chained_entry() -> None:
    entries = _entries(5)
    audit.chain()
    _drop_append_only_guard()
    AuditEntry.objects.filter(pk=entries[2].pk).update(object_id="999")
    _restore_append_only_guard()
    with pytest.raises(CommandError, match=f"entry {entries[2].pk}: its content does not match its HMAC"):
        call_command("audit_verify")


@pytest.mark.django_db(transaction=True)
def test_verify_names_a_tampered_unchained_entry_before_and_after_it_is_chained() -> None:
    entries = _entries(5)
    audit.chain()
    late = _entries(3, "late")
    _drop_append_only_guard()
    AuditEntry.objects.filter(pk=late[1].pk).update(actor_label="someone-else")
    _restore_append_only_guard()
    with pytest.raises(CommandError, match=f"entry {late[1].pk}: it is not chained yet and its content does not match"):
        call_command("audit_verify")
    # The chainer chains it as found (the row was there); its own HMAC still names it.
    audit.chain()
    with pytest.raises(CommandError, match=f"entry {late[1].pk}: its content does not match its HMAC"):
        call_command("audit_verify")
    assert entries  # the entries before it were chained intact


@pytest.mark.django_db(transaction=True)
def test_verify_names_a_deleted_chained_entry_by_the_gap_in_positions() -> None:
    entries = _entries(6)
    audit.chain()
    _drop_append_only_guard()
    AuditEntry.objects.filter(pk=entries[2].pk).delete()
    _restore_append_only_guard()
    problems = _breaks()
    assert problems
    assert problems[0].entry_id == entries[3].pk
    assert "was expected: an entry before it was removed" in problems[0].problem


def _genuine_entry_with_id(pk: int, label: str) -> AuditEntry:
    """An entry as `record` writes it, with a chosen id (as a sequence hands out ids)."""
    entry = AuditEntry(
        pk=pk, at=timezone.now(), actor_label="system", action="consultation", object_type=label, object_id="1"
    )
    entry.mac = audit.entry_mac(audit._hashed_fields(entry))
    entry.save(force_insert=True)
    return entry


@pytest.mark.django_db
def test_an_entry_committed_after_later_ids_were_chained_is_chained_after_them() -> None:
    """On PostgreSQL ids are taken at INSERT and become visible at COMMIT: an entry of a long
    transaction can appear below the chained head. The chain's order is its position, not the id."""
    _entries(2)
    top = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    newer = _genuine_entry_with_id(top + 100, "newer")
    audit.chain()
    late = _genuine_entry_with_id(top + 50, "late")
    assert audit.chain() == 1
    late.refresh_from_db()
    newer.refresh_from_db()
    assert late.pk < newer.pk
    assert late.chain_seq is not None
    assert newer.chain_seq is not None
    assert late.chain_seq == newer.chain_seq + 1
    assert late.prev_hash == newer.entry_hash
    assert not _breaks()


@pytest.mark.django_db(transaction=True)
def test_a_forged_entry_claiming_a_chain_position_is_named() -> None:
    _entries(3)
    audit.chain()
    head_seq, head_hash = audit.chained_head()
    _drop_append_only_guard()
    with pytest.raises(IntegrityError), transaction.atomic():  # a position already taken
        AuditEntry.objects.create(
            actor_label="x",
            action="consultation",
            object_type="t",
            chain_seq=head_seq,
            prev_hash=head_hash,
            entry_hash="f" * 64,
        )
    forged = AuditEntry.objects.create(
        actor_label="x",
        action="consultation",
        object_type="t",
        mac="e" * 64,
        chain_seq=head_seq + 1,
        prev_hash=head_hash,
        entry_hash="f" * 64,
    )
    _restore_append_only_guard()
    problems = _breaks()
    assert [p.entry_id for p in problems] == [forged.pk]
    assert "its content does not match its HMAC" in problems[0].problem


def _in_threads(targets: list[Callable[[], None]]) -> list[BaseException]:
    errors: list[BaseException] = []

    def run(target: Callable[[], None]) -> None:
        try:
            target()
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_lose_no_entry_and_the_chain_is_complete_after_the_chainer() -> None:
    _needs_postgresql()
    before = AuditEntry.objects.count()
    stop = threading.Event()

    def writer(n: int) -> Callable[[], None]:
        def write() -> None:
            for i in range(60):
                audit.record(None, audit.Action.CONSULTATION, object_type=f"w{n}", object_id=i)

        return write

    def chainer() -> None:
        while not stop.is_set():
            audit.chain(batch_size=25)

    chainer_thread = threading.Thread(target=lambda: _in_threads([chainer]))
    chainer_thread.start()
    errors = _in_threads([writer(n) for n in range(4)])
    stop.set()
    chainer_thread.join(timeout=120)
    assert not errors, errors
    audit.chain()
    assert AuditEntry.objects.count() == before + 240
    assert audit.unchained().count == 0
    assert _positions() == list(range(1, before + 241))
    for n in range(4):
        assert AuditEntry.objects.filter(object_type=f"w{n}").count() == 60
    assert not _breaks()


@pytest.mark.django_db(transaction=True)
def test_two_chainers_at_once_never_chain_an_entry_twice() -> None:
    _needs_postgresql()
    _entries(300)
    holding, release = threading.Event(), threading.Event()
    skipped: list[int] = []

    def holder() -> None:
        with transaction.atomic():
            audit._lock_chain(wait=True)
            holding.set()
            release.wait(30)

    def impatient() -> None:
        holding.wait(30)
        skipped.append(audit.chain(wait=False))
        release.set()

    assert not _in_threads([holder, impatient])
    assert skipped == [0], "a chainer that finds the lock taken skips"
    counts: list[int] = []
    assert not _in_threads([lambda: counts.append(audit.chain(batch_size=20)) for _ in range(2)])
    assert sum(counts) == AuditEntry.objects.count()
    assert _positions() == list(range(1, AuditEntry.objects.count() + 1))
    assert not _breaks()


@pytest.mark.django_db
def test_the_worker_task_chains_and_queues_its_next_run(settings: object) -> None:
    from django_tasks_db.models import DBTaskResult

    from lantern.core import tasks

    _entries(3)
    waiting = DBTaskResult.objects.filter(task_path=tasks.chain_audit_log.module_path, status="READY")
    assert tasks.schedule_chain(at_once=True)
    assert not tasks.schedule_chain(), "one run waiting is enough"
    waiting.delete()  # as if the worker had picked it up
    assert tasks.chain_audit_log.call() >= 3
    assert audit.unchained().count == 0
    run = waiting.get()
    assert run.run_after > timezone.now()


@pytest.mark.django_db
def test_the_chain_command_reports_what_it_did() -> None:
    _entries(4)
    out = StringIO()
    call_command("audit_chain", stdout=out)
    assert "Chained " in out.getvalue()
    assert "0 written since are waiting" in out.getvalue()
    out = StringIO()
    call_command("audit_chain", "--schedule-only", stdout=out)
    assert "queued" in out.getvalue()
