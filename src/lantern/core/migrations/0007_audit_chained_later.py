"""The audit log chained after the fact (docs/decisions/0026-audit-chained-after-the-request.md).

A request now writes an entry with its own HMAC (`mac`) and no chain position; the chainer fills
chain_seq, prev_hash and entry_hash later, once. The append-only triggers change accordingly: an
UPDATE is refused unless it fills those three fields of a row that had none, and changes nothing
else; DELETE is still refused. Entries written before this migration are already chained (their
entry_hash is unchanged): they get their position (chain_seq, in id order) and their own HMAC here.
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.db import migrations, models

# The triggers, per database (tests/conftest.py and tests/core/test_audit.py re-create them from here).
SQLITE_COLUMNS = (
    "id", "at", "actor_id", "actor_label", "action", "object_type", "object_id", "reason", "recipients", "detail", "mac",
)
_SAME = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in SQLITE_COLUMNS)
SQLITE = [
    f"""CREATE TRIGGER audit_no_update BEFORE UPDATE ON core_auditentry
       WHEN NOT (OLD.chain_seq IS NULL AND OLD.prev_hash IS NULL AND OLD.entry_hash IS NULL
                 AND NEW.chain_seq IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.entry_hash IS NOT NULL
                 AND {_SAME})
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
    """CREATE TRIGGER audit_no_delete BEFORE DELETE ON core_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS audit_no_update", "DROP TRIGGER IF EXISTS audit_no_delete"]

_CHAIN = "'chain_seq' - 'prev_hash' - 'entry_hash'"
POSTGRES = [
    f"""CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
       BEGIN
         IF TG_OP = 'UPDATE'
            AND OLD.chain_seq IS NULL AND OLD.prev_hash IS NULL AND OLD.entry_hash IS NULL
            AND NEW.chain_seq IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.entry_hash IS NOT NULL
            AND (to_jsonb(NEW) - {_CHAIN}) = (to_jsonb(OLD) - {_CHAIN})
         THEN RETURN NEW; END IF;
         RAISE EXCEPTION 'audit log is append-only';
       END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON core_auditentry
       FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()""",
]
POSTGRES_DROP = ["DROP TRIGGER IF EXISTS audit_no_change ON core_auditentry"]

# As 0002 made them (for going back).
POSTGRES_0002 = [
    """CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit log is append-only'; END; $$ LANGUAGE plpgsql""",
    POSTGRES[1],
]
SQLITE_0002 = [
    """CREATE TRIGGER audit_no_update BEFORE UPDATE ON core_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
    SQLITE[1],
]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql)


def drop_guard(apps, schema_editor):
    _run(schema_editor, POSTGRES_DROP if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP)


def create_guard(apps, schema_editor):
    _run(schema_editor, POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE)


def create_old_guard(apps, schema_editor):
    _run(schema_editor, POSTGRES_0002 if schema_editor.connection.vendor == "postgresql" else SQLITE_0002)


def _mac(entry):
    # As lantern.core.audit.entry_mac at the time of this migration.
    fields = {
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
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hmac.new(settings.LANTERN_AUDIT_KEY.encode(), ("entry:" + payload).encode(), hashlib.sha256).hexdigest()


def position_existing_entries(apps, schema_editor):
    """Entries written before this migration were chained as they were written: their position is
    their order by id; their own HMAC is computed now (the chain hash already covers them)."""
    AuditEntry = apps.get_model("core", "AuditEntry")
    last_id, seq = 0, 0
    while True:
        batch = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:2000])
        if not batch:
            return
        for entry in batch:
            seq += 1
            entry.chain_seq = seq
            entry.mac = _mac(entry)
        AuditEntry.objects.bulk_update(batch, ["chain_seq", "mac"])
        last_id = batch[-1].id


class Migration(migrations.Migration):
    dependencies = [("core", "0006_second_factor")]

    operations = [
        migrations.RunPython(drop_guard, create_old_guard),
        migrations.AddField(
            model_name="auditentry",
            name="chain_seq",
            field=models.BigIntegerField(
                blank=True, help_text="Position in the chain, 1, 2, ...", null=True, unique=True
            ),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="mac",
            field=models.CharField(
                default="", help_text="HMAC of the entry's own fields, set when written", max_length=64
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="entry_hash",
            field=models.CharField(blank=True, max_length=64, null=True, unique=True),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(blank=True, max_length=64, null=True),
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(condition=models.Q(chain_seq__isnull=True), fields=["id"], name="audit_unchained"),
        ),
        migrations.RunPython(position_existing_entries, migrations.RunPython.noop),
        migrations.RunPython(create_guard, drop_guard),
    ]
