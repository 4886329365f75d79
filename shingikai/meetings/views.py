"""Meeting screens: the list, a meeting's page, scheduling, material downloads."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from shingikai.dossiers import access as case_access
from shingikai.lib import wareki
from shingikai.meetings import access, actions, materials
from shingikai.meetings.forms import MeetingForm
from shingikai.meetings.models import Attendance, Meeting, MeetingFormat, MeetingStatus


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = access.visible_meetings(request.user).select_related("council")
    years = sorted(set(meetings.values_list("fiscal_year", flat=True)), reverse=True)
    selected = request.GET.get("fy", "")
    if selected.isdigit() and int(selected) in years:
        meetings = meetings.filter(fiscal_year=int(selected))
    meetings = meetings.annotate(
        n_items=Count("agenda_items", distinct=True),
        n_present=Count(
            "attendances",
            filter=Q(attendances__status__in=(Attendance.Status.PRESENT, Attendance.Status.LATE)),
            distinct=True,
        ),
    ).order_by("-date")
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "meetings": meetings,
            "years": [(fy, wareki.format_fiscal_year(fy)) for fy in years],
            "selected": selected,
            "can_schedule": request.user.is_secretariat,
        },
    )


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting(request.user, pk)
    agenda = (
        access.visible_agenda(request.user, meeting)
        .select_related("case__department", "case__council")
        .prefetch_related(
            "decisions__conditions__owner",
            "decisions__handling",
            "materials",
            "written_votes__member",
        )
    )
    member = meeting.members().filter(user=request.user).first()
    written = meeting.format == MeetingFormat.WRITTEN
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": agenda,
            "attendances": meeting.attendances.select_related("member"),
            "quorum": meeting.quorum(),
            "materials": materials.ordered(
                access.visible_materials(request.user, meeting).select_related("agenda_item")
            ),
            "questions": access.visible_questions(request.user, meeting),
            "visible_case_ids": set(
                case_access.visible_cases(request.user).values_list("id", flat=True)
            ),
            "can_manage": request.user.is_secretariat,
            "member": member,
            "my_votes": set(
                meeting.agenda_items.filter(written_votes__member=member).values_list(
                    "pk", flat=True
                )
            )
            if member
            else set(),
            "written": written,
            "non_respondents": actions.non_respondents(meeting)
            if written and request.user.is_secretariat
            else [],
            "later_meetings": Meeting.objects.filter(
                council=meeting.council, date__gt=meeting.date
            ).order_by("date"),
            "next_meeting": Meeting.objects.filter(council=meeting.council, date__gt=meeting.date)
            .exclude(status=MeetingStatus.CANCELLED)
            .order_by("date")
            .first(),
        },
    )


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    if not request.user.is_secretariat:
        raise PermissionDenied
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = actions.schedule_meeting(request.user, form.save(commit=False), request)
        messages.success(request, _("%sを登録しました。") % meeting.label)
        return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form})


@login_required
def material_download(request: HttpRequest, pk: int, material_id: int) -> FileResponse:
    meeting = access.get_meeting(request.user, pk)
    material = access.visible_materials(request.user, meeting).filter(pk=material_id).first()
    if material is None or not material.file:
        raise Http404("material not found")
    content_type = mimetypes.guess_type(material.file.name)[0] or "application/octet-stream"
    return FileResponse(
        material.file.open("rb"),
        as_attachment=True,
        filename=f"{material.label}_{material.title}{_suffix(material.file.name)}",
        content_type=content_type,
    )


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:] if dot >= 0 else ""
