# Who/when fields under the one naming scheme (lantern.core.bases.RecordedAt): a case's
# created_at/created_by (its own nullable recorded_by), a reference's and a party's added_at and an
# advocate assignment's created_at (beside the recorded_by it had) become recorded_at/recorded_by;
# the history tables (django-simple-history) follow. Renames only; the references' ordering follows
# the renamed column. `reported_at` stays (a domain time); CaseShare keeps granted_at/granted_by (the
# row is the grant); TimelineEvent keeps at/actor for now (docs/architecture.md, "Who and when").
# DASH adds a cases migration 0007 in the same session: renumber at merge.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_case_reported_at_index"),
    ]

    operations = [
        migrations.RenameField(model_name="case", old_name="created_at", new_name="recorded_at"),
        migrations.RenameField(model_name="case", old_name="created_by", new_name="recorded_by"),
        migrations.RenameField(model_name="historicalcase", old_name="created_at", new_name="recorded_at"),
        migrations.RenameField(model_name="historicalcase", old_name="created_by", new_name="recorded_by"),
        migrations.RenameField(model_name="casereference", old_name="added_at", new_name="recorded_at"),
        migrations.AlterModelOptions(name="casereference", options={"ordering": ["recorded_at", "id"]}),
        migrations.RenameField(model_name="caseparty", old_name="added_at", new_name="recorded_at"),
        migrations.RenameField(model_name="historicalcaseparty", old_name="added_at", new_name="recorded_at"),
        migrations.RenameField(model_name="advocateassignment", old_name="created_at", new_name="recorded_at"),
        migrations.RenameField(
            model_name="historicaladvocateassignment", old_name="created_at", new_name="recorded_at"
        ),
    ]
