"""Incident screens: the overview of 報告・統計, the incident register with its deadline
warnings, an incident's page, entering and editing, the report dates, putting it on a
meeting's agenda and passing a serious incident on to the PIA."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shingikai.dossiers.models import Handling
from shingikai.lib import wareki
from shingikai.reports import access, actions
from shingikai.reports.forms import AgendaForm, IncidentForm, ReportDatesForm
from shingikai.reports.models import AnnualStatistics, Incident, PersonalInfoFile


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The three registers at a glance (the secretariat's entry point)."""
    if not access.can_read_statistics(request.user):
        raise PermissionDenied
    return render(
        request,
        "reports/index.html",
        {
            "alerts": access.incident_alerts(request.user),
            "incidents": access.visible_incidents(request.user).count(),
            "statistics_years": AnnualStatistics.objects.values("fiscal_year").distinct().count(),
            "files": access.visible_files(request.user).count(),
            "published": PersonalInfoFile.objects.published().count(),
            "can_edit": access.can_edit(request.user),
        },
    )


def _fiscal_years(incidents: list[Incident]) -> list[tuple[int, str]]:
    years = sorted({wareki.fiscal_year(i.found_on) for i in incidents}, reverse=True)
    return [(fy, wareki.format_fiscal_year(fy)) for fy in years]


@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    incidents = list(
        access.visible_incidents(request.user).select_related(
            "department", "municipality", "agenda_item__meeting"
        )
    )
    years = _fiscal_years(incidents)
    selected = request.GET.get("fy", "")
    if selected.isdigit():
        incidents = [i for i in incidents if wareki.fiscal_year(i.found_on) == int(selected)]
    today = timezone.localdate()
    rows = [(i, i.deadlines(today), i.warning(today)) for i in incidents]
    if request.GET.get("warnings"):
        rows = [r for r in rows if r[2]]
    return render(
        request,
        "reports/incident_list.html",
        {
            "rows": rows,
            "years": years,
            "selected": selected,
            "warnings_only": bool(request.GET.get("warnings")),
            "can_edit": access.can_edit(request.user),
        },
    )


def _detail_context(request: HttpRequest, incident: Incident) -> dict[str, object]:
    today = timezone.localdate()
    editor = access.can_edit(request.user)
    meetings = actions.agenda_meetings(incident, today) if editor else []
    return {
        "incident": incident,
        "deadlines": incident.deadlines(today),
        "can_edit": editor,
        "dates_form": ReportDatesForm(instance=incident) if editor else None,
        "agenda_form": AgendaForm(meetings=meetings) if meetings else None,
        "pia_handlings": actions.matching_pia_handlings(incident) if incident.my_number else [],
    }


@login_required
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = access.get_incident(request.user, pk)
    return render(request, "reports/incident_detail.html", _detail_context(request, incident))


@login_required
def incident_create(request: HttpRequest) -> HttpResponse:
    access.require_editor(request.user)
    form = IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        incident, flagged = actions.create_incident(request.user, form.save(commit=False), request)
        messages.success(request, "漏えい等事案を登録しました。")
        _tell_flagged(request, incident, flagged)
        return redirect(incident)
    return render(request, "reports/incident_form.html", {"form": form, "incident": None})


@login_required
def incident_edit(request: HttpRequest, pk: int) -> HttpResponse:
    incident = access.get_incident(request.user, pk)
    access.require_editor(request.user)
    form = IncidentForm(request.POST or None, instance=incident)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data.get("version") or incident.version
        try:
            _saved, flagged = actions.update_incident(
                request.user, form.save(commit=False), version, request
            )
        except actions.StaleEdit as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "漏えい等事案を更新しました。")
            _tell_flagged(request, incident, flagged)
            return redirect(incident)
    return render(request, "reports/incident_form.html", {"form": form, "incident": incident})


def _tell_flagged(request: HttpRequest, incident: Incident, flagged: list[Handling]) -> None:
    for handling in flagged:
        messages.info(
            request,
            f"重大事故として、{handling.case}の特定個人情報保護評価"
            f"（{incident.affected_process}）に「過去1年以内の重大事故の発生：あり」を反映しました。",
        )


@login_required
@require_POST
def incident_reports(request: HttpRequest, pk: int) -> HttpResponse:
    incident = access.get_incident(request.user, pk)
    access.require_editor(request.user)
    form = ReportDatesForm(request.POST, instance=Incident.objects.get(pk=incident.pk))
    if form.is_valid():
        actions.record_reports(request.user, incident, form.cleaned_data, request)
        messages.success(request, "報告・通知の日付を記録しました。")
        return redirect(incident)
    context = _detail_context(request, incident)
    context["dates_form"] = form
    return render(request, "reports/incident_detail.html", context, status=400)


@login_required
@require_POST
def incident_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    incident = access.get_incident(request.user, pk)
    access.require_editor(request.user)
    meetings = actions.agenda_meetings(incident)
    form = AgendaForm(request.POST, meetings=meetings)
    if form.is_valid():
        try:
            item = actions.put_on_agenda(
                request.user,
                incident,
                form.cleaned_data["meeting"],
                is_public=form.cleaned_data["is_public"],
                closed_reason=form.cleaned_data["closed_reason"],
                request=request,
            )
        except actions.Refused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"{item.meeting.label}の議題（報告事項）に追加しました。")
            return redirect(incident)
    context = _detail_context(request, incident)
    context["agenda_form"] = form
    return render(request, "reports/incident_detail.html", context, status=400)


@login_required
@require_POST
def incident_pia(request: HttpRequest, pk: int) -> HttpResponse:
    """Pass the serious incident on to PIA handlings created since it was recorded."""
    incident = access.get_incident(request.user, pk)
    access.require_editor(request.user)
    flagged = actions.flag_pia(request.user, incident, request)
    if flagged:
        messages.success(request, f"{len(flagged)}件の特定個人情報保護評価に反映しました。")
    else:
        messages.info(request, "反映が必要な特定個人情報保護評価はありません。")
    return redirect(incident)
