from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from shingikai.accounts.admin_audit import AuditedAdmin
from shingikai.dossiers.models import Case, DataItem, Handling, Revision


class HandlingInline(admin.TabularInline):
    model = Handling
    extra = 0


@admin.register(Case)
class CaseAdmin(AuditedAdmin):
    list_display = ("__str__", "kind", "department", "status", "updated_at")
    list_filter = ("council", "kind", "status", "handlings__type")
    search_fields = ("title", "subtitle", "business")
    inlines = [HandlingInline]
    readonly_fields = ("version", "created_at", "updated_at")


@admin.register(DataItem)
class DataItemAdmin(AuditedAdmin):
    """The data-item catalogue the secretariat extends."""

    list_display = ("name", "category", "description")
    list_filter = ("category",)
    search_fields = ("name", "description")


@admin.register(Revision)
class RevisionAdmin(AuditedAdmin):
    """Submitted revisions are kept as sent: read-only here."""

    list_display = ("case", "number", "kind", "created_at", "created_by")
    readonly_fields = (
        "case",
        "number",
        "kind",
        "snapshot",
        "sha256",
        "created_at",
        "created_by",
        "note",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
