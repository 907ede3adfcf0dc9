from django.db import migrations

from phoihop.core.migration_ops import PostgresOnlySQL


class Migration(migrations.Migration):
    """PostgreSQL: the text index holds each concern's province beside its trigrams (btree_gin), so that a search
        inside a province reads that province's matches only; a covering index of the concerns not merged, by
        place, status and topic, so that a filtered list finds and counts its page's ids without visiting the table; the
    parties of an organisation with the concern's place."""

    dependencies = [("concerns", "0004_party_concern_path")]

    operations = [
        PostgresOnlySQL(
            sql=[
                "CREATE EXTENSION IF NOT EXISTS btree_gin",
                "CREATE INDEX IF NOT EXISTS concern_search_province ON concerns_concern USING gin "
                "(split_part(unit_path, '/', 1), search_text gin_trgm_ops) WITH (fastupdate = off)",
                "DROP INDEX IF EXISTS concerns_concern_search_text_trgm",
                "CREATE INDEX IF NOT EXISTS concern_live_place ON concerns_concern "
                "(unit_path varchar_pattern_ops, status, topic_id) INCLUDE (received_at, id) "
                "WHERE merged_into_id IS NULL",
                # a province's newest concerns first: a search for common words walks them and stops at its page
                "CREATE INDEX IF NOT EXISTS concern_live_province_recent ON concerns_concern "
                "(split_part(unit_path, '/', 1), received_at DESC, id DESC) WHERE merged_into_id IS NULL",
                # likely duplicates: a province's newest concerns of one topic
                "CREATE INDEX IF NOT EXISTS concern_live_province_topic ON concerns_concern "
                "(split_part(unit_path, '/', 1), topic_id, received_at DESC) WHERE merged_into_id IS NULL",
                # what an organisation is party to, with the concern's place: the ones elsewhere from the index alone
                "CREATE INDEX IF NOT EXISTS concern_party_org_place ON concerns_concernparty "
                "(organization_id, concern_path varchar_pattern_ops, concern_id)",
            ],
            reverse_sql=[
                "DROP INDEX IF EXISTS concern_party_org_place",
                "DROP INDEX IF EXISTS concern_live_province_topic",
                "DROP INDEX IF EXISTS concern_live_province_recent",
                "DROP INDEX IF EXISTS concern_live_place",
                "CREATE INDEX IF NOT EXISTS concerns_concern_search_text_trgm ON concerns_concern "
                "USING gin (search_text gin_trgm_ops) WITH (fastupdate = off)",
                "DROP INDEX IF EXISTS concern_search_province",
            ],
        ),
    ]
