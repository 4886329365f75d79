"""The secretariat's screens for running a meeting: the meeting's details, agenda,
attendance, questions, decisions, 答申 and conditions; and the member's written vote.

Each view checks the role, parses a form, calls one action and redirects to the meeting
page (with an anchor); refused steps come back as a Japanese message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shingikai.councils.models import Member
from shingikai.meetings import access, actions
from shingikai.meetings import manage_forms as f
from shingikai.meetings.models import AgendaItem, Condition, Decision, Meeting, MeetingQuestion


def _secretariat_meeting(request: HttpRequest, pk: int) -> Meeting:
    meeting = access.get_meeting(request.user, pk)
    if not request.user.is_secretariat:
        raise PermissionDenied
    return meeting


def _back(meeting: Meeting, anchor: str) -> HttpResponse:
    return redirect(f"{meeting.get_absolute_url()}#{anchor}")


def _form_page(
    request: HttpRequest, meeting: Meeting, form: Any, title: str, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "meetings/manage_form.html",
        {"meeting": meeting, "form": form, "title": title, **extra},
    )


def _attempt(request: HttpRequest, step: Callable[[], Any], done: str) -> bool:
    try:
        step()
    except actions.Refused as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, done)
    return True


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _secretariat_meeting(request, pk)
    form = f.MeetingEditForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        meeting = form.save(commit=False)
        meeting.published_at = (
            (meeting.published_at or timezone.now()) if form.cleaned_data["published"] else None
        )
        actions.save_meeting(request.user, meeting, request)
        messages.success(request, _("会議の情報を保存しました。"))
        return _back(meeting, "outline")
    return _form_page(request, meeting, form, _("会議の情報の編集"))


@login_required
def agenda_add_case(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _secretariat_meeting(request, pk)
    form = f.AddCaseForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            request,
            lambda: actions.add_case_to_agenda(
                request.user,
                meeting,
                data["case"],
                is_public=data["is_public"],
                closed_reason=data["closed_reason"],
                request=request,
            ),
            _("議題に追加しました。"),
        ):
            return _back(meeting, "agenda")
    return _form_page(request, meeting, form, _("案件を議題に追加"))


@login_required
def agenda_add_item(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _secretariat_meeting(request, pk)
    form = f.AddItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            request,
            lambda: actions.add_agenda_item(
                request.user,
                meeting,
                data["title"],
                data["kind"],
                is_public=data["is_public"],
                closed_reason=data["closed_reason"],
                request=request,
            ),
            _("議題を追加しました。"),
        ):
            return _back(meeting, "agenda")
    return _form_page(request, meeting, form, _("議題を追加（案件以外）"))


def _item(meeting: Meeting, item_id: int) -> AgendaItem:
    item = meeting.agenda_items.select_related("case", "meeting").filter(pk=item_id).first()
    if item is None:
        raise Http404("no such agenda item")
    return item


@login_required
@require_POST
def agenda_move(request: HttpRequest, pk: int, item_id: int, direction: str) -> HttpResponse:
    meeting = _secretariat_meeting(request, pk)
    actions.move_agenda_item(
        request.user, _item(meeting, item_id), -1 if direction == "up" else 1, request
    )
    return _back(meeting, "agenda")


@login_required
@require_POST
def agenda_remove(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    meeting = _secretariat_meeting(request, pk)
    item = _item(meeting, item_id)
    _attempt(
        request,
        lambda: actions.remove_agenda_item(request.user, item, request),
        _("議題を削除しました。"),
    )
    return _back(meeting, "agenda")


@login_required
def attendance_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _secretariat_meeting(request, pk)
    form = f.AttendanceForm(request.POST or None, meeting=meeting)
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: actions.record_attendance(
                request.user, meeting, form.statuses(), form.cleaned_data["observers"], request
            ),
            _("出欠を記録しました。"),
        )
    ):
        quorum = Meeting.objects.get(pk=meeting.pk).quorum()
        if quorum.met is False:
            messages.warning(
                request,
                _("定足数に達していません（出席%(a)d人／必要%(n)d人）。")
                % {"a": quorum.attending, "n": quorum.needed},
            )
        return _back(meeting, "attendance")
    return render(request, "meetings/attendance_form.html", {"meeting": meeting, "form": form})


@login_required
def decision_new(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    meeting = _secretariat_meeting(request, pk)
    item = _item(meeting, item_id)
    form = f.DecisionForm(request.POST or None, item=item, instance=Decision(agenda_item=item))
    if request.method == "POST" and form.is_valid():
        decision = form.save(commit=False)
        if _attempt(
            request,
            lambda: actions.record_decision(request.user, item, decision, request),
            _("議決を記録しました。"),
        ):
            if decision.warning:
                messages.warning(request, decision.warning)
            return _back(meeting, f"item-{item.order}")
    return _form_page(
        request, meeting, form, _("議決の記録：%s") % item.title[:40], quorum=meeting.quorum()
    )


def _decision(meeting: Meeting, decision_id: int) -> Decision:
    decision = Decision.objects.filter(pk=decision_id, agenda_item__meeting=meeting).first()
    if decision is None:
        raise Http404("no such decision")
    return decision


@login_required
def decision_issue(request: HttpRequest, pk: int, decision_id: int) -> HttpResponse:
    meeting = _secretariat_meeting(request, pk)
    decision = _decision(meeting, decision_id)
    initial = {
        "issued_on": decision.issued_on or decision.decided_on,
        "addressee": decision.addressee or meeting.council.municipality.head_title,
        "text": decision.text or _default_conclusion(decision),
    }
    form = f.IssueForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.issue_decision(request.user, decision, request=request, **form.cleaned_data)
        messages.success(request, _("答申を作成しました。"))
        return _back(meeting, f"item-{decision.agenda_item.order}")
    return _form_page(request, meeting, form, _("答申の作成"))


def _default_conclusion(decision: Decision) -> str:
    texts = {
        "approved": "諮問のとおり承認する。",
        "approved_with_conditions": "諮問のとおり承認する。ただし、下記の条件（意見）を付する。",
        "acknowledged": "報告のとおり了承する。",
        "rejected": "諮問の内容は承認できない。",
        "continued": "継続して審議する。",
    }
    return texts.get(decision.outcome, "")


@login_required
def condition_edit(
    request: HttpRequest, pk: int, decision_id: int, condition_id: int | None = None
) -> HttpResponse:
    meeting = _secretariat_meeting(request, pk)
    decision = _decision(meeting, decision_id)
    condition = (
        decision.conditions.filter(pk=condition_id).first()
        if condition_id
        else Condition(decision=decision)
    )
    if condition is None:
        raise Http404("no such condition")
    if condition.pk is None and decision.agenda_item.case_id:
        condition.owner = decision.agenda_item.case.department
    form = f.ConditionForm(request.POST or None, instance=condition, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        actions.save_condition(request.user, form.save(commit=False), request)
        messages.success(request, _("条件・付帯意見を保存しました。"))
        return _back(meeting, f"item-{decision.agenda_item.order}")
    return _form_page(request, meeting, form, _("条件・付帯意見"))


@login_required
@require_POST
def condition_carry(
    request: HttpRequest, pk: int, decision_id: int, condition_id: int
) -> HttpResponse:
    meeting = _secretariat_meeting(request, pk)
    condition = _decision(meeting, decision_id).conditions.filter(pk=condition_id).first()
    target = Meeting.objects.filter(
        pk=request.POST.get("meeting"), council=meeting.council, date__gt=meeting.date
    ).first()
    if condition is None or target is None:
        raise Http404("no such condition or meeting")
    actions.carry_to_meeting(request.user, condition, target, request)
    messages.success(request, _("%sの議題に追加しました。") % target.label)
    return _back(meeting, f"item-{condition.decision.agenda_item.order}")


@login_required
def question_edit(request: HttpRequest, pk: int, number: int | None = None) -> HttpResponse:
    meeting = _secretariat_meeting(request, pk)
    question = (
        meeting.questions.filter(number=number).first()
        if number
        else MeetingQuestion(meeting=meeting)
    )
    if question is None:
        raise Http404("no such question")
    form = f.QuestionForm(request.POST or None, instance=question, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        actions.save_question(
            request.user, form.save(commit=False), list(form.cleaned_data["agenda"]), request
        )
        messages.success(request, _("質疑を保存しました。"))
        return _back(meeting, "questions")
    return _form_page(request, meeting, form, _("質疑の記録"))


def _member_of(request: HttpRequest, meeting: Meeting) -> Member:
    member = meeting.members().filter(user=request.user).first()
    if member is None:
        raise PermissionDenied
    return member


@login_required
def written_vote(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    """A member gives a vote and an opinion on an item of a written meeting."""
    meeting = access.get_meeting(request.user, pk)
    member = _member_of(request, meeting)
    item = _item(meeting, item_id)
    current = item.written_votes.filter(member=member).first()
    form = f.WrittenVoteForm(
        request.POST or None,
        initial={
            "choice": current.choice if current else "",
            "opinion": current.opinion if current else "",
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _attempt(
            request,
            lambda: actions.submit_written_vote(
                request.user,
                item,
                member,
                form.cleaned_data["choice"],
                form.cleaned_data["opinion"],
                request,
            ),
            _("賛否と意見を送信しました。"),
        )
    ):
        return _back(meeting, f"item-{item.order}")
    return render(
        request,
        "meetings/written_vote.html",
        {"meeting": meeting, "item": item, "form": form, "current": current},
    )


@login_required
def question_ask(request: HttpRequest, pk: int) -> HttpResponse:
    """A member sends a question on the meeting's items before the deadline."""
    meeting = access.get_meeting(request.user, pk)
    member = _member_of(request, meeting)
    form = f.MemberQuestionForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            request,
            lambda: actions.ask_question(
                request.user, meeting, member, data["text"], list(data["agenda"]), request
            ),
            _("質問を送りました。担当課の回答は会議のページに表示されます。"),
        ):
            return _back(meeting, "questions")
    return _form_page(request, meeting, form, _("質問を送る"))


@login_required
def question_answer(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The department answers a question on one of its own items (区の考え方)."""
    meeting = access.get_meeting(request.user, pk)
    question = access.visible_questions(request.user, meeting).filter(number=number).first()
    if question is None:
        raise Http404("no such question")
    departments = {i.case.department_id for i in question.agenda_items.all() if i.case_id}
    mine = set(request.user.departments.values_list("pk", flat=True))
    if not request.user.is_department_staff or not departments & mine:
        raise PermissionDenied
    form = f.AnswerForm(request.POST or None, initial={"answer": question.answer})
    if request.method == "POST" and form.is_valid():
        department = next(
            d for d in question.agenda_items.all() if d.case_id and d.case.department_id in mine
        ).case.department
        actions.answer_question(
            request.user, question, form.cleaned_data["answer"], department, request
        )
        messages.success(request, _("回答を送りました。"))
        return _back(meeting, "questions")
    return _form_page(
        request, meeting, form, _("質問%(n)dへの回答") % {"n": number}, question=question
    )
