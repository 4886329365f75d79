"""The token index, created only on its own database: an FTS5 table (with a trigger that
drops a document's tokens with its row) on SQLite, a tsvector column with a GIN index on
PostgreSQL. Neither is a model field (see shingikai/search/backends.py)."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(uni, bi, tokenize = 'ascii')",
    "CREATE TRIGGER search_document_deleted AFTER DELETE ON search_searchdocument"
    " BEGIN DELETE FROM search_fts WHERE rowid = old.id; END",
]
SQLITE_UNDO = [
    "DROP TRIGGER IF EXISTS search_document_deleted",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES = [
    "ALTER TABLE search_searchdocument ADD COLUMN tokens tsvector NOT NULL DEFAULT ''::tsvector",
    "CREATE INDEX search_document_tokens ON search_searchdocument USING GIN (tokens)",
]
POSTGRES_UNDO = [
    "DROP INDEX IF EXISTS search_document_tokens",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tokens",
]
FORWARD = {"sqlite": SQLITE, "postgresql": POSTGRES}
BACKWARD = {"sqlite": SQLITE_UNDO, "postgresql": POSTGRES_UNDO}


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
