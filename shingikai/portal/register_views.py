"""The published personal information file register (個人情報ファイル簿) on the public site:
the list, one file's entry and the machine-readable CSV. Only published files, read through
`portal.queries.published_files`; any other ID is 404."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from shingikai.councils.models import Municipality
from shingikai.portal import queries
from shingikai.reports import register


def files(request: HttpRequest) -> HttpResponse:
    found = queries.published_files()
    municipalities = Municipality.objects.filter(pk__in=found.values("municipality")).order_by(
        "name"
    )
    selected = request.GET.get("m", "")
    if selected.isdigit():
        found = found.filter(municipality_id=int(selected))
    text = request.GET.get("q", "").strip()
    if text:
        found = found.filter(
            Q(name__icontains=text) | Q(purpose__icontains=text) | Q(recorded_items__icontains=text)
        )
    return render(
        request,
        "portal/files.html",
        {
            "files": found.order_by("municipality__name", "department__division", "name"),
            "municipalities": municipalities,
            "selected": selected,
            "text": text,
        },
    )


def file(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.published_files().filter(pk=pk).first()
    if found is None:
        raise Http404("file not published")
    return render(request, "portal/file.html", {"file": found})


def files_csv(request: HttpRequest) -> HttpResponse:
    """Every published file, one per row (UTF-8 with BOM, ISO dates)."""
    found = queries.published_files().order_by("municipality__name", "department__division", "name")
    response = HttpResponse(
        register.csv_bytes([f.entry() for f in found]), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="personal-information-files.csv"'
    return response
