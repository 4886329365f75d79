from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from shingikai.accounts.admin_audit import AuditedAdmin
from shingikai.meetings.models import (
    AgendaItem,
    Attendance,
    Condition,
    Decision,
    Material,
    Meeting,
)


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ("order", "kind", "case", "title", "is_public", "closed_reason")
    raw_id_fields = ("case",)


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(AuditedAdmin):
    list_display = ("__str__", "date", "format", "status", "published_at")
    list_filter = ("council", "fiscal_year", "format", "status")
    inlines = [AgendaItemInline, AttendanceInline, MaterialInline]


class ConditionInline(admin.StackedInline):
    model = Condition
    extra = 0


@admin.register(Decision)
class DecisionAdmin(AuditedAdmin):
    """View only: a decision is recorded at its meeting and sealed; a correction is a new
    decision made there, never an edit here (shingikai verify would report it)."""

    list_display = ("__str__", "outcome", "decided_on", "number")
    list_filter = ("outcome",)
    inlines = [ConditionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Condition)
class ConditionAdmin(AuditedAdmin):
    list_display = ("__str__", "kind", "owner", "due_on", "status")
    list_filter = ("status", "kind", "owner")
