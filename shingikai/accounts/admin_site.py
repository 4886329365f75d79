"""The data admin, open to superusers and to the secretariat."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class ShingikaiAdminSite(admin.AdminSite):
    site_header = "Shingikai データ管理"
    site_title = "Shingikai データ管理"
    index_title = "データ管理"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and (user.is_staff or getattr(user, "is_secretariat", False)))


class ShingikaiAdminConfig(AdminConfig):
    """Installs ShingikaiAdminSite as the default admin site."""

    default_site = "shingikai.accounts.admin_site.ShingikaiAdminSite"
