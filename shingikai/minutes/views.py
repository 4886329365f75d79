"""Minutes screens: read, generate, edit, circulate, confirm, approve and download.

Who sees a meeting (meetings.access) sees its minutes, less another department's closed
items; only the secretariat writes; members who attended confirm. Every write is one action.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from shingikai.accounts import audit
from shingikai.accounts.models import AuditEvent, User
from shingikai.documents import minutesdoc
from shingikai.meetings import access
from shingikai.meetings.models import Meeting
from shingikai.minutes import actions, export
from shingikai.minutes.forms import ApproveForm, MinutesTextForm
from shingikai.minutes.models import Minutes

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _minutes_of(meeting: Meeting) -> Minutes | None:
    return Minutes.objects.filter(meeting=meeting).first()


def _readable_minutes(user: User, meeting: Meeting) -> Minutes | None:
    """The minutes `user` may read: a draft is the secretariat's until it is circulated."""
    minutes = _minutes_of(meeting)
    if minutes is not None and minutes.status == Minutes.Status.DRAFT and not user.is_secretariat:
        return None
    return minutes


def _writable(request: HttpRequest, meeting_pk: int) -> tuple[Meeting, Minutes | None]:
    """The meeting (404 if not visible) and its minutes; 403 unless secretariat."""
    meeting = access.get_meeting(request.user, meeting_pk)
    if not request.user.is_secretariat:
        raise PermissionDenied
    return meeting, _minutes_of(meeting)


def _sections(reading: export.Reading) -> list[dict[str, object]]:
    """Sections with their utterances as (order, utterance): the order is the anchor."""
    orders = reading.orders()
    return [
        {
            "title": s.title,
            "item": s.item,
            "closed": s.item in reading.closed,
            "utterances": [(orders.get(u.line), u) for u in s.utterances],
        }
        for s in reading.sections()
    ]


@login_required
def minutes_detail(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = access.get_meeting(request.user, meeting_pk)
    minutes = _readable_minutes(request.user, meeting)
    context: dict[str, object] = {
        "meeting": meeting,
        "minutes": minutes,
        "can_write": request.user.is_secretariat,
    }
    if minutes is not None:
        reading = export.reading_for(request.user, minutes)
        member = actions.member_for(request.user, meeting)
        attendees = set(actions.attendees(minutes).values_list("pk", flat=True))
        context.update(
            header=reading.header(),
            sections=_sections(reading),
            qa=reading.qa(),
            revisions=minutes.revisions.select_related("created_by"),
            current=minutes.current_revision(),
            confirmations=actions.confirmed(minutes),
            unconfirmed=actions.unconfirmed(minutes),
            status_line=export.status_line(minutes),
            can_confirm=(
                member is not None
                and member.pk in attendees
                and minutes.status == Minutes.Status.CIRCULATED
            ),
        )
        if request.user.is_secretariat:
            context["approve_form"] = ApproveForm(candidates=actions.approval_candidates(minutes))
    return render(request, "minutes/minutes_detail.html", context)


@login_required
@require_POST
def minutes_generate(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting, _minutes = _writable(request, meeting_pk)
    try:
        actions.generate_draft(meeting, request.user, request)
    except actions.MinutesError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "会議の記録から会議録の案を作成しました。")
    return redirect("minutes:detail", meeting.pk)


@login_required
def minutes_edit(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting, minutes = _writable(request, meeting_pk)
    if minutes is None:
        messages.error(request, "先に会議録の案を作成してください。")
        return redirect("minutes:detail", meeting.pk)
    current = minutes.current_revision()
    initial = {"text": minutes.current_text(), "base_revision": current.number if current else None}
    form = MinutesTextForm(
        request.POST or None, initial=initial, reason_required=minutes.is_approved
    )
    if request.method == "POST" and form.is_valid():
        try:
            revision = actions.save_text(
                minutes,
                form.cleaned_data["text"],
                request.user,
                form.cleaned_data["reason"],
                base_revision=form.cleaned_data["base_revision"],
                request=request,
            )
        except actions.InvalidText as exc:
            for problem in exc.problems:
                form.add_error("text", str(problem))
        except actions.ReasonRequired as exc:
            form.add_error("reason", str(exc))
        except actions.MinutesError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"会議録を保存しました（第{revision.number}版）。")
            return redirect("minutes:detail", meeting.pk)
    return render(
        request,
        "minutes/minutes_edit.html",
        {"meeting": meeting, "minutes": minutes, "form": form, "current": current},
    )


def _step(request: HttpRequest, meeting_pk: int, step: str) -> HttpResponse:
    meeting, minutes = _writable(request, meeting_pk)
    if minutes is None:
        raise Http404("no minutes")
    try:
        if step == "circulate":
            actions.circulate(minutes, request.user, request)
            messages.success(request, "出席した委員に会議録の確認を依頼しました。")
        else:
            form = ApproveForm(request.POST, candidates=actions.approval_candidates(minutes))
            if not form.is_valid():
                messages.error(request, form.errors["at_meeting"][0])
                return redirect("minutes:detail", meeting.pk)
            actions.approve(minutes, form.cleaned_data["at_meeting"], request.user, request)
            messages.success(request, "会議録を承認済みにしました。")
    except actions.MinutesError as exc:
        messages.error(request, str(exc))
    return redirect("minutes:detail", meeting.pk)


@login_required
@require_POST
def minutes_circulate(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    return _step(request, meeting_pk, "circulate")


@login_required
@require_POST
def minutes_approve(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    return _step(request, meeting_pk, "approve")


@login_required
@require_POST
def minutes_confirm(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = access.get_meeting(request.user, meeting_pk)
    minutes = _minutes_of(meeting)
    member = actions.member_for(request.user, meeting)
    if member is None:
        raise PermissionDenied
    if minutes is None:
        raise Http404("no minutes")
    try:
        actions.confirm(minutes, member, request.POST.get("comment", ""), request.user, request)
    except actions.MinutesError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "会議録を確認しました。")
    return redirect("minutes:detail", meeting.pk)


def _download(request: HttpRequest, meeting_pk: int, suffix: str) -> HttpResponse:
    meeting = access.get_meeting(request.user, meeting_pk)
    minutes = _readable_minutes(request.user, meeting)
    if minutes is None:
        raise Http404("no minutes")
    content = export.content(export.reading_for(request.user, minutes))
    if suffix == "pdf":
        body: bytes | str = minutesdoc.minutes_pdf(content)
        content_type = "application/pdf"
    elif suffix == "docx":
        body, content_type = minutesdoc.minutes_docx(content), DOCX
    else:
        body, content_type = minutesdoc.minutes_html(content), "text/html; charset=utf-8"
    audit.record(
        request.user,
        AuditEvent.Action.EXPORT,
        minutes,
        summary=f"会議録（{suffix}）",
        request=request,
    )
    response = HttpResponse(body, content_type=content_type)
    name = f"会議録_{meeting.label}.{suffix}"
    response["Content-Disposition"] = (
        f"attachment; filename=\"minutes-{meeting.pk}.{suffix}\"; filename*=UTF-8''{quote(name)}"
    )
    return response


@login_required
def minutes_docx(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    return _download(request, meeting_pk, "docx")


@login_required
def minutes_pdf(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    return _download(request, meeting_pk, "pdf")


@login_required
def minutes_html(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    return _download(request, meeting_pk, "html")
