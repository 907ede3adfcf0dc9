"""Party-committee terms as data (domain.md §4: Party numbers run over a term). Editable in the admin."""

import datetime as dt

from django.db import migrations

TERMS = [
    ("Nhiệm kỳ 2015-2020", dt.date(2015, 10, 1), dt.date(2020, 9, 30)),
    ("Nhiệm kỳ 2020-2025", dt.date(2020, 10, 1), dt.date(2025, 9, 30)),
    ("Nhiệm kỳ 2025-2030", dt.date(2025, 10, 1), dt.date(2030, 9, 30)),
]


def seed(apps, schema_editor):
    PartyTerm = apps.get_model("documents", "PartyTerm")
    for name, starts_on, ends_on in TERMS:
        PartyTerm.objects.update_or_create(name=name, defaults={"starts_on": starts_on, "ends_on": ends_on})


def unseed(apps, schema_editor):
    apps.get_model("documents", "PartyTerm").objects.filter(name__in=[t[0] for t in TERMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_number_registers_and_attachments")]
    operations = [migrations.RunPython(seed, unseed)]
