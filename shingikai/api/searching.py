"""The search service (`shingikai.search.service`) as the API calls it: one function, so a
change in the service's signature is absorbed here."""

from __future__ import annotations

from typing import Literal

from shingikai.api import present
from shingikai.api import schemas as s
from shingikai.api.auth import Viewer
from shingikai.search import query, service
from shingikai.search.models import DocumentKind

MAX_QUERY = query.MAX_LENGTH
RELEVANCE = "relevance"
Order = Literal["relevance", "date"]


def run(
    viewer: Viewer,
    text: str,
    *,
    kind: DocumentKind | None = None,
    order: Order = RELEVANCE,
    years: tuple[int | None, int | None] = (None, None),
    page: int = 1,
) -> s.SearchResults:
    """One page of results for the viewer: the public site's scope without a token."""
    scope = service.PUBLIC if viewer.is_public else service.Scope(user=viewer.user)
    filters = service.Filters(year_from=years[0], year_to=years[1], kind=kind or "")
    # NUL cannot be stored or matched (PostgreSQL refuses it in text); no query needs it.
    text = text.replace("\x00", "")
    order_by = service.DATE if order == "date" else service.RELEVANCE
    results = service.search(text, scope, filters, order=order_by, page=page)
    return s.SearchResults(
        query=text,
        total=results.total,
        counts=results.counts,
        more=results.more,
        capped=sorted(results.capped),
        page=results.page,
        pages=results.pages,
        per_page=results.per_page,
        error=results.error or None,
        hits=[
            s.Hit(
                kind=hit.doc.kind,
                kind_label=str(hit.kind_label),
                title=hit.doc.title,
                where=hit.doc.where,
                url=hit.url,
                date=hit.doc.date,
                date_wareki=present.wareki_date(hit.doc.date),
                snippet=hit.snippet.plain(),
            )
            for hit in results.hits
        ],
    )
