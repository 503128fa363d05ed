"""NrmDecision now belongs to nrm (nrm 0002 takes it over in its state): drop it from
safeguarding's state only. The table safeguarding_nrmdecision and its rows are kept."""

from __future__ import annotations

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("safeguarding", "0002_move_protected_locations"),
        ("nrm", "0002_nrmdecision_from_safeguarding"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="NrmDecision")],
            database_operations=[],
        ),
    ]
