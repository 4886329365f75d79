"""File register screens for staff: the list with each file's publication, a file's page,
entering and editing (linked to the cases that changed it), the municipality's setting and
the CSV of the whole register."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from shingikai.accounts import audit
from shingikai.accounts.models import AuditEvent
from shingikai.councils.models import Municipality
from shingikai.dossiers.models import Case
from shingikai.reports import access, actions, register
from shingikai.reports.forms import FileForm, RegisterSettingsForm
from shingikai.reports.models import PersonalInfoFile, RegisterSettings


@login_required
def file_list(request: HttpRequest) -> HttpResponse:
    files = list(access.visible_files(request.user).select_related("municipality", "department"))
    published = set(PersonalInfoFile.objects.published().values_list("pk", flat=True))
    return render(
        request,
        "reports/file_list.html",
        {
            "rows": [(f, f.pk in published) for f in files],
            "municipalities": Municipality.objects.filter(personal_info_files__isnull=False)
            .distinct()
            .select_related("register_settings"),
            "threshold": register.THRESHOLD,
            "can_edit": access.can_edit(request.user),
        },
    )


@login_required
def file_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.get_file(request.user, pk)
    return render(
        request,
        "reports/file_detail.html",
        {
            "file": found,
            "cases": found.cases.select_related("council", "department"),
            "can_edit": access.can_edit(request.user),
        },
    )


def _cases() -> QuerySet[Case]:
    return Case.objects.select_related("council__municipality").order_by("-fiscal_year", "-number")


@login_required
def file_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    access.require_editor(request.user)
    found = access.get_file(request.user, pk) if pk else None
    initial = {}
    if found is None:
        first = RegisterSettings.objects.exclude(request_office="").first()
        initial = {"request_office": first.request_office} if first else {}
    form = FileForm(request.POST or None, instance=found, initial=initial, cases=_cases())
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data.get("version")
        try:
            saved = actions.save_file(
                request.user, form.save(commit=False), form.cleaned_data["cases"], version, request
            )
        except actions.StaleEdit as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"「{saved}」を保存しました。{saved.publication_reason}")
            return redirect(saved)
    return render(request, "reports/file_form.html", {"form": form, "file": found})


@login_required
def register_settings(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_editor(request.user)
    municipality = get_object_or_404(Municipality, pk=pk)
    row = RegisterSettings.objects.filter(municipality=municipality).first()
    row = row or RegisterSettings(municipality=municipality)
    form = RegisterSettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        actions.save_register_settings(request.user, form.save(commit=False), request)
        messages.success(request, f"{municipality}の個人情報ファイル簿の設定を保存しました。")
        return redirect("reports:files")
    return render(
        request, "reports/register_settings.html", {"form": form, "municipality": municipality}
    )


@login_required
def file_csv(request: HttpRequest) -> HttpResponse:
    """Every file the user may see, with whether it is published (for the secretariat's
    checking; the public CSV is on the public site)."""
    files = access.visible_files(request.user).select_related("municipality", "department")
    published = set(PersonalInfoFile.objects.published().values_list("pk", flat=True))
    body = register.csv_bytes([f.entry(published=f.pk in published) for f in files], internal=True)
    name = "個人情報ファイル簿_全件.csv"
    audit.record(request.user, AuditEvent.Action.EXPORT, None, summary=name, request=request)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f"attachment; filename=\"files-internal.csv\"; filename*=UTF-8''{quote(name)}"
    )
    return response
