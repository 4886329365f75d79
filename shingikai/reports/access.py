"""Who may see and change incidents, statistics and the file register. Every reports view
goes through these functions.

- Incidents: the secretariat sees and edits all; department staff see their own
  departments' incidents; members see those put on the agenda of a meeting they may see.
  Anyone else gets 404, so an ID does not reveal another department's incident.
- Statistics: every signed-in person reads them; only the secretariat enters or imports.
- File register: the secretariat and members read every file; department staff read their
  own departments' files and the published ones; only the secretariat edits. The public
  reads the published files through `published_files` (used by `portal.queries`).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from shingikai.accounts.models import User
from shingikai.meetings import access as meeting_access
from shingikai.reports import breach
from shingikai.reports.models import Incident, PersonalInfoFile


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def visible_incidents(user: User) -> QuerySet[Incident]:
    if not _active(user):
        return Incident.objects.none()
    if user.is_secretariat:
        return Incident.objects.all()
    if user.is_department_staff:
        return Incident.objects.filter(department__staff=user).distinct()
    if user.is_council_member:
        meetings = meeting_access.visible_meetings(user)
        return Incident.objects.filter(agenda_item__meeting__in=meetings).distinct()
    return Incident.objects.none()


def get_incident(user: User, pk: int | str) -> Incident:
    try:
        return (
            visible_incidents(user)
            .select_related("municipality", "department", "agenda_item__meeting")
            .get(pk=pk)
        )
    except (Incident.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("incident not found") from exc


def can_edit(user: User) -> bool:
    """Incidents, statistics and the register are kept by the secretariat."""
    return bool(_active(user) and user.is_secretariat)


def require_editor(user: User) -> None:
    if not can_edit(user):
        raise PermissionDenied


def can_read_statistics(user: User) -> bool:
    return _active(user) and (
        user.is_secretariat or user.is_council_member or user.is_department_staff
    )


def require_statistics_reader(user: User) -> None:
    if not can_read_statistics(user):
        raise PermissionDenied


def published_files() -> QuerySet[PersonalInfoFile]:
    """The published register: the only files the public may see."""
    return PersonalInfoFile.objects.published().select_related("municipality", "department")


def visible_files(user: User) -> QuerySet[PersonalInfoFile]:
    if not _active(user):
        return PersonalInfoFile.objects.none()
    if user.is_secretariat or user.is_council_member:
        return PersonalInfoFile.objects.all()
    if user.is_department_staff:
        published = PersonalInfoFile.objects.published().values("pk")
        return PersonalInfoFile.objects.filter(
            Q(department__staff=user) | Q(pk__in=published)
        ).distinct()
    return PersonalInfoFile.objects.none()


def get_file(user: User, pk: int | str) -> PersonalInfoFile:
    try:
        return visible_files(user).select_related("municipality", "department").get(pk=pk)
    except (PersonalInfoFile.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("file not found") from exc


def incident_alerts(
    user: User, today: dt.date | None = None
) -> list[tuple[Incident, list[breach.Deadline]]]:
    """Incidents the user may see with a report due within the warning window or overdue,
    the most urgent first (for the home page and the list)."""
    candidates = (
        visible_incidents(user)
        .filter(Q(prompt_reported_on__isnull=True) | Q(final_reported_on__isnull=True))
        .select_related("department", "municipality")
    )
    found = []
    for incident in candidates:
        warnings = [d for d in incident.deadlines(today) if d.is_warning]
        if warnings:
            found.append((incident, warnings))
    return sorted(found, key=lambda pair: (min(d.due for d in pair[1]), pair[0].pk))
