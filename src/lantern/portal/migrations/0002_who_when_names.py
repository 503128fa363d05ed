# Who/when fields under the one naming scheme (lantern.core.bases.Recorded): a victim invitation's
# created_at/created_by become recorded_at/recorded_by. Renames only; the ordering follows the
# renamed column.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_portal"),
    ]

    operations = [
        migrations.RenameField(model_name="victiminvitation", old_name="created_at", new_name="recorded_at"),
        migrations.RenameField(model_name="victiminvitation", old_name="created_by", new_name="recorded_by"),
        migrations.AlterModelOptions(name="victiminvitation", options={"ordering": ["-recorded_at", "-id"]}),
    ]
