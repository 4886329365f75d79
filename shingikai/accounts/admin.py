from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from shingikai.accounts.models import AuditEvent, User


@admin.register(User)
class ShingikaiUserAdmin(UserAdmin):
    list_display = ("username", "display_name", "role", "is_active", "last_login")
    list_filter = ("role", "is_active", "is_superuser")
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("審議会での役割"), {"fields": ("role", "display_name")}),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        (_("審議会での役割"), {"fields": ("role", "display_name")}),
    )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is appended to by actions, never edited by hand."""

    list_display = ("at", "actor_name", "action", "object_type", "object_id", "summary")
    list_filter = ("action", "object_type")
    search_fields = ("actor_name", "summary", "object_id")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
