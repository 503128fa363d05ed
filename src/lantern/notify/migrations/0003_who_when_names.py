# Who/when fields under the one naming scheme (lantern.core.bases.RecordedAt, with the model's own
# nullable recorded_by: a message or a letter may be made by the service itself): an outbox
# message's and a letter's created_at/created_by become recorded_at/recorded_by. Renames only; the
# ordering follows the renamed column.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("notify", "0002_caught_email"),
    ]

    operations = [
        migrations.RenameField(model_name="outboxmessage", old_name="created_at", new_name="recorded_at"),
        migrations.RenameField(model_name="outboxmessage", old_name="created_by", new_name="recorded_by"),
        migrations.AlterModelOptions(name="outboxmessage", options={"ordering": ["-recorded_at", "-id"]}),
        migrations.RenameField(model_name="letter", old_name="created_at", new_name="recorded_at"),
        migrations.RenameField(model_name="letter", old_name="created_by", new_name="recorded_by"),
        migrations.AlterModelOptions(name="letter", options={"ordering": ["-recorded_at", "-id"]}),
    ]
