# Who/when fields under the one naming scheme (lantern.core.bases.RecordedAt): a referral's and a Duty to
# Notify's created_at, and a case link's linked_at/linked_by, become recorded_at/recorded_by (a link
# row is written when the referral is joined to the case: its writing is the linking). Renames only.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("nrm", "0003_referralpassing"),
    ]

    operations = [
        migrations.RenameField(model_name="nrmreferral", old_name="created_at", new_name="recorded_at"),
        migrations.RenameField(model_name="dutytonotify", old_name="created_at", new_name="recorded_at"),
        migrations.RenameField(model_name="nrmcaselink", old_name="linked_at", new_name="recorded_at"),
        migrations.RenameField(model_name="nrmcaselink", old_name="linked_by", new_name="recorded_by"),
        migrations.RenameField(model_name="dtncaselink", old_name="linked_at", new_name="recorded_at"),
    ]
