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
    ids = list(AuditEntry.objects.values_list("id", flat=True))
    removed = ids[3]
    _drop_append_only_guard()
    AuditEntry.objects.filter(pk=removed).delete()
    with pytest.raises(CommandError, match=f"entry {ids[4]}: its link to the previous entry does not match"):
        call_command("audit_verify")
