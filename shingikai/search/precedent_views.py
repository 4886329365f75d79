"""The precedents of a case: a fragment the case page loads with htmx, and the same list as
a page of its own (the link the case page shows without JavaScript)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shingikai.dossiers import access as case_access
from shingikai.search import precedent_index, precedents


@login_required
def precedents_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Precedents of a case the user may read (404 otherwise), among what the user may see."""
    case = case_access.get_case(request.user, pk)
    found = precedent_index.find(request.user, case)
    template = "search/_precedents.html" if request.htmx else "search/precedents_page.html"
    return render(
        request,
        template,
        {"case": case, "precedents": found, "weights": precedents.WEIGHTS},
    )
