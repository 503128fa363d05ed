"""Load the 43 territorial forces of England and Wales and British Transport Police.

Forces are reference data that must exist in every database, tests included. Idempotent: each
force is updated or created by its code, so running it again (or after a force was renamed in
lantern.core.reference_data) leaves one row per code.
"""

from django.db import migrations

from lantern.core.reference_data import FORCES


def load_forces(apps, schema_editor):
    Force = apps.get_model("core", "Force")
    for force in FORCES:
        Force.objects.update_or_create(
            code=force.code,
            defaults={"name": force.name, "country": force.country, "territorial": force.territorial},
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_append_only")]
    # Reversing leaves the forces in place: cases and users refer to them.
    operations = [migrations.RunPython(load_forces, migrations.RunPython.noop)]
