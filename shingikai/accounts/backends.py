"""Permissions by role: the secretariat administers the council's data in the admin
without per-model grants, so a new secretariat account works on day one."""

from __future__ import annotations

from django.contrib.auth.backends import BaseBackend
from django.db.models import Model

from shingikai.accounts.models import Role

# Apps whose data the secretariat keeps; Django's own (auth, sessions…) stay with superusers.
SECRETARIAT_APPS = frozenset({"accounts", "councils", "dossiers", "meetings"})


class RoleBackend(BaseBackend):
    """Grants the secretariat every permission on the council's apps. Authentication
    itself stays with ModelBackend."""

    def has_perm(self, user_obj: object, perm: str, obj: Model | None = None) -> bool:
        return self.has_module_perms(user_obj, perm.split(".", 1)[0])

    def has_module_perms(self, user_obj: object, app_label: str) -> bool:
        return (
            getattr(user_obj, "is_active", False)
            and getattr(user_obj, "role", "") == Role.SECRETARIAT
            and app_label in SECRETARIAT_APPS
        )
