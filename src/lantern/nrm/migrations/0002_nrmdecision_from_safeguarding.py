"""NrmDecision moves from safeguarding to nrm (issue 8): state only. The table keeps its name
(safeguarding_nrmdecision) and its rows; safeguarding 0003 drops the model from its own state.
The content type is renamed so anything pointing at it follows the model."""

from __future__ import annotations

from typing import Any

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def _move(apps: Any, old: str, new: str) -> None:
    # Django creates content types after every migrate, so after a rollback (tests do it) the
    # target may already exist: keep it and drop the old one rather than collide with it.
    content_type = apps.get_model("contenttypes", "ContentType")
    if content_type.objects.filter(app_label=new, model="nrmdecision").exists():
        content_type.objects.filter(app_label=old, model="nrmdecision").delete()
    else:
        content_type.objects.filter(app_label=old, model="nrmdecision").update(app_label=new)


def move_content_type(apps: Any, schema_editor: Any) -> None:
    _move(apps, "safeguarding", "nrm")


def move_content_type_back(apps: Any, schema_editor: Any) -> None:
    _move(apps, "nrm", "safeguarding")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("nrm", "0001_initial"),
        ("safeguarding", "0002_move_protected_locations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="NrmDecision",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[("rg", "Reasonable grounds"), ("cg", "Conclusive grounds")], max_length=2
                            ),
                        ),
                        ("positive", models.BooleanField()),
                        ("decided_on", models.DateField()),
                        ("recorded_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "referral",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="decisions",
                                to="nrm.nrmreferral",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "safeguarding_nrmdecision",
                        "ordering": ["decided_on", "id"],
                        "constraints": [
                            models.UniqueConstraint(fields=("referral", "kind"), name="one_decision_of_each_kind")
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
