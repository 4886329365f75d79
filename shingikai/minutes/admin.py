from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from shingikai.accounts.admin_audit import AuditedAdmin
from shingikai.minutes.models import Confirmation, Minutes, MinutesRevision, Utterance


class RevisionInline(admin.TabularInline):
    """Revisions are shown, never edited: changes go through the minutes screens."""

    model = MinutesRevision
    extra = 0
    fields = ("number", "reason", "created_by", "created_at", "sha256")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ConfirmationInline(admin.TabularInline):
    model = Confirmation
    extra = 0
    fields = ("member", "revision", "confirmed_at", "comment")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Minutes)
class MinutesAdmin(AuditedAdmin):
    list_display = ("__str__", "status", "approved_on", "imported", "updated_at")
    list_filter = ("status", "imported", "meeting__council")
    readonly_fields = (
        "meeting",
        "status",
        "approved_on",
        "approved_at_meeting",
        "imported",
        "source_name",
        "source_sha256",
        "created_at",
        "updated_at",
    )
    inlines = [RevisionInline, ConfirmationInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Utterance)
class UtteranceAdmin(AuditedAdmin):
    list_display = ("minutes", "order", "speaker", "role", "is_direction", "agenda_item")
    list_filter = ("role", "is_direction")
    search_fields = ("speaker", "text")
    readonly_fields = (
        "minutes",
        "agenda_item",
        "order",
        "speaker",
        "role",
        "name",
        "text",
        "is_direction",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
