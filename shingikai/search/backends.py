"""The token index on each database, behind one interface chosen by the database vendor.

- SQLite: an FTS5 table `search_fts(uni, bi)` (migration 0004). Its rowid is the document's
  place (`place`): the kind in the top bits, then the date and the document id, both
  reversed, so that each kind is a range of rowids and, within it, ascending rowids are
  newest first (FTS5 seeks to the start of a range and walks forwards cheaply; walking
  backwards it would read every later row). A search walks one kind's range newest first
  and stops as soon as it has what it needs (one page, or a count that reached its cap): no
  work grows with the number of matches beyond that. A trigger removes a document's row
  when the document goes.
- PostgreSQL: a tsvector column `tokens` on the document table with a GIN index; matching
  is `tokens @@ tsquery`.

Both look up the same tokens (`tokens`, `expressions`), so the same query gives the same set
of documents on both, in the same order (newest first; relevance is ranked by the service
over the same window on both).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, Case, CharField, DateField, F, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL, Window
from django.db.models.functions import Cast, Concat, Greatest, Least, RowNumber

from shingikai.search import expressions
from shingikai.search.models import DocumentKind, SearchDocument
from shingikai.search.query import Query
from shingikai.search.tokens import bigrams, fold, unigrams

# A document's place in the SQLite index: kind (3 bits), then DAY_MAX - days since
# 1900-01-01 (20 bits; DAY_MAX without a date: last), then ID_MASK - document id (40 bits).
KINDS: tuple[str, ...] = tuple(DocumentKind.values)
KIND_SHIFT, DAY_SHIFT = 60, 40
ID_MASK = (1 << DAY_SHIFT) - 1
DAY_MAX = (1 << (KIND_SHIFT - DAY_SHIFT)) - 1
EPOCH = dt.date(1900, 1, 1)

# Fixed SQL: what the reader typed only reaches it as a bound parameter (the query in the
# index's own language, made of hexadecimal tokens by `expressions`).
FTS_INSERT = "INSERT INTO search_fts(rowid, uni, bi) VALUES (%s, %s, %s)"
FTS_MATCH = (
    '"search_searchdocument"."id" IN'
    " (SELECT %s - (rowid & %s) FROM search_fts WHERE search_fts MATCH %s)"
)
# One kind's matches among the documents the reader may see, walked newest first from the
# index (CROSS JOIN keeps the index as the outer loop, whatever the filters).
FTS_FROM = 'FROM search_fts CROSS JOIN "search_searchdocument"'
FTS_WHERE = [
    "search_fts MATCH %s",
    "search_fts.rowid BETWEEN %s AND %s",
    '"search_searchdocument"."id" = (%s - (search_fts.rowid & %s))',
    '"search_searchdocument"."kind" = %s',
]
TS_STORE = "UPDATE search_searchdocument SET tokens = %s::tsvector WHERE id = %s"
TS_MATCH = '"search_searchdocument"."tokens" @@ %s::tsquery'

# (document id, order key): the key is the place without the kind, so ascending keys are
# newest first across kinds too.
Newest = list[tuple[int, int]]
KEY_MASK = (1 << KIND_SHIFT) - 1
Years = tuple[int | None, int | None]
YEARS = (1900, 9998)  # a fiscal year outside them is placed within the nearest of them


def sort_date(date: dt.date | None, fiscal_year: int | None) -> dt.date | None:
    """The date a document is placed by: its date, kept within its fiscal year (April to
    March; a year outside `YEARS` counts as the nearest of them) so that a range of fiscal
    years is a range of places; the year's first day when it has a fiscal year and no
    date."""
    if not fiscal_year:
        return date
    fiscal_year = min(max(fiscal_year, YEARS[0]), YEARS[1])
    first, last = dt.date(fiscal_year, 4, 1), dt.date(fiscal_year + 1, 3, 31)
    return min(max(date, first), last) if date else first


def _days(date: dt.date | None) -> int:
    return min(DAY_MAX, max(0, (date - EPOCH).days)) if date else 0


def order_key(date: dt.date | None, pk: int) -> int:
    """Newest first as ascending integers: the date (its `sort_date`), then the id."""
    return ((DAY_MAX - _days(date)) << DAY_SHIFT) | (ID_MASK - pk)


def place(kind: str, date: dt.date | None, pk: int, fiscal_year: int | None = None) -> int:
    """The rowid of a document in the SQLite index (see the module's docstring)."""
    return (KINDS.index(kind) << KIND_SHIFT) | order_key(sort_date(date, fiscal_year), pk)


def kind_range(kind: str, years: Years = (None, None)) -> tuple[int, int]:
    """The first and last rowid of `kind`'s documents (of fiscal years `years`, from and to,
    each optional)."""
    low = KINDS.index(kind) << KIND_SHIFT
    high = low + (1 << KIND_SHIFT) - 1
    first, last = (y if y and YEARS[0] <= y <= YEARS[1] else None for y in years)
    if last:
        low |= (DAY_MAX - _days(dt.date(last + 1, 3, 31))) << DAY_SHIFT
    if first:
        high = (
            (high >> KIND_SHIFT << KIND_SHIFT)
            | ((DAY_MAX - _days(dt.date(first, 4, 1))) << DAY_SHIFT)
            | ID_MASK
        )
    return low, high


class Backend(Protocol):
    def store(self, docs: Sequence[SearchDocument]) -> None:
        """Index saved documents (their rows exist and have ids)."""

    def clear(self) -> None:
        """Empty the token index (before every document is deleted)."""

    def optimize(self) -> None:
        """Compact the token index after a full rebuild."""

    def restrict(self, docs: QuerySet[SearchDocument], query: Query) -> QuerySet[SearchDocument]:
        """The documents of `docs` that match `query` (not empty)."""

    def count(
        self, docs: QuerySet[SearchDocument], query: Query, kind: str, cap: int, years: Years
    ) -> int:
        """How many documents of `kind` among `docs` match, counting no further than
        `cap` + 1 (more than `cap` means "more than `cap`"). `docs` are already filtered to
        the fiscal years `years`; the index may use them to walk less."""

    def newest(
        self,
        docs: QuerySet[SearchDocument],
        query: Query,
        kind: str,
        offset: int,
        limit: int,
        years: Years,
    ) -> Newest:
        """(id, `order_key`) of `kind`'s matches among `docs`, newest first (by `sort_date`,
        then id, descending; undated last): `limit` of them from `offset`."""


class SqliteBackend:
    def __init__(self) -> None:
        self._compiled: dict[int, tuple[object, str, list[object]]] = {}

    def store(self, docs: Sequence[SearchDocument]) -> None:
        rows = []
        for doc in docs:
            folded = fold(doc.text)
            # each character once: a single character is looked up, never a phrase of them
            unique = " ".join(dict.fromkeys(unigrams(folded)))
            rowid = place(doc.kind, doc.date, doc.pk, doc.fiscal_year)
            rows.append((rowid, unique, " ".join(bigrams(folded))))
        with connection.cursor() as cursor:
            cursor.executemany(FTS_INSERT, rows)

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")

    def optimize(self) -> None:
        """Merge FTS5's segments into one (a bulk build leaves dozens; each term is looked
        up in every segment)."""
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")

    def restrict(self, docs: QuerySet[SearchDocument], query: Query) -> QuerySet[SearchDocument]:
        params = [ID_MASK, ID_MASK, expressions.fts5(query)]
        match = RawSQL(FTS_MATCH, params, BooleanField())  # noqa: S611
        return docs.filter(match)

    def _walk(
        self, docs: QuerySet[SearchDocument], query: Query, kind: str, years: Years
    ) -> tuple[str, list[object]] | None:
        """The SQL of `kind`'s visible matches, newest first, selecting their places (None
        when the filters exclude everything). Django compiles the reader's filters once per
        search (that takes longer than walking a kind); each kind only changes the last
        parameters, those of `FTS_WHERE`."""
        low, high = kind_range(kind, years)
        own = [expressions.fts5(query), low, high, ID_MASK, ID_MASK, kind]
        if id(docs) not in self._compiled:
            matched = docs.extra(  # noqa: S610 - fixed SQL, bound parameters
                where=FTS_WHERE, params=own, order_by=["search_fts.rowid"]
            )
            try:
                sql, params = matched.values_list("id").query.sql_with_params()
            except EmptyResultSet:
                return None
            table = 'FROM "search_searchdocument"'
            if table not in sql or list(params[-len(own) :]) != own:  # pragma: no cover
                raise RuntimeError("unexpected SQL for the search documents")
            sql = "SELECT search_fts.rowid " + sql[sql.index(table) :].replace(table, FTS_FROM, 1)
            self._compiled[id(docs)] = (docs, sql, list(params[: -len(own)]))
        _docs, sql, head = self._compiled[id(docs)]
        return sql, [*head, *own]

    def count(
        self, docs: QuerySet[SearchDocument], query: Query, kind: str, cap: int, years: Years
    ) -> int:
        walk = self._walk(docs, query, kind, years)
        if walk is None:
            return 0
        sql, params = walk
        with connection.cursor() as cursor:
            counted = f"SELECT COUNT(*) FROM ({sql} LIMIT %s)"  # noqa: S608 - compiled SQL
            cursor.execute(counted, [*params, cap + 1])
            return int(cursor.fetchone()[0])

    def newest(
        self,
        docs: QuerySet[SearchDocument],
        query: Query,
        kind: str,
        offset: int,
        limit: int,
        years: Years,
    ) -> Newest:
        walk = self._walk(docs, query, kind, years)
        if walk is None:
            return []
        sql, params = walk
        with connection.cursor() as cursor:
            cursor.execute(f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset])
            return [(ID_MASK - (p & ID_MASK), p & KEY_MASK) for (p,) in cursor.fetchall()]


class PostgresBackend:
    def __init__(self) -> None:
        # the first walk of a search: every kind's newest matches, from one scan
        self._first: dict[tuple[int, Query, Years], tuple[object, int, dict[str, Newest]]] = {}

    def store(self, docs: Sequence[SearchDocument]) -> None:
        rows = [(expressions.tsvector(fold(doc.text)), doc.pk) for doc in docs]
        with connection.cursor() as cursor:
            cursor.executemany(TS_STORE, rows)

    def clear(self) -> None:
        """Nothing to do: the tokens live on the document rows."""

    def optimize(self) -> None:
        """Nothing to do: GIN keeps its pending list small by itself."""

    def restrict(self, docs: QuerySet[SearchDocument], query: Query) -> QuerySet[SearchDocument]:
        match = RawSQL(TS_MATCH, [expressions.tsquery(query)], BooleanField())  # noqa: S611
        return docs.filter(match)

    def count(
        self, docs: QuerySet[SearchDocument], query: Query, kind: str, cap: int, years: Years
    ) -> int:
        return self.restrict(docs.filter(kind=kind), query).order_by()[: cap + 1].count()

    def newest(
        self,
        docs: QuerySet[SearchDocument],
        query: Query,
        kind: str,
        offset: int,
        limit: int,
        years: Years,
    ) -> Newest:
        if offset == 0:
            first = (id(docs), query, years)
            if first not in self._first:
                self._first[first] = (docs, limit, self._every_kind(docs, query, limit))
            _docs, fetched, kinds = self._first[first]
            if limit <= fetched:
                return kinds.get(kind, [])[:limit]
        found = self.restrict(docs.filter(kind=kind), query).annotate(placed=PLACED)
        ordered = found.order_by(*NEWEST)
        rows = ordered.values_list("id", "placed")[offset : offset + limit]
        return [(pk, order_key(day, pk)) for pk, day in rows]

    def _every_kind(
        self, docs: QuerySet[SearchDocument], query: Query, limit: int
    ) -> dict[str, Newest]:
        """The `limit` newest matches of each kind in one query: a GIN scan reads every
        match whatever the LIMIT, so one scan serves all kinds instead of one each."""
        number = Window(RowNumber(), partition_by=[F("kind")], order_by=NEWEST)
        found = self.restrict(docs, query).annotate(placed=PLACED).annotate(number=number)
        rows = found.filter(number__lte=limit).values_list("kind", "id", "placed", "number")
        kinds: dict[str, list[tuple[int, int, int]]] = {}
        for kind, pk, day, n in rows:
            kinds.setdefault(kind, []).append((n, pk, order_key(day, pk)))
        return {k: [(pk, key) for _n, pk, key in sorted(found)] for k, found in kinds.items()}


# `sort_date` in SQL: the date kept within the fiscal year (April to March).
_YEAR = Least(Greatest(F("fiscal_year"), Value(YEARS[0])), Value(YEARS[1]))
_YEAR_START = Cast(Concat(Cast(_YEAR, CharField()), Value("-04-01")), DateField())
_YEAR_END = Cast(Concat(Cast(_YEAR + 1, CharField()), Value("-03-31")), DateField())
PLACED = Case(
    When(Q(fiscal_year__isnull=True) | Q(fiscal_year=0), then=F("date")),
    When(date__isnull=True, then=_YEAR_START),
    When(date__lt=_YEAR_START, then=_YEAR_START),
    When(date__gt=_YEAR_END, then=_YEAR_END),
    default=F("date"),
    output_field=DateField(),
)
NEWEST = [F("placed").desc(nulls_last=True), F("id").desc()]


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
