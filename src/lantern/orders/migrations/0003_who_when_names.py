# Who/when fields under the one naming scheme (lantern.core.bases): an order's created_at/created_by and a
# prohibition's added_at/added_by become recorded_at/recorded_by (Recorded), an order duty's created_at
# recorded_at (RecordedAt); the history tables (django-simple-history) follow. Renames only.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0002_statutory_rules"),
    ]

    operations = [
        migrations.RenameField(
            model_name="historicalorder",
            old_name="created_at",
            new_name="recorded_at",
        ),
        migrations.RenameField(
            model_name="historicalorder",
            old_name="created_by",
            new_name="recorded_by",
        ),
        migrations.RenameField(
            model_name="historicalorderduty",
            old_name="created_at",
            new_name="recorded_at",
        ),
        migrations.RenameField(
            model_name="historicalprohibition",
            old_name="added_at",
            new_name="recorded_at",
        ),
        migrations.RenameField(
            model_name="historicalprohibition",
            old_name="added_by",
            new_name="recorded_by",
        ),
        migrations.RenameField(
            model_name="order",
            old_name="created_at",
            new_name="recorded_at",
        ),
        migrations.RenameField(
            model_name="order",
            old_name="created_by",
            new_name="recorded_by",
        ),
        migrations.RenameField(
            model_name="orderduty",
            old_name="created_at",
            new_name="recorded_at",
        ),
        migrations.RenameField(
            model_name="prohibition",
            old_name="added_at",
            new_name="recorded_at",
        ),
        migrations.RenameField(
            model_name="prohibition",
            old_name="added_by",
            new_name="recorded_by",
        ),
    ]
