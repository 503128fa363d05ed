# Who/when fields under the one naming scheme (lantern.core.bases.Recorded): a sign-off's `by` and
# `at` become recorded_by and recorded_at. Renames only; the ordering follows the renamed column.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0003_review_task_escalation"),
    ]

    operations = [
        migrations.RenameField(model_name="signoff", old_name="at", new_name="recorded_at"),
        migrations.RenameField(model_name="signoff", old_name="by", new_name="recorded_by"),
        migrations.AlterModelOptions(name="signoff", options={"ordering": ["recorded_at", "id"]}),
    ]
