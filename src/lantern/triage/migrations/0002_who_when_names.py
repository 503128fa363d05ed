# Who/when fields under the one naming scheme (lantern.core.bases.Recorded): renames only.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("triage", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="operation", old_name="created_at", new_name="recorded_at"),
        migrations.RenameField(model_name="operation", old_name="created_by", new_name="recorded_by"),
        migrations.RenameField(model_name="operationcase", old_name="added_at", new_name="recorded_at"),
        migrations.RenameField(model_name="operationcase", old_name="added_by", new_name="recorded_by"),
    ]
