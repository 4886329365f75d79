"""The token index on each database, behind one interface chosen by the database vendor.

- SQLite: an FTS5 table `search_fts(uni, bi)` whose rowid is the document id; a trigger
  removes its row when the document row goes (migration 0002). Matching is one MATCH of the
  whole query; ranking is bm25.
- PostgreSQL: a tsvector column `tokens` on the document table with a GIN index; matching
  is `tokens @@ tsquery`, ranking ts_rank.

Both look up the same tokens (`tokens`, `expressions`), so the same query gives the same set
of documents on both; only the order by relevance may differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from django.db import connection
from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from shingikai.search import expressions
from shingikai.search.models import SearchDocument
from shingikai.search.query import Query
from shingikai.search.tokens import bigrams, fold, unigrams

# Fixed SQL: what the reader typed only reaches it as a bound parameter (the query in the
# index's own language, made of hexadecimal tokens by `expressions`).
FTS_INSERT = "INSERT INTO search_fts(rowid, uni, bi) VALUES (%s, %s, %s)"
FTS_MATCH = (
    '"search_searchdocument"."id" IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)'
)
# One pass over the matches: FTS5 computes bm25 for each while scanning (lower is better;
# bigram hits weigh more than single characters); `{candidates}` is the SQL Django compiles
# for the documents the reader may see, with its parameters bound.
FTS_PAGE = (
    "SELECT d.id FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid"
    " WHERE search_fts MATCH %s AND d.id IN ({candidates})"
    " ORDER BY bm25(search_fts, 1.0, 2.0), d.date DESC, d.id DESC LIMIT %s OFFSET %s"
)
TS_STORE = "UPDATE search_searchdocument SET tokens = %s::tsvector WHERE id = %s"
TS_MATCH = '"search_searchdocument"."tokens" @@ %s::tsquery'
TS_RANK = 'ts_rank("search_searchdocument"."tokens", %s::tsquery)'


class Backend(Protocol):
    def store(self, docs: Sequence[SearchDocument]) -> None:
        """Index saved documents (their rows exist and have ids)."""

    def clear(self) -> None:
        """Empty the token index (before every document is deleted)."""

    def restrict(self, docs: QuerySet[SearchDocument], query: Query) -> QuerySet[SearchDocument]:
        """The documents of `docs` that match `query` (not empty)."""

    def best(
        self, docs: QuerySet[SearchDocument], query: Query, offset: int, limit: int
    ) -> list[int]:
        """Ids of the matches among `docs` (not restricted yet), best first: one page."""


class SqliteBackend:
    def store(self, docs: Sequence[SearchDocument]) -> None:
        rows = []
        for doc in docs:
            folded = fold(doc.text)
            # each character once: a single character is looked up, never a phrase of them
            unique = " ".join(dict.fromkeys(unigrams(folded)))
            rows.append((doc.pk, unique, " ".join(bigrams(folded))))
        with connection.cursor() as cursor:
            cursor.executemany(FTS_INSERT, rows)

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")

    def restrict(self, docs: QuerySet[SearchDocument], query: Query) -> QuerySet[SearchDocument]:
        match = RawSQL(FTS_MATCH, [expressions.fts5(query)], BooleanField())  # noqa: S611
        return docs.filter(match)

    def best(
        self, docs: QuerySet[SearchDocument], query: Query, offset: int, limit: int
    ) -> list[int]:
        candidates, params = docs.order_by().values("id").query.sql_with_params()
        sql = FTS_PAGE.format(candidates=candidates)
        with connection.cursor() as cursor:
            cursor.execute(sql, [expressions.fts5(query), *params, limit, offset])
            return [row[0] for row in cursor.fetchall()]


class PostgresBackend:
    def store(self, docs: Sequence[SearchDocument]) -> None:
        rows = [(expressions.tsvector(fold(doc.text)), doc.pk) for doc in docs]
        with connection.cursor() as cursor:
            cursor.executemany(TS_STORE, rows)

    def clear(self) -> None:
        """Nothing to do: the tokens live on the document rows."""

    def restrict(self, docs: QuerySet[SearchDocument], query: Query) -> QuerySet[SearchDocument]:
        match = RawSQL(TS_MATCH, [expressions.tsquery(query)], BooleanField())  # noqa: S611
        return docs.filter(match)

    def best(
        self, docs: QuerySet[SearchDocument], query: Query, offset: int, limit: int
    ) -> list[int]:
        score = RawSQL(TS_RANK, [expressions.tsquery(query)], FloatField())  # noqa: S611
        ranked = self.restrict(docs, query).annotate(score=score)
        ids = ranked.order_by("-score", "-date", "-id").values_list("id", flat=True)
        return list(ids[offset : offset + limit])


BACKENDS: dict[str, type[SqliteBackend] | type[PostgresBackend]] = {
    "sqlite": SqliteBackend,
    "postgresql": PostgresBackend,
}


def backend() -> Backend:
    """The backend of the default database."""
    try:
        return BACKENDS[connection.vendor]()
    except KeyError:
        raise NotImplementedError(f"search has no backend for {connection.vendor}") from None
