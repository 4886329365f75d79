"""The public site (anonymous): published meetings with their public items, decisions and
materials, approved minutes without closed parts, the list of cases, a lookup by number,
and an Atom feed. Everything reads through `portal.queries`."""

from __future__ import annotations

import datetime as dt
import mimetypes

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.safestring import mark_safe

from shingikai.documents import minutesdoc
from shingikai.lib import wareki
from shingikai.meetings.models import Meeting
from shingikai.meetings.rules import decision_label
from shingikai.minutes import export
from shingikai.portal import queries
from shingikai.search import views as search_views
from shingikai.search.service import PUBLIC


def _years(meetings: QuerySet[Meeting]) -> list[tuple[int, str]]:
    years = sorted(set(meetings.values_list("fiscal_year", flat=True)), reverse=True)
    return [(fy, wareki.format_fiscal_year(fy)) for fy in years]


def index(request: HttpRequest) -> HttpResponse:
    meetings = queries.published_meetings().order_by("-date")
    return render(request, "portal/index.html", {"meetings": meetings, "years": _years(meetings)})


def _published(pk: int) -> Meeting:
    meeting = (
        queries.published_meetings()
        .prefetch_related(
            Prefetch("agenda_items", queryset=queries.public_agenda(), to_attr="public")
        )
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404("meeting not published")
    return meeting


def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    found = _published(pk)
    decisions = [(d, decision_label(d)) for item in found.public for d in item.decisions.all()]
    return render(
        request,
        "portal/meeting.html",
        {
            "meeting": found,
            "labels": {d.pk: label for d, label in decisions},
            "materials": queries.public_materials(found),
            "minutes": queries.approved_minutes(found),
        },
    )


def material(request: HttpRequest, pk: int, material_id: int) -> FileResponse:
    found = _published(pk)
    item = queries.public_materials(found).filter(pk=material_id).first()
    if item is None or not item.file:
        raise Http404("material not public")
    content_type = mimetypes.guess_type(item.file.name)[0] or "application/octet-stream"
    return FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=f"{item.label}_{item.title}{_suffix(item.file.name)}",
        content_type=content_type,
    )


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:] if dot >= 0 else ""


def cases(request: HttpRequest) -> HttpResponse:
    items = queries.public_agenda().exclude(case=None).order_by("-meeting__date", "order")
    years = _years(queries.published_meetings())
    selected = request.GET.get("fy", "")
    if selected.isdigit():
        items = items.filter(meeting__fiscal_year=int(selected))
    return render(
        request, "portal/cases.html", {"items": items, "years": years, "selected": selected}
    )


def lookup(request: HttpRequest) -> HttpResponse:
    """A resident types 諮問第999号 or 答申第3号 and finds the item and its decision."""
    text = request.GET.get("number", "").strip()
    items = queries.find_by_number(text) if text else []
    return render(
        request,
        "portal/lookup.html",
        {
            "text": text,
            "items": items,
            "labels": {d.pk: decision_label(d) for i in items for d in i.decisions.all()},
        },
    )


def search(request: HttpRequest) -> HttpResponse:
    """Full-text search over what the public site shows (shingikai.search, public scope)."""
    return search_views.render_search(request, PUBLIC, "portal/search.html")


class MeetingFeed(Feed):
    """Atom feed of published meetings, with their public items only."""

    feed_type = Atom1Feed
    title = "情報公開・個人情報保護審議会 公開情報"
    subtitle = "公開された会議と審議結果"

    def link(self) -> str:
        return reverse("portal:index")

    def items(self) -> list[Meeting]:
        return list(
            queries.published_meetings()
            .prefetch_related(
                Prefetch("agenda_items", queryset=queries.public_agenda(), to_attr="public")
            )
            .order_by("-date")[:50]
        )

    def item_title(self, item: Meeting) -> str:
        return f"{item.label} {item.council}"

    def item_description(self, item: Meeting) -> str:
        lines = [f"{wareki.format_date(item.date)} {item.get_format_display()}"]
        for agenda in item.public:
            outcomes = "・".join(d.get_outcome_display() for d in agenda.decisions.all())
            lines.append(
                f"{agenda.order}. {agenda.title}" + (f"（{outcomes}）" if outcomes else "")
            )
        return "\n".join(lines)

    def item_link(self, item: Meeting) -> str:
        return reverse("portal:meeting", args=[item.pk])

    def item_updateddate(self, item: Meeting) -> dt.datetime | None:
        return item.published_at


def _public_minutes(pk: int) -> tuple[Meeting, object]:
    found = _published(pk)
    minutes = queries.approved_minutes(found)
    if minutes is None:
        raise Http404("minutes not approved")
    return found, minutes


def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """Approved minutes, closed items and non-public materials left out."""
    found, approved = _public_minutes(pk)
    content = export.content(export.public_reading(approved))
    return render(
        request,
        "portal/minutes.html",
        {
            "meeting": found,
            "article": mark_safe(minutesdoc.minutes_html(content, fragment=True)),  # noqa: S308 - built escaped
        },
    )


def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    found, approved = _public_minutes(pk)
    body = minutesdoc.minutes_pdf(export.content(export.public_reading(approved)))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="minutes-{found.pk}.pdf"'
    return response
