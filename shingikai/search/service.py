"""One search: parse the query, keep what the reader may see and the filters allow, match
it in the token index, count per kind, order and cut one page, and make the snippets.

It scales with the page, not with the matches: the index is walked one lane (a kind, in one
of the reader's audiences) at a time, newest first (`backends`), so

- counts per kind stop at `COUNT_CAP` (a capped kind reads 「200件以上」; nothing hidden is
  counted: the reader's access filter applies before counting);
- newest first is a merge of each kind's newest matches;
- by relevance, the `RANK_WINDOW` newest matches are ranked (bm25 over that window: how often
  each term occurs, terms rarer in the window weighing more, shorter texts first), and any
  further matches follow them newest first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.safestring import SafeString, mark_safe

from shingikai.accounts.models import User
from shingikai.dossiers.models import Case
from shingikai.meetings.models import AgendaItem
from shingikai.search import access
from shingikai.search.backends import Backend, Lane, Newest, Years, backend
from shingikai.search.models import DocumentKind, SearchDocument
from shingikai.search.query import Query, QueryError, Term, parse, rank
from shingikai.search.snippets import Snippet, snippet

RELEVANCE, DATE = "relevance", "date"
PER_PAGE = 20
# Every search reads up to COUNT_CAP + 1 matches of each kind and the texts of RANK_WINDOW:
# that is its fixed cost (docs/performance.md measures 200 against 1,000). Past a couple of
# hundred a count only says "narrow it down", and the pages go on past the ranked window
# newest first.
COUNT_CAP = 200  # matches counted per kind, at most
RANK_WINDOW = 200  # newest matches ranked by relevance
TABLE = SearchDocument._meta.db_table


@dataclass(frozen=True)
class Scope:
    """Whose search: a signed-in user's, the public site's, or everything (commands)."""

    user: User | None = None
    public: bool = False

    def q(self) -> Q:
        if self.public:
            return access.for_public()
        if self.user is None:
            return Q(audience__in=access.INTERNAL)
        return access.for_user(self.user)

    def kinds(self) -> tuple[str, ...]:
        """The kinds of document this reader may find at all."""
        return access.PUBLIC_KINDS if self.public else tuple(DocumentKind.values)

    def audiences(self) -> tuple[str, ...]:
        """The documents' audiences this reader may find (staff texts, or public ones)."""
        return access.PUBLIC if self.public else access.INTERNAL

    def documents(self, filters: Filters) -> QuerySet[SearchDocument]:
        """The documents this reader may find that pass `filters` (except `kind`). When the
        audience is the only rule (the secretariat without filters) that is every document:
        a search walks only the lanes of its audiences (`_Walk`), so the index need not
        check each match against its document."""
        rules = self.q() & filters.q()
        if rules == Q(audience__in=self.audiences()):
            return SearchDocument.objects.all()
        return SearchDocument.objects.filter(rules)


EVERYTHING = Scope()  # what the secretariat sees
PUBLIC = Scope(public=True)


@dataclass(frozen=True)
class Filters:
    council: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    case_kind: str = ""
    handling: str = ""
    department: int | None = None
    role: str = ""
    outcome: str = ""
    kind: str = ""  # the kind of result (案件, 発言 …); counts are taken before it

    def q(self) -> Q:
        q = Q()
        if self.council:
            q &= Q(council_id=self.council)
        if self.year_from:
            q &= Q(fiscal_year__gte=self.year_from)
        if self.year_to:
            q &= Q(fiscal_year__lte=self.year_to)
        if self.case_kind:
            q &= Q(case__kind=self.case_kind)
        if self.department:
            q &= Q(case__department_id=self.department)
        if self.role:
            q &= Q(role=self.role)
        return q & self._handling() & self._outcome()

    def _handling(self) -> Q:
        """A handling's own type; for other places, a case with such a handling."""
        if not self.handling:
            return Q()
        cases = Case.objects.filter(handlings__type=self.handling).values("pk")
        return Q(handling_type=self.handling) | Q(handling_type="", case__in=cases)

    def _outcome(self) -> Q:
        """A decision's (or its condition's) own outcome; for other places, an agenda item
        (else a case) decided so."""
        if not self.outcome:
            return Q()
        items = AgendaItem.objects.filter(decisions__outcome=self.outcome).values("pk")
        cases = Case.objects.filter(agenda_items__decisions__outcome=self.outcome).values("pk")
        return (
            Q(outcome=self.outcome)
            | Q(outcome="", agenda_item__in=items)
            | Q(outcome="", agenda_item__isnull=True, case__in=cases)
        )


@dataclass(frozen=True)
class Hit:
    doc: SearchDocument
    snippet: Snippet
    url: str

    @property
    def kind_label(self) -> str:
        return DocumentKind(self.doc.kind).label

    @property
    def snippet_html(self) -> SafeString:
        return mark_safe(self.snippet.html())  # noqa: S308 - escaped by snippets.Snippet.html


@dataclass(frozen=True)
class Results:
    query: Query
    total: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    page: int = 1
    per_page: int = PER_PAGE
    error: str = ""
    capped: frozenset[str] = frozenset()  # kinds with more matches than their count
    kind: str = ""  # the kind chosen (`total` counts it only), or every kind

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def count_all(self) -> int:
        """Results of every kind (`total` counts the chosen kind only)."""
        return sum(self.counts.values())

    @property
    def more(self) -> bool:
        """Whether there are more results than `total` (a count stopped at its cap)."""
        return self.kind in self.capped if self.kind else bool(self.capped)

    @property
    def more_all(self) -> bool:
        return bool(self.capped)

    @property
    def count_cap(self) -> str:
        return f"{COUNT_CAP:,}"

    @property
    def first_number(self) -> int:
        return (self.page - 1) * self.per_page + 1

    def kind_counts(self) -> list[tuple[str, str, int]]:
        """(kind, label, count) for each kind found, in the kinds' order."""
        return [
            (k, str(label), self.counts[k]) for k, label in DocumentKind.choices if k in self.counts
        ]

    def kind_labels(self) -> list[tuple[str, str, str]]:
        """(kind, label, count as shown: 「200以上」 when capped) for each kind found."""
        return [(k, label, _shown(n, k in self.capped)) for k, label, n in self.kind_counts()]

    @property
    def total_label(self) -> str:
        """The total as shown: 「200件以上」 when a count stopped at its cap."""
        return _shown(self.total, self.more).replace("以上", "件以上") + ("" if self.more else "件")

    @property
    def all_label(self) -> str:
        return _shown(self.count_all, self.more_all)


def _shown(count: int, capped: bool) -> str:
    """A count as shown: 「200以上」 when counting stopped at the cap."""
    return f"{count:,}以上" if capped else str(count)


def matching(
    text_or_query: str | Query, scope: Scope, filters: Filters
) -> QuerySet[SearchDocument]:
    """The documents `scope` may see that pass `filters` (except `kind`) and match."""
    query = parse(text_or_query) if isinstance(text_or_query, str) else text_or_query
    docs = SearchDocument.objects.filter(scope.q()).filter(filters.q())
    if query.is_empty:
        return docs.none()
    return backend().restrict(docs, query)


@dataclass
class _Walk:
    """What one search walks: the reader's documents and the query, and each lane's matches
    fetched so far, newest first (all of them when fewer than were asked for). A lane is a
    kind and an audience: the reader's kinds in the reader's audiences."""

    engine: Backend
    docs: QuerySet[SearchDocument]
    query: Query
    years: Years
    audiences: tuple[str, ...]
    kinds: tuple[str, ...]
    found: dict[Lane, Newest] = field(default_factory=dict)
    complete: set[Lane] = field(default_factory=set)

    def __post_init__(self) -> None:
        # Lanes without any document are not walked (most kinds have one audience).
        lanes = [(kind, audience) for kind in self.kinds for audience in self.audiences]
        self.complete = set(lanes) - self.engine.occupied(lanes)

    def _lane(self, lane: Lane, wanted: int) -> Newest:
        have = self.found.setdefault(lane, [])
        if len(have) < wanted and lane not in self.complete:
            more = wanted - len(have)
            have += self.engine.newest(self.docs, self.query, lane, len(have), more, self.years)
            if len(have) < wanted:
                self.complete.add(lane)
        return have

    def fetch(self, kind: str, wanted: int) -> list[Newest]:
        """Each of `kind`'s lanes with at least `wanted` of its newest matches (fewer when
        there are no more)."""
        return [self._lane((kind, audience), wanted) for audience in self.audiences]

    def count(self, kind: str, cap: int) -> int:
        """How many of `kind`'s matches there are, counting no further than `cap` + 1."""
        return min(cap + 1, sum(map(len, self.fetch(kind, cap + 1))))

    def newest(self, kinds: list[str], offset: int, limit: int) -> Newest:
        """Matches of `kinds`, newest first: each lane's newest, merged."""
        lists = [lane for kind in kinds for lane in self.fetch(kind, offset + limit)]
        merged = sorted(chain.from_iterable(lists), key=itemgetter(1))
        return merged[offset : offset + limit]


def _terms(query: Query) -> list[tuple[str, ...]]:
    """Each positive term as searched (folded) and as typed, to count in a text."""
    terms: list[Term] = [t for group in query.groups for t in group]
    unique = dict.fromkeys((t.text, t.raw) for t in terms)
    return [tuple(dict.fromkeys(forms)) for forms in unique]


def _counted(
    engine: Backend, query: Query, window: Newest
) -> tuple[list[int], list[list[int]], list[int]]:
    """(ids, term counts, text lengths) of the window's documents still there: each term
    counted in the stored text as folded and as typed, whichever finds more."""
    forms = _terms(query)
    ids = [pk for pk, _key in window]
    if not ids:
        return [], [], []
    among, listed = engine.among("id", ids)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, text FROM {TABLE} WHERE {among}", [listed])  # noqa: S608
        texts = dict(cursor.fetchall())
    present = [pk for pk in ids if pk in texts]
    counts = [[max(map(texts[pk].count, group)) for group in forms] for pk in present]
    return present, counts, [len(texts[pk]) for pk in present]


def _ranked(engine: Backend, query: Query, window: Newest) -> list[int]:
    """The ids of `window` (newest first) best first: bm25 over the window (`query.rank`);
    ties newest first."""
    ids, counts, lengths = _counted(engine, query, window)
    return [ids[i] for i in rank(counts, lengths)]


def _page(
    walk: _Walk, kinds: list[str], order: str, offset: int, limit: int
) -> list[SearchDocument]:
    """One page of the matches, best first or newest first."""
    if order == RELEVANCE and offset < RANK_WINDOW:
        window = walk.newest(kinds, 0, RANK_WINDOW)
        ids = _ranked(walk.engine, walk.query, window)[offset : offset + limit]
        if len(ids) < limit and len(window) == RANK_WINDOW:
            more = walk.newest(kinds, RANK_WINDOW, offset + limit - RANK_WINDOW)
            ids += [pk for pk, _key in more]
    else:
        ids = [pk for pk, _key in walk.newest(kinds, offset, limit)]
    by_id = SearchDocument.objects.in_bulk(ids)
    # A save may rebuild a unit between the queries (its documents get new ids).
    return [by_id[i] for i in ids if i in by_id]


def search(
    text: str,
    scope: Scope,
    filters: Filters | None = None,
    *,
    order: str = RELEVANCE,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> Results:
    """The page `page` of the results of `text` for `scope`."""
    filters = filters or Filters()
    try:
        query = parse(text)
    except QueryError as exc:
        return Results(Query(), error=str(exc))
    if query.is_empty:
        return Results(query)
    years = (filters.year_from, filters.year_to)
    walk = _Walk(
        backend(), scope.documents(filters), query, years, scope.audiences(), scope.kinds()
    )
    # One walk per lane counts its kind and keeps its newest matches for the page.
    counts, capped = {}, set()
    for kind in scope.kinds():
        found = walk.count(kind, COUNT_CAP)
        if found:
            counts[kind] = min(found, COUNT_CAP)
        if found > COUNT_CAP:
            capped.add(kind)
    kinds = [k for k in ([filters.kind] if filters.kind else counts) if k in counts]
    total = sum(counts[k] for k in kinds)
    page = max(1, min(page, max(1, -(-total // per_page))))
    rows = _page(walk, kinds, order, (page - 1) * per_page, per_page) if total else []
    terms = query.highlight_terms()
    hits = [Hit(d, snippet(d.text, terms), d.public_url if scope.public else d.url) for d in rows]
    return Results(
        query, total, counts, hits, page, per_page, capped=frozenset(capped), kind=filters.kind
    )
