from django.db import migrations

from phoihop.core.migration_ops import trigram_index


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_membership_organization")]
    operations = [trigram_index("accounts_user", "search_key")]
