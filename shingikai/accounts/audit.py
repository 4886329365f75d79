"""Writing audit events: every action calls `record` inside its transaction."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from shingikai.accounts.models import AuditEvent, User


def client_ip(request: HttpRequest | None) -> str | None:
    """The address the request came from (REMOTE_ADDR; proxies are set up to pass it)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    *,
    summary: str = "",
    changes: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one audit event. `obj` names the record acted on, if any."""
    user = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent.objects.create(
        actor=user,
        actor_name=str(user) if user else "",
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        summary=summary[:300] or (str(obj)[:300] if obj is not None else ""),
        changes=changes or {},
        ip_address=client_ip(request),
    )
