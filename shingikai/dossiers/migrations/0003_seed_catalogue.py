"""Load the starting data-item catalogue (the items the seed minutes name)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from shingikai.dossiers.structure.catalogue import SEED_ITEMS


def load(apps: Any, schema_editor: Any) -> None:
    data_item = apps.get_model("dossiers", "DataItem")
    for name, category in SEED_ITEMS:
        data_item.objects.get_or_create(name=name, defaults={"category": category})


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0002_dossier_structure")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
