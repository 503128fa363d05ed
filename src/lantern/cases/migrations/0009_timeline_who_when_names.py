# The timeline's who/when under the one naming scheme (lantern.core.bases.RecordedAt, with its own
# nullable recorded_by): at/actor become recorded_at/recorded_by (docs/architecture.md, "Who and
# when"). No history table: TimelineEvent is not registered with django-simple-history.
#
# Renames only, in the database too. Django's state does not rename a field inside an Index, so the
# state drops and re-adds the three indexes over `at` with the new field name; the database keeps
# them. In order:
# - actor -> recorded_by: PostgreSQL renames the column; SQLite re-makes the table (a foreign key
#   column), re-creating the indexes from the state as it then is, still on `at`.
# - the one index whose name Django derives from its fields is renamed
#   (cases_timel_case_id_4ae507_idx -> cases_timel_case_id_b85191_idx; SQLite cannot rename an
#   index and re-creates it, on `at` still);
# - at -> recorded_at: ALTER TABLE ... RENAME COLUMN on both databases, which rewrites the index
#   definitions over the column (the partial index's WHERE included), so none is rebuilt for it.
# The two named indexes keep their names: cases_timeline_kind_case_at, cases_timeline_contacts.

from django.db import migrations, models

OLD_CASE_INDEX = "cases_timel_case_id_4ae507_idx"
NEW_CASE_INDEX = "cases_timel_case_id_b85191_idx"


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_timeline_silent_since"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RenameField(model_name="timelineevent", old_name="actor", new_name="recorded_by"),
                migrations.RenameIndex(model_name="timelineevent", old_name=OLD_CASE_INDEX, new_name=NEW_CASE_INDEX),
                migrations.RenameField(model_name="timelineevent", old_name="at", new_name="recorded_at"),
            ],
            state_operations=[
                migrations.RemoveIndex(model_name="timelineevent", name=OLD_CASE_INDEX),
                migrations.RemoveIndex(model_name="timelineevent", name="cases_timeline_kind_case_at"),
                migrations.RemoveIndex(model_name="timelineevent", name="cases_timeline_contacts"),
                migrations.RenameField(model_name="timelineevent", old_name="at", new_name="recorded_at"),
                migrations.RenameField(model_name="timelineevent", old_name="actor", new_name="recorded_by"),
                migrations.AddIndex(
                    model_name="timelineevent",
                    index=models.Index(fields=["case", "-recorded_at"], name=NEW_CASE_INDEX),
                ),
                migrations.AddIndex(
                    model_name="timelineevent",
                    index=models.Index(fields=["kind", "case", "recorded_at"], name="cases_timeline_kind_case_at"),
                ),
                migrations.AddIndex(
                    model_name="timelineevent",
                    index=models.Index(
                        condition=models.Q(("kind", "victim_contact")),
                        fields=["kind", "recorded_at", "force", "silent_since", "case"],
                        name="cases_timeline_contacts",
                    ),
                ),
            ],
        ),
        migrations.AlterModelOptions(name="timelineevent", options={"ordering": ["-recorded_at", "-id"]}),
    ]
