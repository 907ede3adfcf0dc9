from django.db import migrations

from phoihop.core.migration_ops import trigram_index


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]
    operations = [trigram_index("geo_adminunit", "search_key")]
