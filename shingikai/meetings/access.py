"""Who may see which meeting, agenda item and material.

Members see every meeting of a term they serve in, closed items included (they attend
them); department staff see the meetings where one of their cases is on the agenda, with
other departments' closed items left out; the secretariat sees everything.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from shingikai.accounts.models import User
from shingikai.meetings.models import AgendaItem, Material, Meeting, MeetingQuestion


def visible_meetings(user: User) -> QuerySet[Meeting]:
    if not user.is_authenticated or not user.is_active:
        return Meeting.objects.none()
    if user.is_secretariat:
        return Meeting.objects.all()
    if user.is_council_member:
        return Meeting.objects.filter(term__members__user=user).distinct()
    if user.is_department_staff:
        return Meeting.objects.filter(agenda_items__case__department__staff=user).distinct()
    return Meeting.objects.none()


def get_meeting(user: User, pk: int | str) -> Meeting:
    try:
        return visible_meetings(user).select_related("council", "term").get(pk=pk)
    except (Meeting.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("meeting not found") from exc


def visible_agenda(user: User, meeting: Meeting) -> QuerySet[AgendaItem]:
    items = meeting.agenda_items.all()
    if user.is_department_staff:
        items = items.filter(Q(is_public=True) | Q(case__department__staff=user)).distinct()
    return items


def visible_materials(user: User, meeting: Meeting) -> QuerySet[Material]:
    materials = meeting.materials.all()
    if user.is_department_staff:
        own = Q(agenda_item__case__department__staff=user)
        public = Q(is_public=True) & (Q(agenda_item__isnull=True) | Q(agenda_item__is_public=True))
        materials = materials.filter(own | public).distinct()
    return materials


def visible_questions(user: User, meeting: Meeting) -> QuerySet[MeetingQuestion]:
    """Questions on the items the user may see (all of them for members and the
    secretariat; department staff see those on public items and on their own cases)."""
    questions = meeting.questions.prefetch_related("agenda_items").select_related(
        "asked_by", "answered_by"
    )
    if user.is_department_staff:
        visible = visible_agenda(user, meeting)
        questions = questions.filter(
            Q(agenda_items__in=visible) | Q(agenda_items__isnull=True)
        ).distinct()
    return questions
