# Who/when fields under the one naming scheme (lantern.core.bases): a first response's, protected detail's,
# interpreter booking's and section 45 consideration's created_at/created_by and a disclosure export's
# made_at/made_by become recorded_at/recorded_by (Recorded); a safeguarding alert's created_at
# recorded_at (RecordedAt). The history tables (django-simple-history) follow. Renames only; the
# orderings follow the renamed columns.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("safeguarding", "0005_disclosure_redaction"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="disclosureexport",
            options={"ordering": ["-recorded_at"]},
        ),
        migrations.AlterModelOptions(
            name="firstresponse",
            options={"ordering": ["-recorded_at"]},
        ),
        migrations.AlterModelOptions(
            name="protecteddetail",
            options={"ordering": ["recorded_at", "id"]},
        ),
        migrations.AlterModelOptions(
            name="safeguardingalert",
            options={"ordering": ["-recorded_at"]},
        ),
        migrations.AlterModelOptions(
            name="section45consideration",
            options={"ordering": ["-recorded_at"]},
        ),
        migrations.RenameField(
            model_name="disclosureexport",
            old_name="made_at",
            new_name="recorded_at",
        ),
        migrations.RenameField(
            model_name="disclosureexport",
            old_name="made_by",
            new_name="recorded_by",
        ),
        migrations.RenameField(
            model_name="firstresponse",
            old_name="created_at",
            new_name="recorded_at",
        ),
        migrations.RenameField(
            model_name="firstresponse",
            old_name="created_by",
            new_name="recorded_by",
        ),
        migrations.RenameField(
            model_name="historicalfirstresponse",
            old_name="created_at",
            new_name="recorded_at",
        ),
        migrations.RenameField(
            model_name="historicalfirstresponse",
            old_name="created_by",
            new_name="recorded_by",
        ),
        migrations.RenameField(
            model_name="historicalsection45consideration",
            old_name="created_at",
            new_name="recorded_at",
        ),
        migrations.RenameField(
            model_name="historicalsection45consideration",
            old_name="created_by",
            new_name="recorded_by",
        ),
        migrations.RenameField(
            model_name="interpreterbooking",
            old_name="created_at",
            new_name="recorded_at",
        ),
        migrations.RenameField(
            model_name="interpreterbooking",
            old_name="created_by",
            new_name="recorded_by",
        ),
        migrations.RenameField(
            model_name="protecteddetail",
            old_name="created_at",
            new_name="recorded_at",
        ),
        migrations.RenameField(
            model_name="protecteddetail",
            old_name="created_by",
            new_name="recorded_by",
        ),
        migrations.RenameField(
            model_name="safeguardingalert",
            old_name="created_at",
            new_name="recorded_at",
        ),
        migrations.RenameField(
            model_name="section45consideration",
            old_name="created_at",
            new_name="recorded_at",
        ),
        migrations.RenameField(
            model_name="section45consideration",
            old_name="created_by",
            new_name="recorded_by",
        ),
    ]
