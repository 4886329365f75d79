"""What the public may see: published meetings, their public agenda items, the decisions
on those items, the cases behind them and public materials. Nothing else.

Every public view, feed and download reads through these functions, so the rule lives in
one place: a meeting is public once its publication time has passed; an agenda item only if
it is public; a material only if it is public and not attached to a closed item; a case only
through a public item of a published meeting.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from shingikai.dossiers.models import Case
from shingikai.lib import numbering
from shingikai.meetings.models import AgendaItem, Decision, Material, Meeting
from shingikai.minutes.models import Minutes
from shingikai.reports import access as reports_access
from shingikai.reports.models import PersonalInfoFile


def published_meetings() -> QuerySet[Meeting]:
    return Meeting.objects.filter(
        published_at__isnull=False, published_at__lte=timezone.now()
    ).select_related("council", "council__municipality")


def public_agenda() -> QuerySet[AgendaItem]:
    """Public items of published meetings, with their decisions."""
    return (
        AgendaItem.objects.filter(is_public=True, meeting__in=published_meetings())
        .select_related("case", "case__council", "meeting")
        .prefetch_related(
            Prefetch(
                "decisions", queryset=Decision.objects.order_by("id").select_related("handling")
            ),
            "decisions__conditions",
        )
    )


def public_materials(meeting: Meeting) -> QuerySet[Material]:
    return meeting.materials.filter(is_public=True).filter(
        Q(agenda_item__isnull=True) | Q(agenda_item__is_public=True)
    )


def public_cases() -> QuerySet[Case]:
    """Cases on a public item of a published meeting."""
    return (
        Case.objects.filter(agenda_items__in=public_agenda())
        .distinct()
        .select_related("council", "department")
    )


def find_by_number(text: str) -> list[AgendaItem]:
    """Public items whose case number (諮問第999号) or 答申 number (答申第3号) is `text`."""
    label = numbering.parse_number_label(text.strip())
    if label is None:
        return []
    kind, number = label
    items = public_agenda()
    if kind == "答申":
        return list(items.filter(decisions__number=number).distinct())
    kinds = {"諮問": "consultation", "報告": "report"}
    if kind not in kinds:
        return []
    return list(items.filter(case__number=number, case__kind=kinds[kind]).distinct())


def approved_minutes(meeting: Meeting) -> Minutes | None:
    """The meeting's minutes once approved (drafts never reach the public)."""
    return Minutes.objects.public().filter(meeting=meeting).first()


def published_files() -> QuerySet[PersonalInfoFile]:
    """The published personal information file register: files of 1,000 persons or more
    (every file where the municipality publishes all), neither abolished nor exempt."""
    return reports_access.published_files()
