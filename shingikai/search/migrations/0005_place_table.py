"""SQLite: places by lane, and a narrow copy of each document's filter columns.

- A document's place (the token index's rowid) starts with its lane: its kind and the
  audience it is written for (internal, both, public), so a search reads only the matches
  written for its reader's audience (see shingikai/search/backends.py).
- Every document's `uni` column carries its lane's token (`z`, the kind's and the
  audience's numbers), which bounds a search's AND, phrase or NOT to the lane.
- `search_place` holds each document's filter columns under its place: a search checks each
  match against the reader's access and filters by reading the next rows of this small
  table (in the order of the walk), where the document table would be a page read per match
  (its rows carry the text and are in the order they were written).

The token index is renumbered from its own stored tokens (nothing is folded again); the
deletion trigger removes a document's place row with its tokens. Nothing changes on
PostgreSQL."""

from django.db import migrations

# The place of a document row `{row}`, as backends.place computes it: kind << 60, audience
# << 58, (1048575 - days since 1900-01-01 of its date kept within its fiscal year, that year
# kept within 1900-9998) << 38, 274877906943 - id (julianday of 1900-01-01 is 2415020.5).
KIND = (
    "(CASE {row}.kind WHEN 'case' THEN 0 WHEN 'handling' THEN 1 WHEN 'finding' THEN 2"
    " WHEN 'agenda' THEN 3 WHEN 'decision' THEN 4 WHEN 'condition' THEN 5"
    " WHEN 'question' THEN 6 ELSE 7 END)"
)
AUDIENCE = "(CASE {row}.audience WHEN 'internal' THEN 0 WHEN 'both' THEN 1 ELSE 2 END)"
DAY = (
    "(1048575 - COALESCE(MIN(1048575, MAX(0, CAST(julianday("
    "CASE WHEN {row}.fiscal_year IS NULL OR {row}.fiscal_year = 0 THEN {row}.date"
    " WHEN {row}.date IS NULL"
    " OR {row}.date < printf('%04d-04-01', MIN(MAX({row}.fiscal_year, 1900), 9998))"
    " THEN printf('%04d-04-01', MIN(MAX({row}.fiscal_year, 1900), 9998))"
    " WHEN {row}.date > printf('%04d-03-31', MIN(MAX({row}.fiscal_year, 1900), 9998) + 1)"
    " THEN printf('%04d-03-31', MIN(MAX({row}.fiscal_year, 1900), 9998) + 1)"
    " ELSE {row}.date END) - 2415020.5 AS INTEGER))), 0))"
)
PLACE = f"(({KIND} << 60) | ({AUDIENCE} << 58) | ({DAY} << 38) | (274877906943 - {{row}}.id))"
# The place before this migration (0004): kind << 60, day << 40, 1099511627775 - id.
OLD_PLACE = f"(({KIND} << 60) | ({DAY} << 40) | (1099511627775 - {{row}}.id))"
# The unigrams with the lane's token after them (backends.lane_token), and without.
WITH_LANE = f"(c.c0 || ' z' || {KIND.format(row='d')} || {AUDIENCE.format(row='d')})"
WITHOUT_LANE = "(CASE WHEN instr(c.c0, ' z') THEN substr(c.c0, 1, instr(c.c0, ' z') - 1) ELSE c.c0 END)"

# Every column of search_searchdocument a filter may read: not the text, title, where,
# links or key (they are only shown).
COLUMNS = (
    "id, unit, kind, object_id, date, fiscal_year, council_id, case_id, meeting_id,"
    " agenda_item_id, minutes_id, handling_type, outcome, role, phase, audience"
)
CREATE_FTS = (
    "CREATE VIRTUAL TABLE {name} USING fts5(uni, bi, tokenize = 'ascii', columnsize = 0)"
)


def _renumber(place: str, old: str, uni: str) -> list[str]:
    """Statements that move every document's tokens from rowid `old` to rowid `place`, its
    unigrams made `uni` (expressions over the document row `d` and the stored tokens `c`)."""
    return [
        CREATE_FTS.format(name="search_fts_renumbered"),
        "INSERT INTO search_fts_renumbered (rowid, uni, bi)"
        f" SELECT {place.format(row='d')}, {uni}, c.c1 FROM search_searchdocument AS d"
        f" JOIN search_fts_content AS c ON c.id = {old.format(row='d')}",
        "DROP TABLE search_fts",
        "ALTER TABLE search_fts_renumbered RENAME TO search_fts",
        "INSERT INTO search_fts(search_fts) VALUES ('optimize')",
    ]


def _trigger(*deletes: str) -> str:
    return (
        "CREATE TRIGGER search_document_deleted AFTER DELETE ON search_searchdocument BEGIN "
        + " ".join(deletes)
        + " END"
    )


SQLITE = [
    "DROP TRIGGER IF EXISTS search_document_deleted",
    *_renumber(PLACE, OLD_PLACE, WITH_LANE),
    "CREATE TABLE search_place (place INTEGER PRIMARY KEY, id integer NOT NULL,"
    " unit varchar(40) NOT NULL, kind varchar(20) NOT NULL, object_id bigint NOT NULL,"
    " date date NULL, fiscal_year smallint NULL, council_id bigint NULL,"
    " case_id bigint NULL, meeting_id bigint NULL, agenda_item_id bigint NULL,"
    " minutes_id bigint NULL, handling_type varchar(40) NOT NULL,"
    " outcome varchar(30) NOT NULL, role varchar(12) NOT NULL, phase varchar(10) NOT NULL,"
    " audience varchar(10) NOT NULL)",
    f"INSERT INTO search_place (place, {COLUMNS})"
    f" SELECT {PLACE.format(row='d')}, {COLUMNS} FROM search_searchdocument AS d"
    f" ORDER BY {PLACE.format(row='d')}",
    _trigger(
        f"DELETE FROM search_fts WHERE rowid = {PLACE.format(row='old')};",
        f"DELETE FROM search_place WHERE place = {PLACE.format(row='old')};",
    ),
]
SQLITE_UNDO = [
    "DROP TRIGGER IF EXISTS search_document_deleted",
    "DROP TABLE IF EXISTS search_place",
    *_renumber(OLD_PLACE, PLACE, WITHOUT_LANE),
    _trigger(f"DELETE FROM search_fts WHERE rowid = {OLD_PLACE.format(row='old')};"),
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0004_index_places")]

    operations = [migrations.RunPython(_run(SQLITE), _run(SQLITE_UNDO))]
