"""Checking that nothing was changed behind the application's back: the audit chain is
unbroken, and every sealed record still has the content it was sealed with."""

from __future__ import annotations

from collections.abc import Iterator

from django.apps import apps

from shingikai.accounts.audit import SEALERS, canonical_hash, event_hash
from shingikai.accounts.models import AuditChainHead, AuditEvent


def chain_problems() -> Iterator[str]:
    """Every event whose hash or link to its predecessor does not hold."""
    previous = ""
    for event in AuditEvent.objects.order_by("id").iterator():
        if event.prev_hash != previous:
            yield f"監査記録 #{event.pk}: 直前の記録とのつながりが切れています（削除または挿入）。"
        if event.hash != event_hash(event):
            yield f"監査記録 #{event.pk}: 内容が記録後に変更されています。"
        previous = event.hash
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != previous:
        yield "監査記録: 末尾の記録が削除されています。"


def seal_problems() -> Iterator[str]:
    """Every sealed record whose current content differs from its latest seal."""
    latest: dict[tuple[str, str], str] = {}
    for label, object_id, content_hash in (
        AuditEvent.objects.filter(action=AuditEvent.Action.SEAL)
        .order_by("id")
        .values_list("object_type", "object_id", "content_hash")
    ):
        latest[(label, object_id)] = content_hash
    for (label, object_id), expected in sorted(latest.items()):
        model = apps.get_model(label)
        obj = model.objects.filter(pk=object_id).first()
        name = f"{model._meta.verbose_name} #{object_id}"
        if obj is None:
            yield f"{name}: 確定後に削除されています。"
        elif canonical_hash(SEALERS[label](obj)) != expected:
            yield f"{name}: 確定後に内容が変更されています。"


def problems() -> list[str]:
    return [*chain_problems(), *seal_problems()]
