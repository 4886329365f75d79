"""What a viewer may read, chosen by the functions the web pages use: `portal.queries` for
the public, `dossiers.access` and `meetings.access` for a token's owner. No rule of who sees
what is written here, so the API cannot drift from the screens."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from shingikai.api.auth import Viewer
from shingikai.dossiers import access as case_access
from shingikai.dossiers.models import Case
from shingikai.meetings import access as meeting_access
from shingikai.meetings.models import AgendaItem, Decision, Material, Meeting
from shingikai.portal import queries
from shingikai.search import access as search_access


def cases(viewer: Viewer) -> QuerySet[Case]:
    if viewer.is_public:
        return queries.public_cases()
    return case_access.visible_cases(viewer.user).select_related("council", "department")


def case(viewer: Viewer, pk: int) -> Case:
    """The case if the viewer may read it, else 404 (whether or not it exists)."""
    if not viewer.is_public:
        return case_access.get_case(viewer.user, pk)
    found = queries.public_cases().filter(pk=pk).first()
    if found is None:
        raise Http404("case not public")
    return found


def _with_decisions(viewer: Viewer, items: QuerySet[AgendaItem]) -> QuerySet[AgendaItem]:
    """`items` with their decisions and conditions loaded (`public_agenda` loads its own)."""
    if viewer.is_public:
        return items
    return items.prefetch_related(
        Prefetch("decisions", queryset=Decision.objects.order_by("id").select_related("handling")),
        "decisions__conditions__owner",
    )


def case_agenda(viewer: Viewer, case: Case) -> QuerySet[AgendaItem]:
    """The agenda items a case appears on: the public ones for the public, all of them for
    those who may open the case (as its page lists them)."""
    items = queries.public_agenda() if viewer.is_public else case.agenda_items.all()
    items = items.filter(case=case).select_related("meeting").order_by("meeting__date", "order")
    return _with_decisions(viewer, items)


def public_items() -> Prefetch:
    """Each public case's public agenda items (`case.public_items`): the public reads a
    case's title as the agenda printed it."""
    return Prefetch(
        "agenda_items",
        queryset=queries.public_agenda().order_by("-meeting__date", "order"),
        to_attr="public_items",
    )


def visible_case_ids(viewer: Viewer, ids: set[int]) -> set[int]:
    """Those of `ids` the viewer may open (agenda items name cases the reader may not)."""
    return set(cases(viewer).filter(pk__in=ids).values_list("pk", flat=True))


def meetings(viewer: Viewer) -> QuerySet[Meeting]:
    if viewer.is_public:
        return queries.published_meetings()
    return meeting_access.visible_meetings(viewer.user).select_related("council")


def meeting(viewer: Viewer, pk: int) -> Meeting:
    if not viewer.is_public:
        return meeting_access.get_meeting(viewer.user, pk)
    found = queries.published_meetings().filter(pk=pk).first()
    if found is None:
        raise Http404("meeting not published")
    return found


def agenda(viewer: Viewer, meeting: Meeting) -> QuerySet[AgendaItem]:
    if viewer.is_public:
        items = queries.public_agenda().filter(meeting=meeting)
    else:
        items = meeting_access.visible_agenda(viewer.user, meeting)
    items = items.select_related("case", "case__council", "meeting").order_by("order")
    return _with_decisions(viewer, items)


def materials(viewer: Viewer, meeting: Meeting) -> QuerySet[Material]:
    if viewer.is_public:
        found = queries.public_materials(meeting)
    else:
        found = meeting_access.visible_materials(viewer.user, meeting)
    return found.order_by("order", "label")


def decisions(viewer: Viewer) -> QuerySet[Decision]:
    """Decisions on the agenda items the viewer sees on the meeting pages."""
    if viewer.is_public:
        items = queries.public_agenda()
    else:
        items = search_access.visible_items(viewer.user)
    return (
        Decision.objects.filter(agenda_item__in=items.values("pk"))
        .select_related(
            "handling",
            "agenda_item",
            "agenda_item__case",
            "agenda_item__case__council",
            "agenda_item__meeting",
            "agenda_item__meeting__council",
        )
        .prefetch_related("conditions__owner")
    )


def decision(viewer: Viewer, pk: int) -> Decision:
    found = decisions(viewer).filter(pk=pk).first()
    if found is None:
        raise Http404("decision not visible")
    return found
