"""Admin pages write the audit trail like every other page: each create, change and
delete made under データ管理 is an audit event with who, when, what and from where."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.text import get_text_list

from shingikai.accounts import audit
from shingikai.accounts.models import AuditEvent


def _changed_fields(message: Any) -> list[str]:
    """The field names in an admin change message (a list of {"changed": {...}} dicts)."""
    names: list[str] = []
    for part in message if isinstance(message, list) else []:
        for detail in part.values():
            names += [str(n) for n in detail.get("fields", [])]
    return names


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose adds, changes and deletes go into the audit trail."""

    def log_addition(self, request: HttpRequest, obj: models.Model, message: Any) -> Any:
        entry = super().log_addition(request, obj, message)
        audit.record(
            request.user,
            AuditEvent.Action.CREATE,
            obj,
            summary=f"データ管理で作成: {obj}",
            request=request,
        )
        return entry

    def log_change(self, request: HttpRequest, obj: models.Model, message: Any) -> Any:
        entry = super().log_change(request, obj, message)
        fields = _changed_fields(message)
        detail = f"（{get_text_list(fields, '、')}）" if fields else ""
        audit.record(
            request.user,
            AuditEvent.Action.CHANGE,
            obj,
            summary=f"データ管理で変更: {obj}{detail}",
            request=request,
        )
        return entry

    def log_deletions(self, request: HttpRequest, queryset: Iterable[models.Model]) -> Any:
        objects = list(queryset)
        entries = super().log_deletions(request, objects)
        for obj in objects:
            audit.record(
                request.user,
                AuditEvent.Action.DELETE,
                obj,
                summary=f"データ管理で削除: {obj}",
                request=request,
            )
        return entries
