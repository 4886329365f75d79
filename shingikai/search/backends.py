"""The token index on each database, behind one interface chosen by the database vendor.

- SQLite: an FTS5 table `search_fts(uni, bi)`. Its rowid is the document's place
  (`place`): its lane (the kind and the audience it is written for) in the top bits, then
  the date and the document id, both reversed, so that each lane is a range of rowids and,
  within it, ascending rowids are newest first (FTS5 seeks to the start of a range and walks
  forwards cheaply; walking backwards it would read every later row). A search walks each
  lane its reader may see newest first and stops as soon as it has what it needs (one page,
  or a count that reached its cap): no work grows with the number of matches beyond that,
  and no match written for the other audience is read at all. Each match is checked
  against the reader's access and filters in `search_place`: the document's filter columns,
  without its text, under the same place, so the check reads the next rows of a small table
  rather than a page of the document table per match; with no filter beyond the lane (the
  secretariat's search) the index is walked alone. A trigger removes a document's rows
  from both when the document goes (migrations 0004, 0005).
- PostgreSQL: a tsvector column `tokens` on the document table with a GIN index; matching
  is `tokens @@ tsquery`.

Both look up the same tokens (`tokens`, `expressions`), so the same query gives the same set
of documents on both, in the same order (newest first; relevance is ranked by the service
over the same window on both). On both, a lane's documents are those of its kind and
audience: the service asks only for the lanes of its reader's audience.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Protocol

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, Case, CharField, DateField, F, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL, Window
from django.db.models.functions import Cast, Concat, Greatest, Least, RowNumber

from shingikai.search import expressions
from shingikai.search.models import Audience, DocumentKind, SearchDocument
from shingikai.search.query import Query
from shingikai.search.tokens import bigrams, fold, unigrams

# A document's place in the SQLite index: its lane, kind (3 bits) and audience (2 bits),
# then DAY_MAX - days since 1900-01-01 (20 bits; DAY_MAX without a date: last), then
# ID_MASK - document id (38 bits).
KINDS: tuple[str, ...] = tuple(DocumentKind.values)
AUDIENCES: tuple[str, ...] = (Audience.INTERNAL, Audience.BOTH, Audience.PUBLIC)
KIND_SHIFT, AUDIENCE_SHIFT, DAY_SHIFT = 60, 58, 38
ID_MASK = (1 << DAY_SHIFT) - 1
KEY_MASK = (1 << AUDIENCE_SHIFT) - 1  # the place without its lane: the order key
DAY_MAX = (1 << (AUDIENCE_SHIFT - DAY_SHIFT)) - 1
EPOCH = dt.date(1900, 1, 1)

# Fixed SQL: what the reader typed only reaches it as a bound parameter (the query in the
# index's own language, made of hexadecimal tokens by `expressions`).
FTS_INSERT = "INSERT INTO search_fts(rowid, uni, bi) VALUES (%s, %s, %s)"
# The columns of a document that filters may read (migration 0005), and its place.
PLACE_COLUMNS = (
    "id",
    "unit",
    "kind",
    "object_id",
    "date",
    "fiscal_year",
    "council_id",
    "case_id",
    "meeting_id",
    "agenda_item_id",
    "minutes_id",
    "handling_type",
    "outcome",
    "role",
    "phase",
    "audience",
)
PLACE_INSERT = (
    f"INSERT INTO search_place (place, {', '.join(PLACE_COLUMNS)})"  # noqa: S608 - fixed
    f" VALUES ({', '.join(['%s'] * (len(PLACE_COLUMNS) + 1))})"
)
FTS_MATCH = (
    '"search_searchdocument"."id" IN'
    " (SELECT %s - (rowid & %s) FROM search_fts WHERE search_fts MATCH %s)"
)
# What a walk selects: (document id, order key) of each match (`Newest`), computed by SQLite.
FTS_SELECT = f"SELECT {ID_MASK} - (search_fts.rowid & {ID_MASK}), search_fts.rowid & {KEY_MASK}"
# One lane's matches among the documents the reader may see, walked newest first from the
# index (CROSS JOIN keeps the index as the outer loop, whatever the filters); the filters
# compiled for the document table read its copy in `search_place`, named like it.
FTS_FROM = 'FROM search_fts CROSS JOIN search_place AS "search_searchdocument"'
FTS_WHERE = [
    "search_fts MATCH %s",
    "search_fts.rowid BETWEEN %s AND %s",
    '"search_searchdocument"."place" = search_fts.rowid',
]
# One lane's matches when nothing but the lane restricts them (the secretariat's search
# without filters): the index alone.
FTS_LANE = (
    f"{FTS_SELECT} FROM search_fts WHERE search_fts MATCH %s AND rowid BETWEEN %s AND %s"
    " ORDER BY rowid"
)
TS_STORE = "UPDATE search_searchdocument SET tokens = %s::tsvector WHERE id = %s"
TS_MATCH = '"search_searchdocument"."tokens" @@ %s::tsquery'

# (document id, order key): the key is the place without the lane, so ascending keys are
# newest first across lanes too.
Newest = list[tuple[int, int]]

Years = tuple[int | None, int | None]
Lane = tuple[str, str]  # (kind, audience)
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


def _lane(kind: str, audience: str) -> int:
    return (KINDS.index(kind) << KIND_SHIFT) | (AUDIENCES.index(audience) << AUDIENCE_SHIFT)


def lane_token(kind: str, audience: str) -> str:
    """The token every document of a lane carries in the `uni` column (z, then the kind's
    and the audience's numbers: not a hexadecimal token, so no character's)."""
    return f"z{KINDS.index(kind)}{AUDIENCES.index(audience)}"


def place(
    kind: str,
    date: dt.date | None,
    pk: int,
    fiscal_year: int | None = None,
    audience: str = Audience.INTERNAL,
) -> int:
    """The rowid of a document in the SQLite index (see the module's docstring)."""
    return _lane(kind, audience) | order_key(sort_date(date, fiscal_year), pk)


def lane_range(kind: str, audience: str, years: Years = (None, None)) -> tuple[int, int]:
    """The first and last rowid of the documents of `kind` written for `audience` (of fiscal
    years `years`, from and to, each optional)."""
    lane = _lane(kind, audience)
    low, high = lane, lane | KEY_MASK
    first, last = (y if y and YEARS[0] <= y <= YEARS[1] else None for y in years)
    if last:
        low |= (DAY_MAX - _days(dt.date(last + 1, 3, 31))) << DAY_SHIFT
    if first:
        high = lane | ((DAY_MAX - _days(dt.date(first, 4, 1))) << DAY_SHIFT) | ID_MASK
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

    def among(self, column: str, ids: Sequence[int]) -> tuple[str, object]:
        """SQL saying that `column` is one of `ids`, and its one parameter (a long list of
        ids as one value: binding each costs more than the lookup)."""

    def occupied(self, lanes: Sequence[Lane]) -> set[Lane]:
        """Those of `lanes` that hold any document (at least: a lane not returned is empty),
        so that a search does not walk the others."""

    def newest(
        self,
        docs: QuerySet[SearchDocument],
        query: Query,
        lane: Lane,
        offset: int,
        limit: int,
        years: Years,
    ) -> Newest:
        """(id, `order_key`) of the matches among `docs` of one lane (a kind and an
        audience), newest first (by `sort_date`, then id, descending; undated last): `limit`
        of them from `offset`. `docs` are already filtered to the fiscal years `years`; the
        index may use them to walk less."""


def _attname(column: str) -> str:
    """The model attribute of a `search_place` column (its foreign keys end in _id)."""
    return "pk" if column == "id" else column


def _bound(kind: str, audience: str) -> str:
    """The token that keeps a walk of the lane within it (`expressions.fts5`): its own,
    except in the last kind's lanes. Their documents are most of the index (utterances), so
    an AND with the lane's long token list costs more than it saves: all that follows them
    is another audience of the same kind (utterances are written for both)."""
    return "" if kind == KINDS[-1] else lane_token(kind, audience)


class SqliteBackend:
    def __init__(self) -> None:
        self._compiled: dict[int, tuple[object, str, list[object]]] = {}

    def store(self, docs: Sequence[SearchDocument]) -> None:
        rows, places = [], []
        for doc in docs:
            folded = fold(doc.text)
            # each character once (a single character is looked up, never a phrase of them),
            # and the lane's token
            unique = " ".join(
                [*dict.fromkeys(unigrams(folded)), lane_token(doc.kind, doc.audience)]
            )
            rowid = place(doc.kind, doc.date, doc.pk, doc.fiscal_year, doc.audience)
            rows.append((rowid, unique, " ".join(bigrams(folded))))
            places.append((rowid, *(getattr(doc, _attname(c)) for c in PLACE_COLUMNS)))
        with connection.cursor() as cursor:
            cursor.executemany(FTS_INSERT, rows)
            cursor.executemany(PLACE_INSERT, places)

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")
            cursor.execute("DELETE FROM search_place")

    def optimize(self) -> None:
        """Merge FTS5's segments into one (a bulk build leaves dozens; each term is looked
        up in every segment)."""
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")

    def restrict(self, docs: QuerySet[SearchDocument], query: Query) -> QuerySet[SearchDocument]:
        params = [ID_MASK, ID_MASK, expressions.fts5(query)]
        match = RawSQL(FTS_MATCH, params, BooleanField())  # noqa: S611
        return docs.filter(match)

    def among(self, column: str, ids: Sequence[int]) -> tuple[str, object]:
        among = f"{column} IN (SELECT value FROM json_each(%s))"  # noqa: S608 - our column
        return among, json.dumps(list(ids))

    def occupied(self, lanes: Sequence[Lane]) -> set[Lane]:
        """One query: for each lane, whether `search_place` has a row in its range."""
        if not lanes:
            return set()
        probe = "EXISTS (SELECT 1 FROM search_place WHERE place BETWEEN %s AND %s)"
        params = [bound for lane in lanes for bound in lane_range(*lane)]
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join([probe] * len(lanes)), params)
            found = cursor.fetchone()
        return {lane for lane, held in zip(lanes, found, strict=True) if held}

    def _walk(
        self, docs: QuerySet[SearchDocument], query: Query, lane: Lane, years: Years
    ) -> tuple[str, list[object]] | None:
        """The SQL of one lane's visible matches, newest first, selecting their places (None
        when the filters exclude everything). Without filters the index is walked alone.
        Django compiles the reader's filters once per search (that takes longer than
        walking a lane); each lane only changes the last parameters, those of
        `FTS_WHERE`."""
        low, high = lane_range(*lane, years)
        own = [expressions.fts5(query, _bound(*lane)), low, high]
        if not docs.query.where:
            return FTS_LANE, own
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
            sql = f"{FTS_SELECT} " + sql[sql.index(table) :].replace(table, FTS_FROM, 1)
            self._compiled[id(docs)] = (docs, sql, list(params[: -len(own)]))
        _docs, sql, head = self._compiled[id(docs)]
        return sql, [*head, *own]

    def newest(
        self,
        docs: QuerySet[SearchDocument],
        query: Query,
        lane: Lane,
        offset: int,
        limit: int,
        years: Years,
    ) -> Newest:
        walk = self._walk(docs, query, lane, years)
        if walk is None:
            return []
        sql, params = walk
        with connection.cursor() as cursor:
            cursor.execute(f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset])
            return cursor.fetchall()


class PostgresBackend:
    def __init__(self) -> None:
        # the first walk of a search: every lane's newest matches, from one scan
        self._first: dict[tuple[int, Query, Years], tuple[object, int, dict[Lane, Newest]]] = {}

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

    def among(self, column: str, ids: Sequence[int]) -> tuple[str, object]:
        return f"{column} = ANY(%s)", list(ids)

    def occupied(self, lanes: Sequence[Lane]) -> set[Lane]:
        """All of them: one scan serves every lane (`_every_lane`), empty ones cost nothing."""
        return set(lanes)

    def newest(
        self,
        docs: QuerySet[SearchDocument],
        query: Query,
        lane: Lane,
        offset: int,
        limit: int,
        years: Years,
    ) -> Newest:
        if offset == 0:
            first = (id(docs), query, years)
            if first not in self._first:
                self._first[first] = (docs, limit, self._every_lane(docs, query, limit))
            _docs, fetched, lanes = self._first[first]
            if limit <= fetched:
                return lanes.get(lane, [])[:limit]
        kind, audience = lane
        found = self.restrict(docs.filter(kind=kind, audience=audience), query)
        ordered = found.annotate(placed=PLACED).order_by(*NEWEST)
        rows = ordered.values_list("id", "placed")[offset : offset + limit]
        return [(pk, order_key(day, pk)) for pk, day in rows]

    def _every_lane(
        self, docs: QuerySet[SearchDocument], query: Query, limit: int
    ) -> dict[Lane, Newest]:
        """The `limit` newest matches of each lane in one query: a GIN scan reads every
        match whatever the LIMIT, so one scan serves all lanes instead of one each."""
        number = Window(RowNumber(), partition_by=[F("kind"), F("audience")], order_by=NEWEST)
        found = self.restrict(docs, query).annotate(placed=PLACED).annotate(number=number)
        rows = found.filter(number__lte=limit).values_list(
            "kind", "audience", "id", "placed", "number"
        )
        lanes: dict[Lane, list[tuple[int, int, int]]] = {}
        for kind, audience, pk, day, n in rows:
            lanes.setdefault((kind, audience), []).append((n, pk, order_key(day, pk)))
        return {lane: [(pk, key) for _n, pk, key in sorted(found)] for lane, found in lanes.items()}


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
