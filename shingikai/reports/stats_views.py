"""Statistics screens: the list of entered years, entering one year and category (the form
checks the arithmetic), the Excel template and import, the report comparing years (page,
Word, PDF) and the CSV export."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from shingikai.accounts import audit
from shingikai.accounts.models import AuditEvent
from shingikai.councils.models import Municipality
from shingikai.documents import statsdoc
from shingikai.lib import limits, wareki
from shingikai.reports import access, actions, stats, statsheet, statsreport
from shingikai.reports.forms import ReportFilterForm, StatisticsForm, StatisticsImportForm
from shingikai.reports.models import AnnualStatistics

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT_YEARS = 3


@login_required
def statistics_list(request: HttpRequest) -> HttpResponse:
    access.require_statistics_reader(request.user)
    rows = AnnualStatistics.objects.select_related("municipality").order_by(
        "municipality__name", "-fiscal_year", "-category"
    )
    latest = rows.first()
    initial = {"years": DEFAULT_YEARS}
    if latest:
        initial |= {"municipality": latest.municipality, "fiscal_year": latest.fiscal_year}
    form = ReportFilterForm(request.GET or None, initial=initial)
    if request.GET and form.is_valid():
        data = form.cleaned_data
        url = reverse(
            "reports:statistics_report", args=[data["municipality"].pk, data["fiscal_year"]]
        )
        return redirect(f"{url}?years={data['years']}")
    return render(
        request,
        "reports/statistics_list.html",
        {"rows": rows, "form": form, "can_edit": access.can_edit(request.user)},
    )


@login_required
def statistics_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    access.require_editor(request.user)
    row = get_object_or_404(AnnualStatistics, pk=pk) if pk else None
    initial = {"fiscal_year": wareki.fiscal_year(timezone.localdate()) - 1}
    form = StatisticsForm(request.POST or None, instance=row, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = actions.save_statistics(request.user, form.save(commit=False), request)
        messages.success(request, f"{saved}の数値を保存しました。")
        return redirect("reports:statistics")
    return render(request, "reports/statistics_form.html", {"form": form, "row": row})


@login_required
def statistics_template(request: HttpRequest) -> HttpResponse:
    access.require_statistics_reader(request.user)
    response = HttpResponse(statsheet.template(), content_type=XLSX)
    name = "実施状況_取込用ひな形.xlsx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"statistics-template.xlsx\"; filename*=UTF-8''{quote(name)}"
    )
    return response


@login_required
def statistics_import(request: HttpRequest) -> HttpResponse:
    """Check the whole sheet; import nothing unless every row is right."""
    access.require_editor(request.user)
    form = StatisticsImportForm(request.POST or None, request.FILES or None)
    problems: list[statsheet.Problem] = []
    if request.method == "POST" and form.is_valid():
        try:  # a sheet that takes too long or too much memory to read gets one problem
            rows, problems = limits.run(statsheet.read, form.cleaned_data["file"].read())
        except limits.LimitExceeded as exc:
            rows, problems = [], [statsheet.Problem("", str(exc))]
        if not problems:
            municipality = form.cleaned_data["municipality"]
            created, updated = actions.import_statistics(request.user, municipality, rows, request)
            messages.success(
                request,
                f"{municipality}の実施状況を取り込みました（新規{created}件・更新{updated}件）。",
            )
            return redirect("reports:statistics")
    status = 400 if problems else 200
    return render(
        request,
        "reports/statistics_import.html",
        {"form": form, "problems": problems},
        status=status,
    )


def comparisons(municipality: Municipality, fiscal_year: int, count: int) -> list[stats.Comparison]:
    """The comparison of each category over the `count` years up to `fiscal_year`."""
    years = stats.years_up_to(fiscal_year, count)
    rows = AnnualStatistics.objects.filter(municipality=municipality, fiscal_year__in=years)
    by_category: dict[str, dict[int, stats.Figures]] = {code: {} for code, _ in stats.CATEGORIES}
    for row in rows:
        by_category[row.category][row.fiscal_year] = row.figures
    return [stats.compare(code, by_category[code], years) for code, _ in stats.CATEGORIES]


def _years(request: HttpRequest) -> int:
    value = request.GET.get("years", "")
    return min(max(int(value), 2), 5) if value.isdigit() else DEFAULT_YEARS


def _report(request: HttpRequest, pk: int, fiscal_year: int) -> statsdoc.StatsReport:
    access.require_statistics_reader(request.user)
    municipality = get_object_or_404(Municipality, pk=pk)
    found = comparisons(municipality, fiscal_year, _years(request))
    return statsreport.report(municipality.name, fiscal_year, found, timezone.localdate())


@login_required
def statistics_report(request: HttpRequest, pk: int, fiscal_year: int) -> HttpResponse:
    access.require_statistics_reader(request.user)
    municipality = get_object_or_404(Municipality, pk=pk)
    count = _years(request)
    found = comparisons(municipality, fiscal_year, count)
    sections = [
        {
            "comparison": c,
            "columns": statsreport.columns(c),
            "requests": statsreport.table_rows(c.requests),
            "appeals": statsreport.table_rows(c.appeals),
            "chart": mark_safe(statsreport.chart_svg(c)),  # noqa: S308 - built escaped
            "chart_alt": statsreport.chart_alt(c),
            "has_figures": statsreport.has_figures(c),
        }
        for c in found
    ]
    return render(
        request,
        "reports/statistics_report.html",
        {
            "municipality": municipality,
            "fiscal_year": fiscal_year,
            "years": count,
            "sections": sections,
            "notes": statsreport.notes(stats.years_up_to(fiscal_year, count)),
            "missing": not any(v is not None for c in found for v in c.row("requests").values),
        },
    )


def _download(
    request: HttpRequest, body: bytes, content_type: str, name: str, ascii_name: str
) -> HttpResponse:
    audit.record(request.user, AuditEvent.Action.EXPORT, None, summary=name, request=request)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    )
    return response


@login_required
def statistics_docx(request: HttpRequest, pk: int, fiscal_year: int) -> HttpResponse:
    report = _report(request, pk, fiscal_year)
    name = f"{report.municipality}_{report.fiscal_year_label}_実施状況.docx"
    return _download(
        request, statsdoc.stats_docx(report), DOCX, name, f"statistics-{fiscal_year}.docx"
    )


@login_required
def statistics_pdf(request: HttpRequest, pk: int, fiscal_year: int) -> HttpResponse:
    report = _report(request, pk, fiscal_year)
    name = f"{report.municipality}_{report.fiscal_year_label}_実施状況.pdf"
    return _download(
        request,
        statsdoc.stats_pdf(report),
        "application/pdf",
        name,
        f"statistics-{fiscal_year}.pdf",
    )


@login_required
def statistics_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """Every year and category of the municipality, one row each."""
    access.require_statistics_reader(request.user)
    municipality = get_object_or_404(Municipality, pk=pk)
    rows = AnnualStatistics.objects.filter(municipality=municipality).order_by(
        "fiscal_year", "-category"
    )
    body = stats.csv_bytes(
        [
            stats.CsvRow(
                municipality.code, municipality.name, r.fiscal_year, r.category, r.figures, r.note
            )
            for r in rows
        ]
    )
    name = f"{municipality.name}_実施状況.csv"
    return _download(request, body, "text/csv; charset=utf-8", name, "statistics.csv")
