"""The search page of signed-in users, and the page both it and the public site's search
render (the portal calls `render_search` with the public scope)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from shingikai.councils.models import Department
from shingikai.dossiers import access as case_access
from shingikai.search.forms import SearchForm
from shingikai.search.service import DATE, RELEVANCE, Results, Scope, search

WINDOW = 2  # page links shown either side of the current page


def link(params: QueryDict, **changes: object) -> str:
    """The query string of `params` with `changes` (None removes a parameter)."""
    data = {k: v for k, v in params.items() if v}
    for key, value in changes.items():
        if value in (None, ""):
            data.pop(key, None)
        else:
            data[key] = str(value)
    return "?" + urlencode(data)


def _pages(results: Results, params: QueryDict) -> list[tuple[int, str]]:
    first = max(1, results.page - WINDOW)
    last = min(results.pages, results.page + WINDOW)
    return [(n, link(params, page=n)) for n in range(first, last + 1)]


def _navigation(results: Results, params: QueryDict) -> dict[str, object]:
    """Links for the kind tabs, the order switch and the pages."""
    base = {"page": None}
    return {
        "all_link": link(params, type=None, **base),
        "kind_links": [
            (kind, label, count, link(params, type=kind, **base))
            for kind, label, count in results.kind_labels()
        ],
        "order_links": [
            (RELEVANCE, "関連度順", link(params, order=RELEVANCE, **base)),
            (DATE, "新しい順", link(params, order=DATE, **base)),
        ],
        "page_links": _pages(results, params),
        "prev_link": link(params, page=results.page - 1) if results.page > 1 else "",
        "next_link": link(params, page=results.page + 1) if results.page < results.pages else "",
    }


def render_search(
    request: HttpRequest,
    scope: Scope,
    template: str,
    departments: QuerySet[Department] | None = None,
) -> HttpResponse:
    """Run the search the GET parameters describe for `scope` and render `template` (the
    department and handling filters only with `departments`, i.e. not on the public site)."""
    form = SearchForm(request.GET, departments=departments)
    context: dict[str, object] = {"form": form, "searched": False}
    if form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        results = search(
            data["q"],
            scope,
            form.filters(),
            order=data.get("order") or RELEVANCE,
            page=data.get("page") or 1,
        )
        context.update(
            searched=True,
            results=results,
            order=data.get("order") or RELEVANCE,
            kind=data.get("type") or "",
            **_navigation(results, request.GET),
        )
    return render(request, template, context)


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    departments = Department.objects.filter(cases__in=case_access.visible_cases(user)).distinct()
    return render_search(request, Scope(user=user), "search/search.html", departments)
