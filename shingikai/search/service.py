"""One search: parse the query, keep what the reader may see and the filters allow, match
it in the token index, count per kind, order and cut one page, and make the snippets."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.safestring import SafeString, mark_safe

from shingikai.accounts.models import User
from shingikai.dossiers.models import Case
from shingikai.meetings.models import AgendaItem
from shingikai.search import access
from shingikai.search.backends import backend
from shingikai.search.models import DocumentKind, SearchDocument
from shingikai.search.query import Query, QueryError, parse
from shingikai.search.snippets import Snippet, snippet

RELEVANCE, DATE = "relevance", "date"
PER_PAGE = 20


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

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def count_all(self) -> int:
        """Results of every kind (`total` counts the chosen kind only)."""
        return sum(self.counts.values())

    @property
    def first_number(self) -> int:
        return (self.page - 1) * self.per_page + 1

    def kind_counts(self) -> list[tuple[str, str, int]]:
        """(kind, label, count) for each kind found, in the kinds' order."""
        return [
            (k, str(label), self.counts[k]) for k, label in DocumentKind.choices if k in self.counts
        ]


def matching(
    text_or_query: str | Query, scope: Scope, filters: Filters
) -> QuerySet[SearchDocument]:
    """The documents `scope` may see that pass `filters` (except `kind`) and match."""
    query = parse(text_or_query) if isinstance(text_or_query, str) else text_or_query
    docs = SearchDocument.objects.filter(scope.q()).filter(filters.q())
    if query.is_empty:
        return docs.none()
    return backend().restrict(docs, query)


def _page(
    docs: QuerySet[SearchDocument],
    found: QuerySet[SearchDocument],
    query: Query,
    order: str,
    offset: int,
    limit: int,
) -> list[SearchDocument]:
    """One page of the matches, best first or newest first."""
    if order != RELEVANCE:
        return list(found.order_by("-date", "-id")[offset : offset + limit])
    ids = backend().best(docs, query, offset, limit)
    by_id = SearchDocument.objects.in_bulk(ids)
    # A save may rebuild a unit between the two queries (its documents get new ids).
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
    docs = SearchDocument.objects.filter(scope.q()).filter(filters.q())
    found = backend().restrict(docs, query)
    counts = dict(found.order_by().values_list("kind").annotate(n=Count("id")))
    if filters.kind:
        docs, found = docs.filter(kind=filters.kind), found.filter(kind=filters.kind)
    total = counts.get(filters.kind, 0) if filters.kind else sum(counts.values())
    page = max(1, min(page, max(1, -(-total // per_page))))
    rows = _page(docs, found, query, order, (page - 1) * per_page, per_page)
    terms = query.highlight_terms()
    hits = [Hit(d, snippet(d.text, terms), d.public_url if scope.public else d.url) for d in rows]
    return Results(query, total, counts, hits, page, per_page)
