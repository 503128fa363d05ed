# Who/when fields under the one naming scheme (lantern.core.bases.RecordedAt): an API token's and a
# second factor's created_at becomes recorded_at. Renames only. AuditEntry and SignInFailure keep
# `at` (decision 0013: the audit chain's HMAC covers it).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_audit_chained_later"),
    ]

    operations = [
        migrations.RenameField(model_name="apitoken", old_name="created_at", new_name="recorded_at"),
        migrations.RenameField(model_name="secondfactor", old_name="created_at", new_name="recorded_at"),
    ]
