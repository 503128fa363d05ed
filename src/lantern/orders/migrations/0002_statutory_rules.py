"""Load the statutory figures of orders (data/statutory.json, from domain.md section 6)."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "statutory.json"


def load(apps, schema_editor):
    StatutoryRule = apps.get_model("orders", "StatutoryRule")
    for row in json.loads(DATA.read_text())["rules"]:
        kind = row.pop("kind")
        StatutoryRule.objects.update_or_create(kind=kind, defaults=row)


class Migration(migrations.Migration):
    dependencies = [("orders", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
