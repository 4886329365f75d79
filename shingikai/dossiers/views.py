"""Case screens: list, detail, create, edit and the workflow buttons."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shingikai.accounts import audit
from shingikai.accounts.models import AuditEvent
from shingikai.councils.models import Department
from shingikai.dossiers import access, actions
from shingikai.dossiers.context import dossier_context
from shingikai.dossiers.forms import CaseFilterForm, CaseForm
from shingikai.dossiers.models import CaseStatus
from shingikai.dossiers.queries import filter_cases
from shingikai.lib import wareki


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    cases = access.visible_cases(request.user)
    years = sorted({fy for fy in cases.values_list("fiscal_year", flat=True) if fy}, reverse=True)
    form = CaseFilterForm(
        request.GET or None,
        departments=Department.objects.filter(cases__in=cases).distinct(),
        years=[(fy, wareki.format_fiscal_year(fy)) for fy in years],
    )
    if form.is_bound and form.is_valid():
        cases = filter_cases(cases, form.cleaned_data)
    cases = cases.select_related("council", "department").prefetch_related("handlings")
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "dossiers/_case_results.html" if request.htmx else "dossiers/case_list.html"
    response = render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_create": access.can_create(request.user),
        },
    )
    # The same URL answers with the whole page or only the results (htmx); caches must
    # keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case(request.user, pk)
    # Cases are not public; every view of one is on the record.
    audit.record(request.user, AuditEvent.Action.VIEW, case, request=request)
    agenda_items = case.agenda_items.select_related("meeting").prefetch_related(
        "decisions__conditions__owner"
    )
    return render(
        request,
        "dossiers/case_detail.html",
        {
            **dossier_context(request, case),
            "agenda_items": agenda_items,
            "can_edit": access.can_edit(request.user, case),
            "can_submit": access.can_edit(request.user, case)
            and case.status in access.DEPARTMENT_EDITABLE,
            "can_review": request.user.is_secretariat and case.status == CaseStatus.SUBMITTED,
        },
    )


@login_required
def case_create(request: HttpRequest) -> HttpResponse:
    if not access.can_create(request.user):
        raise PermissionDenied
    departments = access.user_departments(request.user)
    form = CaseForm(request.POST or None, departments=departments)
    if request.method == "POST" and form.is_valid():
        case = actions.create_case(
            request.user, form.cleaned_data, form.ordered_handling_types(), request
        )
        messages.success(request, _("案件を作成しました（作成中）。"))
        return redirect(case)
    return render(request, "dossiers/case_form.html", {"form": form, "case": None})


@login_required
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case_for_edit(request.user, pk)
    departments = access.user_departments(request.user)
    form = CaseForm(request.POST or None, instance=case, departments=departments)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data.get("version") or case.version
        try:
            actions.update_case(
                request.user,
                case,
                form.cleaned_data,
                form.ordered_handling_types(),
                version,
                request,
            )
        except actions.StaleEdit:
            form.add_error(
                None,
                _(
                    "この案件は、あなたが編集を始めた後に他の人が保存しました。"
                    "入力内容は残っています。別のタブで最新の内容を確認してから保存し直してください。"
                ),
            )
        else:
            messages.success(request, _("案件を保存しました。"))
            return redirect(case)
    return render(request, "dossiers/case_form.html", {"form": form, "case": case})


def _workflow(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    case = access.get_case(request.user, pk)
    try:
        if step == "submit":
            if not access.can_edit(request.user, case):
                raise PermissionDenied
            try:
                actions.submit_case(request.user, case, request)
            except actions.IncompleteCase as exc:
                messages.error(request, _("まだ提出できません。次の点を直してください。"))
                for problem in exc.problems:
                    messages.warning(request, problem)
                return redirect(case)
            messages.success(request, _("事務局に提出しました。"))
        elif not request.user.is_secretariat:
            raise PermissionDenied
        elif step == "accept":
            actions.accept_case(request.user, case, request)
            messages.success(request, _("受理し、%sを付番しました。") % case.number_label)
        else:
            reason = request.POST.get("reason", "").strip()
            if not reason:
                messages.error(request, _("差戻しの理由を入力してください。"))
                return redirect(case)
            actions.return_case(request.user, case, reason, request)
            messages.success(request, _("担当課に差し戻しました。"))
    except actions.InvalidTransition:
        messages.error(request, _("この案件は現在の状態ではその操作ができません。"))
    return redirect(case)


@login_required
@require_POST
def case_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, "submit")


@login_required
@require_POST
def case_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, "accept")


@login_required
@require_POST
def case_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, "return")
