from __future__ import annotations

from django.urls import path

from shingikai.reports import file_views, stats_views, views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("incidents/", views.incident_list, name="incidents"),
    path("incidents/new/", views.incident_create, name="incident_create"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident"),
    path("incidents/<int:pk>/edit/", views.incident_edit, name="incident_edit"),
    path("incidents/<int:pk>/reports/", views.incident_reports, name="incident_reports"),
    path("incidents/<int:pk>/agenda/", views.incident_agenda, name="incident_agenda"),
    path("incidents/<int:pk>/pia/", views.incident_pia, name="incident_pia"),
    path("statistics/", stats_views.statistics_list, name="statistics"),
    path("statistics/new/", stats_views.statistics_edit, name="statistics_create"),
    path("statistics/<int:pk>/edit/", stats_views.statistics_edit, name="statistics_edit"),
    path("statistics/import/", stats_views.statistics_import, name="statistics_import"),
    path("statistics/template.xlsx", stats_views.statistics_template, name="statistics_template"),
    path(
        "statistics/<int:pk>/<int:fiscal_year>/",
        stats_views.statistics_report,
        name="statistics_report",
    ),
    path(
        "statistics/<int:pk>/<int:fiscal_year>/report.docx",
        stats_views.statistics_docx,
        name="statistics_docx",
    ),
    path(
        "statistics/<int:pk>/<int:fiscal_year>/report.pdf",
        stats_views.statistics_pdf,
        name="statistics_pdf",
    ),
    path("statistics/<int:pk>/statistics.csv", stats_views.statistics_csv, name="statistics_csv"),
    path("files/", file_views.file_list, name="files"),
    path("files/new/", file_views.file_edit, name="file_create"),
    path("files/register.csv", file_views.file_csv, name="files_csv"),
    path("files/settings/<int:pk>/", file_views.register_settings, name="register_settings"),
    path("files/<int:pk>/", file_views.file_detail, name="file"),
    path("files/<int:pk>/edit/", file_views.file_edit, name="file_edit"),
]
