"""The signed-in home page: next meetings, open cases by status, conditions due or overdue,
minutes waiting for confirmation or approval, and written meetings waiting for a vote."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from shingikai.dossiers import access as case_access
from shingikai.dossiers.models import OPEN_STATUSES, CaseStatus
from shingikai.meetings import access
from shingikai.meetings.models import Condition, Meeting, MeetingFormat, MeetingStatus
from shingikai.minutes import actions as minutes_actions
from shingikai.minutes.models import Minutes
from shingikai.reports import access as reports_access
from shingikai.reports import breach
from shingikai.reports.models import Incident

CONDITION_WINDOW = dt.timedelta(days=30)


def _conditions_for(request: HttpRequest) -> list[Condition]:
    """Open conditions the user follows, due within the window or overdue."""
    user = request.user
    conditions = Condition.objects.filter(
        status__in=(Condition.Status.OPEN, Condition.Status.IN_PROGRESS)
    )
    if user.is_department_staff:
        conditions = conditions.filter(owner__staff=user)
    elif not user.is_secretariat:
        return []
    horizon = timezone.localdate() + CONDITION_WINDOW
    rows = conditions.select_related(
        "owner", "due_meeting", "decision__agenda_item__case", "decision__agenda_item__meeting"
    )
    due = [c for c in rows if c.due_date is None or c.due_date <= horizon]
    return sorted(due, key=lambda c: (c.due_date or dt.date.max, c.pk))


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    meetings = (
        access.visible_meetings(request.user)
        .filter(date__gte=today, status=MeetingStatus.SCHEDULED)
        .select_related("council")
        .order_by("date", "start_time")[:5]
    )
    cases = case_access.visible_cases(request.user).filter(status__in=OPEN_STATUSES)
    counts = dict(cases.values_list("status").annotate(n=Count("id")))
    by_status = [
        (status, label, counts.get(status, 0))
        for status, label in CaseStatus.choices
        if status in OPEN_STATUSES
    ]
    return render(
        request,
        "home/dashboard.html",
        {
            "today": today,
            "meetings": meetings,
            "by_status": by_status,
            "recent_cases": cases.select_related("department", "council").order_by("-updated_at")[
                :8
            ],
            "conditions": _conditions_for(request),
            "minutes_to_handle": _minutes_to_handle(request),
            "votes_due": _votes_due(request, today),
            "incident_alerts": _incident_alerts(request, today),
        },
    )


def _minutes_to_handle(request: HttpRequest) -> list[tuple[Minutes, int]]:
    """For the secretariat: unapproved minutes with how many attendees have not confirmed.
    For a member: circulated minutes of meetings they attended and have not confirmed."""
    user = request.user
    pending = Minutes.objects.exclude(status=Minutes.Status.APPROVED).select_related(
        "meeting", "meeting__council"
    )
    if user.is_secretariat:
        return [(m, len(minutes_actions.unconfirmed(m))) for m in pending.order_by("meeting__date")]
    if user.is_council_member:
        circulated = pending.filter(status=Minutes.Status.CIRCULATED)
        return [
            (m, 0)
            for m in circulated
            if any(member.user_id == user.pk for member in minutes_actions.unconfirmed(m))
        ]
    return []


def _votes_due(request: HttpRequest, today: dt.date) -> list[Meeting]:
    """Written meetings open for the member's vote."""
    if not request.user.is_council_member:
        return []
    return list(
        access.visible_meetings(request.user)
        .filter(format=MeetingFormat.WRITTEN, date__gte=today)
        .order_by("date")
    )


def _incident_alerts(
    request: HttpRequest, today: dt.date
) -> list[tuple[Incident, list[breach.Deadline]]]:
    """Breach reports due within a week or overdue: every incident for the secretariat,
    their own departments' for department staff, none for members."""
    user = request.user
    if not (user.is_secretariat or user.is_department_staff):
        return []
    return reports_access.incident_alerts(user, today)
