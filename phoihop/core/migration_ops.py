"""Migration operations that only apply to PostgreSQL (extensions, trigram indexes)."""

from django.db import migrations


class PostgresOnlySQL(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def trigram_index(table: str, column: str) -> PostgresOnlySQL:
    name = f"{table}_{column}_trgm"
    return PostgresOnlySQL(
        sql=[
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            # fastupdate off: rows bulk-loaded after the migration are searchable through the index at once,
            # not parked in the pending list until a VACUUM (autovacuum may be off)
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops) WITH (fastupdate = off)",
        ],
        reverse_sql=[f"DROP INDEX IF EXISTS {name}"],
    )


class SqliteOnlySQL(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "sqlite":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "sqlite":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
