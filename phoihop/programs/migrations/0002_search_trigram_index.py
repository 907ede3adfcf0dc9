from django.db import migrations

from phoihop.core.migration_ops import trigram_index


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]
    operations = [
        trigram_index("programs_program", "search_key"),
        trigram_index("programs_legaldocument", "search_key"),
    ]
