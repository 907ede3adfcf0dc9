"""SQLite's full-text index of concerns (ADR 0013): an FTS5 trigram table over the folded text, kept in step
by triggers. SQLite rebuilds a table to alter a column, which drops its triggers: every migration that
alters `concerns_concern` must end with `fts_triggers()`."""

from phoihop.core.migration_ops import SqliteOnlySQL

TRIGGERS = [
    "CREATE TRIGGER concerns_concern_fts_ai AFTER INSERT ON concerns_concern BEGIN "
    "INSERT INTO concerns_concern_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER concerns_concern_fts_ad AFTER DELETE ON concerns_concern BEGIN "
    "INSERT INTO concerns_concern_fts(concerns_concern_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER concerns_concern_fts_au AFTER UPDATE OF search_text ON concerns_concern BEGIN "
    "INSERT INTO concerns_concern_fts(concerns_concern_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO concerns_concern_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
]
DROP = [
    "DROP TRIGGER IF EXISTS concerns_concern_fts_au",
    "DROP TRIGGER IF EXISTS concerns_concern_fts_ad",
    "DROP TRIGGER IF EXISTS concerns_concern_fts_ai",
]
REBUILD = "INSERT INTO concerns_concern_fts(concerns_concern_fts) VALUES ('rebuild')"


def fts_triggers() -> SqliteOnlySQL:
    """Put the triggers back (after a table rebuild) and re-index the rows."""
    return SqliteOnlySQL(sql=[*DROP, *TRIGGERS, REBUILD], reverse_sql=[*DROP, *TRIGGERS, REBUILD])
