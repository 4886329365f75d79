from __future__ import annotations

from django.contrib import admin

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
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("__str__", "date", "format", "status", "published_at")
    list_filter = ("council", "fiscal_year", "format", "status")
    inlines = [AgendaItemInline, AttendanceInline, MaterialInline]


class ConditionInline(admin.StackedInline):
    model = Condition
    extra = 0


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "outcome", "decided_on", "number")
    list_filter = ("outcome",)
    inlines = [ConditionInline]


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "owner", "due_on", "status")
    list_filter = ("status", "kind", "owner")
