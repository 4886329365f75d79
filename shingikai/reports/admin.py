from __future__ import annotations

from django.contrib import admin

from shingikai.accounts.admin_audit import AuditedAdmin
from shingikai.reports.models import (
    AnnualStatistics,
    Incident,
    PersonalInfoFile,
    RegisterSettings,
)


@admin.register(Incident)
class IncidentAdmin(AuditedAdmin):
    list_display = (
        "title",
        "department",
        "found_on",
        "persons",
        "prompt_reported_on",
        "final_reported_on",
    )
    list_filter = ("municipality", "kind", "my_number", "sensitive")
    search_fields = ("title", "summary")
    raw_id_fields = ("agenda_item",)
    readonly_fields = ("created_by", "created_at", "updated_at", "version")


@admin.register(AnnualStatistics)
class AnnualStatisticsAdmin(AuditedAdmin):
    list_display = ("municipality", "fiscal_year", "category", "requests", "appeals")
    list_filter = ("municipality", "category")
    readonly_fields = ("updated_at", "updated_by")


@admin.register(RegisterSettings)
class RegisterSettingsAdmin(AuditedAdmin):
    list_display = ("municipality", "publish_all")


@admin.register(PersonalInfoFile)
class PersonalInfoFileAdmin(AuditedAdmin):
    list_display = ("name", "department", "file_type", "persons", "abolished_on")
    list_filter = ("municipality", "file_type", "sensitive")
    search_fields = ("name", "purpose", "recorded_items")
    filter_horizontal = ("cases",)
    readonly_fields = ("updated_at", "version")
