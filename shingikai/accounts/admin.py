from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from shingikai.accounts.admin_audit import AuditedAdmin
from shingikai.accounts.models import AuditEvent, User


@admin.register(User)
class ShingikaiUserAdmin(AuditedAdmin, UserAdmin):
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
    # Only a superuser may grant admin rights; the secretariat manages everything else.
    PRIVILEGED = ("is_staff", "is_superuser", "groups", "user_permissions")

    def get_fieldsets(self, request: HttpRequest, obj: object = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**opts, "fields": tuple(f for f in opts["fields"] if f not in self.PRIVILEGED)})
            for name, opts in fieldsets
        ]

    def get_queryset(self, request: HttpRequest) -> Any:
        users = super().get_queryset(request)
        return users if request.user.is_superuser else users.filter(is_superuser=False)


@admin.register(AuditEvent)
class AuditEventAdmin(AuditedAdmin):
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


admin.site.unregister(Group)


@admin.register(Group)
class AuditedGroupAdmin(AuditedAdmin, GroupAdmin):
    pass
