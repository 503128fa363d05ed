# Who/when fields under the one naming scheme (lantern.core.bases.RecordedAt, with the model's own
# nullable recorded_by, empty as before where no user recorded it): a person's
# created_at/created_by (and its history table's) and a location's created_at become
# recorded_at/recorded_by. Renames only; the name-search triggers of 0003 name no renamed column.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_name_search_in_database"),
    ]

    operations = [
        migrations.RenameField(model_name="person", old_name="created_at", new_name="recorded_at"),
        migrations.RenameField(model_name="person", old_name="created_by", new_name="recorded_by"),
        migrations.RenameField(model_name="historicalperson", old_name="created_at", new_name="recorded_at"),
        migrations.RenameField(model_name="historicalperson", old_name="created_by", new_name="recorded_by"),
        migrations.RenameField(model_name="location", old_name="created_at", new_name="recorded_at"),
    ]
