from django.db import migrations

from phoihop.core.migration_ops import trigram_index


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_task_relations")]
    operations = [trigram_index("plans_task", "search_key")]
