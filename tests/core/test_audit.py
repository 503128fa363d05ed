"""The audit log: every processing of personal data recorded, append-only, tamper evident."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError
from tests.factories import build_world

from lantern.core import audit
from lantern.core.models import AuditEntry


def _drop_append_only_guard() -> None:
    """What an attacker with database rights would do first."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditentry DISABLE TRIGGER audit_no_change")
        else:
            cursor.execute("DROP TRIGGER audit_no_update")
            cursor.execute("DROP TRIGGER audit_no_delete")


@pytest.mark.django_db
def test_recording_a_case_and_viewing_it_are_logged_without_content() -> None:
    world = build_world()
    entries = AuditEntry.objects.filter(object_type="cases.case", object_id=str(world.case.pk))
    assert entries.filter(action="collection", actor=world.oic).exists()
    assert "Labour" not in " ".join(e.detail + e.reason for e in AuditEntry.objects.all())


@pytest.mark.django_db
def test_intact_chain_verifies() -> None:
    build_world()
    call_command("audit_verify")


@pytest.mark.django_db(transaction=True)
def test_database_refuses_update_and_delete_of_audit_rows() -> None:
    build_world()
    entry = AuditEntry.objects.first()
    assert entry is not None
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(reason="nothing to see")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()


@pytest.mark.django_db(transaction=True)
def test_verify_reports_the_first_altered_row() -> None:
    world = build_world()
    for _ in range(3):
        audit.record(world.oic, audit.Action.CONSULTATION, world.case)
    audit.chain()
    ids = list(AuditEntry.objects.values_list("id", flat=True))
    target = ids[len(ids) // 2]
    _drop_append_only_guard()
    AuditEntry.objects.filter(pk=target).update(actor_label="someone-else")
    with pytest.raises(CommandError, match=f"entry {target}: its content does not match"):
        call_command("audit_verify")


@pytest.mark.django_db(transaction=True)
def test_verify_reports_a_removed_row() -> None:
    world = build_world()
    for _ in range(5):
        audit.record(world.colleague, audit.Action.CONSULTATION, world.case)
    audit.chain()
    ids = list(AuditEntry.objects.values_list("id", flat=True))
    removed = ids[3]
    _drop_append_only_guard()
    AuditEntry.objects.filter(pk=removed).delete()
    with pytest.raises(CommandError, match=f"entry {ids[4]}: its link to the previous entry does not match"):
        call_command("audit_verify")


def _restore_append_only_guard() -> None:
    from importlib import import_module

    guard = import_module("lantern.core.migrations.0007_audit_chained_later")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditentry ENABLE TRIGGER audit_no_change")
        else:
            for sql in guard.SQLITE:
                cursor.execute(sql.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS"))


@pytest.mark.django_db(transaction=True)
def test_verify_detects_deletion_of_the_newest_rows_through_the_checkpoint() -> None:
    world = build_world()
    audit.chain()
    call_command("audit_verify")  # all well: writes a checkpoint of the head
    head = AuditEntry.objects.order_by("-id").first()
    assert head is not None
    for _ in range(3):
        audit.record(world.oic, audit.Action.CONSULTATION, world.case)
    audit.chain()
    audit.checkpoint_now()
    newest = list(AuditEntry.objects.order_by("-id").values_list("id", flat=True)[:3])
    _drop_append_only_guard()
    AuditEntry.objects.filter(pk__in=newest).delete()
    _restore_append_only_guard()
    # The chain that is left is internally consistent: only the checkpoint can tell.
    assert not any(isinstance(step, audit.ChainBreak) for step in audit.verify())
    with pytest.raises(CommandError, match=f"names entry {max(newest)}, which is missing"):
        call_command("audit_verify")


@pytest.mark.django_db(transaction=True)
def test_verify_detects_a_chain_rebuilt_with_fresh_plain_hashes() -> None:
    """Someone with database rights alters a row and recomputes every hash after it, as the chain
    was computed before it had a key: without LANTERN_AUDIT_KEY the hashes cannot be HMACs."""
    import hashlib
    import json

    world = build_world()
    for _ in range(3):
        audit.record(world.oic, audit.Action.CONSULTATION, world.case)
    audit.chain()
    audit.checkpoint_now()
    entries = list(AuditEntry.objects.order_by("id"))
    _drop_append_only_guard()
    prev = audit.GENESIS_HASH
    for entry in entries:
        if entry.pk == entries[1].pk:
            entry.actor_label = "someone-else"
        entry.prev_hash = prev
        payload = json.dumps(audit._hashed_fields(entry), sort_keys=True, separators=(",", ":"), default=str)
        entry.entry_hash = hashlib.sha256((prev + payload).encode()).hexdigest()
        AuditEntry.objects.filter(pk=entry.pk).update(
            actor_label=entry.actor_label, prev_hash=entry.prev_hash, entry_hash=entry.entry_hash
        )
        prev = entry.entry_hash
    _restore_append_only_guard()
    with pytest.raises(CommandError) as failure:
        call_command("audit_verify")
    message = str(failure.value)
    assert f"chain broken at entry {entries[0].pk}: its content does not match its HMAC" in message
    assert "has a different hash (the chain was rewritten)" in message


@pytest.mark.django_db(transaction=True)
def test_verify_detects_dropped_or_disabled_triggers() -> None:
    build_world()
    call_command("audit_verify")
    _drop_append_only_guard()
    with pytest.raises(CommandError, match="append-only trigger\\(s\\) missing or disabled: audit_no_"):
        call_command("audit_verify")
    _restore_append_only_guard()
    call_command("audit_verify")


@pytest.mark.django_db
def test_a_forged_checkpoint_is_named(settings: object) -> None:
    from dataclasses import replace

    from lantern.core import checkpoints

    build_world()
    audit.chain()
    real = audit.checkpoint_now()
    assert real is not None
    checkpoints.store().append(replace(real, written_at="2099-01-01T00:00:00.000000+0000", count=real.count + 5))
    with pytest.raises(CommandError, match="is not authentic"):
        call_command("audit_verify")


@pytest.mark.django_db
def test_entries_are_keyed_by_the_audit_key(settings: object) -> None:
    build_world()
    assert not any(isinstance(step, audit.ChainBreak) for step in audit.verify())
    settings.LANTERN_AUDIT_KEY = "another-key-" * 4  # type: ignore[attr-defined]
    assert any(isinstance(step, audit.ChainBreak) for step in audit.verify())


@pytest.mark.django_db
def test_checkpoints_are_written_by_the_chainer(settings: object) -> None:
    from lantern.core import checkpoints

    world = build_world()
    settings.LANTERN_AUDIT_CHECKPOINT_SECONDS = 0  # type: ignore[attr-defined]
    with transaction.atomic():
        pass
    audit.record(world.oic, audit.Action.CONSULTATION, world.case)
    assert not list(checkpoints.store().read_all())  # a request writes no checkpoint
    audit.chain()  # the chainer does
    written = [c for _, c in checkpoints.store().read_all()]
    assert written
    assert all(c is not None and checkpoints.authentic(c) for c in written)


@pytest.mark.django_db
def test_each_api_read_of_personal_data_leaves_one_entry_naming_what_was_shown(client: object) -> None:
    from django.test import Client
    from tests.decisions import api_world as dec

    world = build_world()
    decision = dec.proposed(world)
    assert isinstance(client, Client)
    client.force_login(world.oic)
    case = world.case.pk
    reads = {
        "/api/v1/cases": ("api case list", str(case)),
        f"/api/v1/cases/{case}/timeline": ("cases.case", "timeline"),
        f"/api/v1/cases/{case}/decisions": ("cases.case", "decisions"),
        f"/api/v1/decisions/{decision.pk}": ("decisions.decision", "api"),
        f"/api/v1/cases/{case}/duties": ("cases.case", "duties"),
        "/api/v1/me/duties": ("api my duties", ""),
        "/api/v1/decisions-work": ("api decisions work list", ""),
    }
    for url, (object_type, detail) in reads.items():
        before = AuditEntry.objects.count()
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:200])
        new = list(AuditEntry.objects.filter(id__gt=AuditEntry.objects.order_by("id")[before - 1].id))
        consultations = [e for e in new if e.action == "consultation" and e.actor_id == world.oic.pk]
        assert len(consultations) == 1, (url, [(e.object_type, e.detail) for e in new])
        assert consultations[0].object_type.startswith(object_type), url
        assert detail in consultations[0].detail, url
    client.force_login(world.supervisor)
    before_id = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
    assert client.get("/api/v1/nrm-alerts").status_code == 200
    assert (
        AuditEntry.objects.filter(id__gt=before_id, object_type="api nrm alerts", actor=world.supervisor).count() == 1
    )


@pytest.mark.django_db
def test_timeline_with_a_negative_offset_is_422_naming_the_field(client: object) -> None:
    from django.test import Client

    world = build_world()
    assert isinstance(client, Client)
    client.force_login(world.oic)
    response = client.get(f"/api/v1/cases/{world.case.pk}/timeline?offset=-1")
    assert response.status_code == 422
    assert "offset" in response.json()["errors"]
