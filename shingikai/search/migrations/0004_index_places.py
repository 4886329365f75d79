"""SQLite: the token index's rowid becomes the document's place (kind, date, id; see
shingikai/search/backends.py), so a search walks one kind's matches newest first and stops
early. The table is made again and filled from the stored documents; nothing changes on
PostgreSQL."""

import datetime as dt

from django.db import migrations

# Frozen here: the kinds in the order of their rowid ranges (backends.KINDS).
KINDS = ("case", "handling", "finding", "agenda", "decision", "condition", "question", "utterance")
KIND_SHIFT, DAY_SHIFT, DAY_MAX, ID_MASK = 60, 40, (1 << 20) - 1, (1 << 40) - 1
EPOCH = dt.date(1900, 1, 1)

SQLITE = [
    "DROP TRIGGER IF EXISTS search_document_deleted",
    "DROP TABLE IF EXISTS search_fts",
    "CREATE VIRTUAL TABLE search_fts USING fts5(uni, bi, tokenize = 'ascii', columnsize = 0)",
    # the place of the deleted document, as backends.place computes it: kind << 60,
    # (1048575 - days since 1900-01-01 of its date kept within its fiscal year, that year
    # kept within 1900-9998) << 40, 1099511627775 - id (julianday of 1900-01-01 is
    # 2415020.5)
    "CREATE TRIGGER search_document_deleted AFTER DELETE ON search_searchdocument BEGIN"
    " DELETE FROM search_fts WHERE rowid ="
    " ((CASE old.kind WHEN 'case' THEN 0 WHEN 'handling' THEN 1 WHEN 'finding' THEN 2"
    " WHEN 'agenda' THEN 3 WHEN 'decision' THEN 4 WHEN 'condition' THEN 5"
    " WHEN 'question' THEN 6 ELSE 7 END) << 60)"
    " | ((1048575 - COALESCE(MIN(1048575, MAX(0, CAST(julianday("
    "CASE WHEN old.fiscal_year IS NULL OR old.fiscal_year = 0 THEN old.date"
    " WHEN old.date IS NULL"
    " OR old.date < printf('%04d-04-01', MIN(MAX(old.fiscal_year, 1900), 9998))"
    " THEN printf('%04d-04-01', MIN(MAX(old.fiscal_year, 1900), 9998))"
    " WHEN old.date > printf('%04d-03-31', MIN(MAX(old.fiscal_year, 1900), 9998) + 1)"
    " THEN printf('%04d-03-31', MIN(MAX(old.fiscal_year, 1900), 9998) + 1)"
    " ELSE old.date END) - 2415020.5 AS INTEGER))), 0)) << 40)"
    " | (1099511627775 - old.id); END",
]
SQLITE_UNDO = [
    "DROP TRIGGER IF EXISTS search_document_deleted",
    "DROP TABLE IF EXISTS search_fts",
    "CREATE VIRTUAL TABLE search_fts USING fts5(uni, bi, tokenize = 'ascii')",
    "CREATE TRIGGER search_document_deleted AFTER DELETE ON search_searchdocument"
    " BEGIN DELETE FROM search_fts WHERE rowid = old.id; END",
]


def _place(kind, date, fiscal_year, pk):
    day = dt.date.fromisoformat(str(date)) if date else None
    if fiscal_year:
        fiscal_year = min(max(fiscal_year, 1900), 9998)
        first, last = dt.date(fiscal_year, 4, 1), dt.date(fiscal_year + 1, 3, 31)
        day = min(max(day, first), last) if day else first
    days = min(DAY_MAX, max(0, (day - EPOCH).days)) if day else 0
    return (KINDS.index(kind) << KIND_SHIFT) | ((DAY_MAX - days) << DAY_SHIFT) | (ID_MASK - pk)


def _fill(schema_editor, placed):
    """Index every stored document again (the folding of tokens.py)."""
    from shingikai.search.tokens import bigrams, fold, unigrams

    with schema_editor.connection.cursor() as read:
        read.execute("SELECT id, kind, date, fiscal_year, text FROM search_searchdocument")
        while rows := read.fetchmany(2000):
            batch = []
            for pk, kind, date, year, text in rows:
                folded = fold(text)
                unique = " ".join(dict.fromkeys(unigrams(folded)))
                rowid = _place(kind, date, year, pk) if placed else pk
                batch.append((rowid, unique, " ".join(bigrams(folded))))
            with schema_editor.connection.cursor() as write:
                write.executemany(
                    "INSERT INTO search_fts(rowid, uni, bi) VALUES (%s, %s, %s)", batch
                )


def _run(statements, placed):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for sql in statements:
            schema_editor.execute(sql)
        _fill(schema_editor, placed)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_precedentprofile")]

    operations = [migrations.RunPython(_run(SQLITE, True), _run(SQLITE_UNDO, False))]
