from __future__ import annotations

from django.contrib import admin

from shingikai.dossiers.models import Case, Handling


class HandlingInline(admin.TabularInline):
    model = Handling
    extra = 0


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "department", "status", "updated_at")
    list_filter = ("council", "kind", "status", "handlings__type")
    search_fields = ("title", "subtitle", "business")
    inlines = [HandlingInline]
    readonly_fields = ("version", "created_at", "updated_at")
