from django.db import migrations, models

from phoihop.core.migration_ops import PostgresOnlySQL

BACKFILL = (
    "UPDATE concerns_concernparty SET concern_path = "
    "(SELECT c.unit_path FROM concerns_concern c WHERE c.id = concerns_concernparty.concern_id)"
)


class Migration(migrations.Migration):
    dependencies = [("concerns", "0003_merged_partial_index")]

    operations = [
        migrations.AddField(
            model_name="concernparty",
            name="concern_path",
            field=models.CharField(blank=True, default="", editable=False, max_length=40),
        ),
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="concernparty",
            index=models.Index(
                condition=models.Q(("role", "partner")), fields=["concern"], name="concern_party_partner"
            ),
        ),
        # the parties below a unit whose concern lies elsewhere, answered from the index alone
        PostgresOnlySQL(
            sql=[
                "CREATE INDEX IF NOT EXISTS concern_party_outside ON concerns_concernparty "
                "(unit_path varchar_pattern_ops, concern_path varchar_pattern_ops, concern_id)",
            ],
            reverse_sql=["DROP INDEX IF EXISTS concern_party_outside"],
        ),
    ]
