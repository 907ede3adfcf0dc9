from django.db import migrations

from phoihop.core.migration_ops import PostgresOnlySQL, trigram_index

SLA = [(1, 15, 5), (2, 10, 3), (3, 5, 2), (4, 2, 1)]  # severity, working days, escalate after


def seed(apps, schema_editor):
    from phoihop.concerns.data.topics import TOPICS

    Topic = apps.get_model("concerns", "Topic")
    SlaRule = apps.get_model("concerns", "SlaRule")
    for i, (code, name, children) in enumerate(TOPICS, start=1):
        group, _ = Topic.objects.update_or_create(code=code, defaults={"name": name, "order": i * 10, "parent": None})
        for j, (child_code, child_name) in enumerate(children, start=1):
            Topic.objects.update_or_create(
                code=child_code, defaults={"name": child_name, "order": i * 10 + j, "parent": group}
            )
    for severity, days, after in SLA:
        SlaRule.objects.update_or_create(severity=severity, defaults={"working_days": days, "escalate_after": after})


def unseed(apps, schema_editor):
    apps.get_model("concerns", "SlaRule").objects.all().delete()
    Topic = apps.get_model("concerns", "Topic")
    Topic.objects.filter(parent__isnull=False).delete()
    Topic.objects.all().delete()


class SqliteOnlySQL(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "sqlite":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "sqlite":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


# SQLite: an FTS5 trigram index over the folded text, kept in step by triggers (ADR 0013)
FTS = [
    "CREATE VIRTUAL TABLE concerns_concern_fts USING fts5(search_text, content='concerns_concern', "
    "content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER concerns_concern_fts_ai AFTER INSERT ON concerns_concern BEGIN "
    "INSERT INTO concerns_concern_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER concerns_concern_fts_ad AFTER DELETE ON concerns_concern BEGIN "
    "INSERT INTO concerns_concern_fts(concerns_concern_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER concerns_concern_fts_au AFTER UPDATE OF search_text ON concerns_concern BEGIN "
    "INSERT INTO concerns_concern_fts(concerns_concern_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO concerns_concern_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
]
FTS_DROP = [
    "DROP TRIGGER IF EXISTS concerns_concern_fts_au",
    "DROP TRIGGER IF EXISTS concerns_concern_fts_ad",
    "DROP TRIGGER IF EXISTS concerns_concern_fts_ai",
    "DROP TABLE IF EXISTS concerns_concern_fts",
]


class Migration(migrations.Migration):
    dependencies = [("concerns", "0001_initial")]

    operations = [
        migrations.RunPython(seed, unseed),
        trigram_index("concerns_concern", "search_text"),
        PostgresOnlySQL(
            sql=[
                "CREATE INDEX IF NOT EXISTS concerns_concern_open ON concerns_concern (deadline) WHERE status IN "
                "('received', 'verifying', 'assigned', 'in_handling', 'escalated')"
            ],
            reverse_sql=["DROP INDEX IF EXISTS concerns_concern_open"],
        ),
        SqliteOnlySQL(sql=FTS, reverse_sql=FTS_DROP),
    ]
