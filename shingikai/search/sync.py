"""Keeping the index in step: every save and deletion of an indexed row marks its unit
(`case:1`, `meeting:2`, `minutes:3`) and, when the transaction commits, each marked unit is
rebuilt once (a case edit that touches thirty rows rebuilds the case once). A rebuild that
fails is logged and leaves the saved data alone; `shingikai reindex` repairs the index.

Writes that bypass model signals are caught by their audit events (actions move cases and
minutes with conditional UPDATEs, and every action records an `AuditEvent` naming its
object). The minutes app rewrites utterances in bulk after saving a revision, which is why
the rebuild waits for the commit.
"""

from __future__ import annotations

import threading
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from shingikai.accounts.models import AuditEvent
from shingikai.dossiers.models import (
    Attachment,
    Case,
    FlowStep,
    Handling,
    HandlingItem,
    Party,
    Safeguard,
)
from shingikai.meetings.models import AgendaItem, Condition, Decision, Meeting, MeetingQuestion
from shingikai.minutes.models import Minutes, MinutesRevision
from shingikai.review.models import FindingDecision, Question

_local = threading.local()
ORDER = {"case": 0, "meeting": 1, "minutes": 2}


def flush(units: set[str]) -> None:
    """Rebuild each unit (in its own transaction, retried once if a concurrent rebuild of
    the same unit got in first)."""
    from shingikai.search import indexing, precedent_index

    for unit in sorted(units, key=lambda u: (ORDER[u.split(":")[0]], u)):
        try:
            indexing.reindex_unit(unit)
        except IntegrityError:
            indexing.reindex_unit(unit)
    precedent_index.refresh(units)  # the precedents' profiles of the same units


def _pending() -> set[str]:
    """The units marked in this thread (Django's connections are per thread) and not
    rebuilt yet."""
    if not hasattr(_local, "pending"):
        _local.pending = set()
    return _local.pending  # type: ignore[no-any-return]


def _flush_pending() -> None:
    """The on-commit callback: the first one of a commit rebuilds every marked unit, the
    others find nothing left (units of a rolled-back block are rebuilt too: harmless)."""
    pending = _pending()
    units = set(pending)
    pending.clear()
    flush(units)


def schedule(*units: str) -> None:
    """Rebuild `units` when the current transaction commits (now, outside one)."""
    wanted = {u for u in units if u}
    if not wanted:
        return
    _pending().update(wanted)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_flush_pending, robust=True)
    else:
        _flush_pending()


# -- which unit a row belongs to ---------------------------------------------------------------


def _unit(kind: str, pk: object) -> str:
    """`kind:pk`, or "" when the row is unknown."""
    return f"{kind}:{pk}" if pk else ""


def _case(pk: object) -> str:
    return _unit("case", pk)


def _meeting_units(meeting_id: object) -> list[str]:
    if not meeting_id:
        return []
    minutes = Minutes.objects.filter(meeting_id=meeting_id).values_list("pk", flat=True)
    return [_unit("meeting", meeting_id), *(_unit("minutes", pk) for pk in minutes)]


def _item_meeting(item_id: object) -> object:
    return AgendaItem.objects.filter(pk=item_id).values_list("meeting_id", flat=True).first()


def _decision_meeting(decision_id: object) -> object:
    found = Decision.objects.filter(pk=decision_id).values_list("agenda_item__meeting_id")
    return next(iter(found.first() or ()), None)


def units_of(instance: models.Model) -> list[str]:
    """The units an indexed row belongs to."""
    if isinstance(instance, Case):
        return [_case(instance.pk)]
    if isinstance(instance, (Handling, Party, FlowStep, Safeguard, Attachment)):
        return [_case(instance.case_id)]
    if isinstance(instance, (FindingDecision, Question)):
        return [_case(instance.case_id)]
    if isinstance(instance, HandlingItem):
        found = Handling.objects.filter(pk=instance.handling_id).values_list("case_id", flat=True)
        return [_case(found.first())]
    if isinstance(instance, Meeting):
        return _meeting_units(instance.pk)
    if isinstance(instance, AgendaItem):
        return _meeting_units(instance.meeting_id)
    if isinstance(instance, MeetingQuestion):
        return [_unit("meeting", instance.meeting_id)]
    if isinstance(instance, Decision):
        return [_unit("meeting", _item_meeting(instance.agenda_item_id))]
    if isinstance(instance, Condition):
        return [_unit("meeting", _decision_meeting(instance.decision_id))]
    if isinstance(instance, Minutes):
        return [_unit("minutes", instance.pk)]
    if isinstance(instance, MinutesRevision):
        return [_unit("minutes", instance.minutes_id)]
    return []


AUDITED: dict[str, type[models.Model]] = {
    "dossiers.Case": Case,
    "meetings.Meeting": Meeting,
    "meetings.AgendaItem": AgendaItem,
    "meetings.Decision": Decision,
    "meetings.Condition": Condition,
    "meetings.MeetingQuestion": MeetingQuestion,
    "minutes.Minutes": Minutes,
    "minutes.MinutesRevision": MinutesRevision,
    "review.Question": Question,
}


def audited_units(event: AuditEvent) -> list[str]:
    """The units of the object an audit event names (found now: it may be deleted next)."""
    model = AUDITED.get(event.object_type)
    if model is None or not event.object_id.isdigit():
        return []
    if model is Case:
        return [_case(event.object_id)]
    if model is Minutes:
        return [_unit("minutes", event.object_id)]
    if model is Meeting:
        return _meeting_units(event.object_id)
    instance = model._default_manager.filter(pk=event.object_id).first()
    return units_of(instance) if instance is not None else []


# -- signals -----------------------------------------------------------------------------------


INDEXED: tuple[type[models.Model], ...] = (
    Case,
    Handling,
    HandlingItem,
    Party,
    FlowStep,
    Safeguard,
    Attachment,
    FindingDecision,
    Question,
    Meeting,
    AgendaItem,
    Decision,
    Condition,
    MeetingQuestion,
    Minutes,
    MinutesRevision,
)


def _changed(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading fixtures: `shingikai reindex` afterwards
        return
    schedule(*units_of(instance))


# Events of reading (a case page records who viewed it) change nothing the index holds.
READS = frozenset({AuditEvent.Action.VIEW, AuditEvent.Action.EXPORT})


def _audited(sender: type[AuditEvent], instance: AuditEvent, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw") and instance.action not in READS:
        schedule(*audited_units(instance))


def _questions_linked(sender: type[models.Model], instance: Any, action: str, **kw: Any) -> None:
    if action in ("post_add", "post_remove", "post_clear") and isinstance(
        instance, MeetingQuestion
    ):
        schedule(_unit("meeting", instance.meeting_id))


def connect() -> None:
    for model in INDEXED:
        post_save.connect(_changed, sender=model, dispatch_uid=f"search-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"search-del-{model.__name__}")
    post_save.connect(_audited, sender=AuditEvent, dispatch_uid="search-audit")
    m2m_changed.connect(
        _questions_linked,
        sender=MeetingQuestion.agenda_items.through,
        dispatch_uid="search-question-items",
    )
