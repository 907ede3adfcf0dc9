from django.db import migrations

from phoihop.core.migration_ops import trigram_index


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [trigram_index("orgs_organization", "search_key")]
