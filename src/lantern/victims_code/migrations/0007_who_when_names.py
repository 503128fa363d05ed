# Who/when fields under the one naming scheme (lantern.core.bases.RecordedAt): a duty's created_at (and
# its history table's) and an escalation's `at` become recorded_at; the escalation ordering follows.
# Renames only. CaseEvent (RecordedAt) and VictimUpdate (Recorded) moved onto the bases with no schema
# change. DASH or SWEEP may add a victims_code 0007 in the same session: renumber at merge.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("victims_code", "0006_update_requests"),
    ]

    operations = [
        migrations.RenameField(model_name="duty", old_name="created_at", new_name="recorded_at"),
        migrations.RenameField(model_name="historicalduty", old_name="created_at", new_name="recorded_at"),
        migrations.RenameField(model_name="escalation", old_name="at", new_name="recorded_at"),
        migrations.AlterModelOptions(name="escalation", options={"ordering": ["-recorded_at"]}),
    ]
