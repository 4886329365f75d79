"""The public site (anonymous): published meetings with their public items and decisions."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from shingikai.lib import wareki
from shingikai.portal.queries import public_agenda, published_meetings


def index(request: HttpRequest) -> HttpResponse:
    meetings = published_meetings().order_by("-date")
    years = sorted(set(meetings.values_list("fiscal_year", flat=True)), reverse=True)
    return render(
        request,
        "portal/index.html",
        {
            "meetings": meetings,
            "years": [(fy, wareki.format_fiscal_year(fy)) for fy in years],
        },
    )


def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    found = (
        published_meetings()
        .prefetch_related(Prefetch("agenda_items", queryset=public_agenda(), to_attr="public"))
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("meeting not published")
    return render(request, "portal/meeting.html", {"meeting": found})
