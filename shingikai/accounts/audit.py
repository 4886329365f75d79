"""Writing audit events: every action calls `record` inside its transaction.

Events form a hash chain (each covers the one before it), and `seal` records the hash of a
record's content when it becomes final, so `shingikai verify` can tell whether anything was
changed behind the application's back.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from shingikai.accounts.models import AuditChainHead, AuditEvent, User

# model label → function giving the canonical content of a sealed record
SEALERS: dict[str, Callable[[Any], dict[str, Any]]] = {}


def canonical_hash(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def client_ip(request: HttpRequest | None) -> str | None:
    """The address the request came from (REMOTE_ADDR; proxies are set up to pass it)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def event_hash(event: AuditEvent) -> str:
    """The chain hash of an event: its content together with its predecessor's hash."""
    return canonical_hash(
        {
            "prev": event.prev_hash,
            "at": event.at.isoformat(),
            "actor": event.actor_id,
            "actor_name": event.actor_name,
            "action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "summary": event.summary,
            "changes": event.changes,
            "ip": event.ip_address,
            "content_hash": event.content_hash,
        }
    )


def _append(event: AuditEvent) -> AuditEvent:
    with transaction.atomic():
        head, _created = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        event.prev_hash = head.last_hash
        event.at = timezone.now()
        event.hash = event_hash(event)
        event.save()
        head.last_hash = event.hash
        head.save(update_fields=["last_hash"])
    return event


def record(
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    *,
    summary: str = "",
    changes: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    content_hash: str = "",
) -> AuditEvent:
    """Append one audit event. `obj` names the record acted on, if any."""
    user = actor if actor is not None and actor.is_authenticated else None
    return _append(
        AuditEvent(
            actor=user,
            actor_name=str(user) if user else "",
            action=action,
            object_type=obj._meta.label if obj is not None else "",
            object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
            summary=summary[:300] or (str(obj)[:300] if obj is not None else ""),
            changes=changes or {},
            ip_address=client_ip(request),
            content_hash=content_hash,
        )
    )


def register_sealer(label: str, content: Callable[[Any], dict[str, Any]]) -> None:
    """Apps say how to read the content of the records they seal (at start-up)."""
    SEALERS[label] = content


def seal(
    actor: User | None, obj: models.Model, request: HttpRequest | None = None, summary: str = ""
) -> AuditEvent:
    """Record the hash of `obj`'s content now that it is final."""
    content = SEALERS[obj._meta.label](obj)
    return record(
        actor,
        AuditEvent.Action.SEAL,
        obj,
        summary=summary or f"確定: {obj}",
        request=request,
        content_hash=canonical_hash(content),
    )
