# Who/when fields under the one naming scheme (lantern.core.bases): a decision letter's
# created_at/created_by become recorded_at/recorded_by (Recorded), a review right's created_at
# recorded_at (RecordedAt). Renames only; the ordering follows the renamed column. EnquiryAnswer
# keeps answered_at/answered_by: the row is the act of answering a line of enquiry.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0004_signoff_who_when_names"),
    ]

    operations = [
        migrations.RenameField(model_name="decisionletter", old_name="created_at", new_name="recorded_at"),
        migrations.RenameField(model_name="decisionletter", old_name="created_by", new_name="recorded_by"),
        migrations.AlterModelOptions(name="decisionletter", options={"ordering": ["recorded_at", "id"]}),
        migrations.RenameField(model_name="reviewright", old_name="created_at", new_name="recorded_at"),
    ]
