"""Precheck screens: the findings of a case (shown inside the case page), the
secretariat's decisions on them, the department's answers, and the PIA judgement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shingikai.dossiers import access, records
from shingikai.dossiers.models import Case
from shingikai.review import actions, pia
from shingikai.review.findings import precheck
from shingikai.review.models import FindingDecision


def _page(request: HttpRequest, case: Case) -> HttpResponse:
    template = "review/_precheck.html" if request.htmx else "review/precheck_page.html"
    return render(
        request,
        template,
        {
            "case": case,
            "precheck": precheck(case),
            "questions": case.questions.select_related("asked_by", "answered_by"),
            "can_decide": request.user.is_secretariat,
            "can_answer": access.user_departments(request.user)
            .filter(pk=case.department_id)
            .exists()
            and not request.user.is_secretariat,
        },
    )


@login_required
def case_precheck(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, access.get_case(request.user, pk))


def _secretariat_case(request: HttpRequest, pk: int) -> Case:
    case = access.get_case(request.user, pk)
    if not request.user.is_secretariat:
        raise PermissionDenied
    return case


def _after(request: HttpRequest, case: Case) -> HttpResponse:
    if request.htmx:
        return _page(request, case)
    return redirect(f"{case.get_absolute_url()}#precheck")


@login_required
@require_POST
def finding_action(request: HttpRequest, pk: int, concern_id: str, step: str) -> HttpResponse:
    case = _secretariat_case(request, pk)
    row = precheck(case).row(concern_id)
    if step == "reopen":
        actions.reopen(request.user, case, concern_id, request)
        return _after(request, case)
    if row is None:
        raise Http404("the concern does not apply to this case")
    note = request.POST.get("note", "").strip()
    if step == "send":
        actions.send(request.user, case, row.finding, request)
        messages.success(request, _("論点を担当課に質問として送付しました。"))
    elif step in ("resolve", "dismiss") and not note:
        messages.error(
            request, _("解決とする場合は回答の要旨を、対象外とする場合は理由を入力してください。")
        )
    elif step == "resolve":
        actions.decide(
            request.user, case, concern_id, FindingDecision.Status.RESOLVED, note, request
        )
    elif step == "dismiss":
        actions.decide(
            request.user, case, concern_id, FindingDecision.Status.DISMISSED, note, request
        )
    else:
        raise Http404("unknown step")
    return _after(request, case)


@login_required
@require_POST
def question_answer(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    case = access.get_case(request.user, pk)
    # The department answers; the secretariat (whose departments are all of them) asks.
    if (
        request.user.is_secretariat
        or not access.user_departments(request.user).filter(pk=case.department_id).exists()
    ):
        raise PermissionDenied
    question = case.questions.filter(number=number).first()
    if question is None:
        raise Http404("no such question")
    text = request.POST.get("answer", "").strip()
    if not text:
        messages.error(request, _("回答を入力してください。"))
    else:
        actions.answer(request.user, question, text, request)
        messages.success(request, _("質問%(n)dに回答しました。") % {"n": number})
    return _after(request, case)


# The assessments from least to most thorough.
_LEVEL_RANK = {"basic": 1, "focused": 2, "full": 3}


@login_required
def handling_pia(request: HttpRequest, pk: int, n: int) -> HttpResponse:
    """The threshold judgement of a PIA handling, from its own fields."""
    case = access.get_case(request.user, pk)
    dossier = records.dossier_of(case)
    if not 1 <= n <= len(dossier.handlings) or dossier.handlings[n - 1].type != (
        "pia_third_party_inspection"
    ):
        raise Http404("not a PIA handling")
    fields = dossier.handlings[n - 1].fields
    people, handlers = fields.get("people"), fields.get("handlers")
    judgement = None
    if isinstance(people, int):
        judgement = pia.threshold(
            people,
            handlers if isinstance(handlers, int) else 0,
            bool(fields.get("serious_incident")),
            comment_start=fields.get("public_comment_start"),
            inspection_on=case.consulted_on,
        )
    declared = fields.get("assessment_level")
    return render(
        request,
        "review/_pia.html",
        {
            "case": case,
            "n": n,
            "judgement": judgement,
            "handlers_known": isinstance(handlers, int),
            "declared": declared,
            "declared_too_low": bool(
                judgement
                and declared
                and judgement.required
                and _LEVEL_RANK.get(declared, 0) < max(_LEVEL_RANK[r] for r in judgement.required)
            ),
            "post_hoc": pia.started_before_assessment(fields.get("started_on"), case.consulted_on),
            "schedule": pia.schedule(case.consulted_on, judgement.required)
            if judgement and case.consulted_on
            else None,
        },
    )
