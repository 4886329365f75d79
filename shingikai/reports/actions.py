"""State changes of incidents, statistics and the file register, each in one transaction
with an audit event.

A serious incident with My Number data (`Incident.is_serious`) found within the past year
sets 「過去1年以内の重大事故の発生」 on the PIA handlings of the same process (事務) in the
municipality's open cases, bumping each case's version (so a stale edit of the case is
refused rather than silently undoing it) and writing the change to the case's audit trail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Any

from django.db import transaction
from django.db.models import F, Model
from django.http import HttpRequest
from django.utils import timezone

from shingikai.accounts import audit
from shingikai.accounts.models import AuditEvent, User
from shingikai.councils.models import Municipality
from shingikai.dossiers.models import OPEN_STATUSES, Case, Handling
from shingikai.lib import textnorm
from shingikai.meetings import actions as meeting_actions
from shingikai.meetings.models import AgendaItem, Meeting, MeetingStatus
from shingikai.reports.models import (
    AnnualStatistics,
    Incident,
    PersonalInfoFile,
    RegisterSettings,
)
from shingikai.reports.statsheet import SheetRow

PIA_TYPE = "pia_third_party_inspection"
SERIOUS_WINDOW = dt.timedelta(days=365)


class Refused(Exception):
    """The step cannot be taken; the message says why, in Japanese."""


class StaleEdit(Refused):
    """Someone saved the record since the form was opened."""

    def __init__(self) -> None:
        super().__init__(
            "ほかの人が先に更新しました。入力した内容は残っています。"
            "最新の内容を確認してから保存し直してください。"
        )


def _changes(stored: Model, edited: Model, names: Iterable[str]) -> dict[str, list[str]]:
    return {
        name: [str(getattr(stored, name)), str(getattr(edited, name))]
        for name in names
        if getattr(stored, name) != getattr(edited, name)
    }


def _bump(model: type[Any], obj: Any, expected_version: int) -> Any:
    """Claim the next version of `obj` or refuse; return the row as stored before."""
    stored = model.objects.get(pk=obj.pk)
    if (
        model.objects.filter(pk=obj.pk, version=expected_version).update(version=F("version") + 1)
        != 1
    ):
        raise StaleEdit
    obj.version = expected_version + 1
    return stored


# -- incidents ------------------------------------------------------------------------------

INCIDENT_FIELDS = [
    f.name
    for f in Incident._meta.get_fields()
    if f.concrete and f.name not in ("id", "created_at", "updated_at", "created_by", "version")
]


@transaction.atomic
def create_incident(
    user: User, incident: Incident, request: HttpRequest | None
) -> tuple[Incident, list[Handling]]:
    """Save a new incident; return it with the PIA handlings it marked (see `flag_pia`)."""
    incident.created_by = user
    incident.save()
    audit.record(user, AuditEvent.Action.CREATE, incident, request=request)
    return incident, flag_pia(user, incident, request)


@transaction.atomic
def update_incident(
    user: User, incident: Incident, expected_version: int, request: HttpRequest | None
) -> tuple[Incident, list[Handling]]:
    """Save an edit unless someone saved in between (then StaleEdit, nothing written);
    return it with the PIA handlings it marked."""
    stored = _bump(Incident, incident, expected_version)
    incident.save()
    audit.record(
        user,
        AuditEvent.Action.CHANGE,
        incident,
        changes=_changes(stored, incident, INCIDENT_FIELDS),
        request=request,
    )
    return incident, flag_pia(user, incident, request)


@transaction.atomic
def record_reports(
    user: User,
    incident: Incident,
    dates: dict[str, dt.date | None],
    request: HttpRequest | None,
) -> Incident:
    """Store the dates the prompt and final reports were made and the persons notified;
    a recorded report clears its deadline's warning."""
    allowed = ("prompt_reported_on", "final_reported_on", "notified_on")
    stored = Incident.objects.get(pk=incident.pk)
    for name in allowed:
        if name in dates:
            setattr(incident, name, dates[name])
    Incident.objects.filter(pk=incident.pk).update(
        version=F("version") + 1,
        updated_at=timezone.now(),
        **{n: dates[n] for n in allowed if n in dates},
    )
    incident.version += 1
    audit.record(
        user,
        AuditEvent.Action.CHANGE,
        incident,
        summary=f"報告・通知の日付を記録: {incident}",
        changes=_changes(stored, incident, allowed),
        request=request,
    )
    return incident


def agenda_meetings(incident: Incident, today: dt.date | None = None) -> list[Meeting]:
    """Scheduled meetings of the municipality's councils on or after today (and the date
    found), where the incident may be reported."""
    start = max(today or timezone.localdate(), incident.found_on)
    return list(
        Meeting.objects.filter(
            council__municipality=incident.municipality_id,
            status=MeetingStatus.SCHEDULED,
            date__gte=start,
        )
        .select_related("council")
        .order_by("date")
    )


@transaction.atomic
def put_on_agenda(
    user: User,
    incident: Incident,
    meeting: Meeting,
    *,
    is_public: bool,
    closed_reason: str,
    request: HttpRequest | None,
) -> AgendaItem:
    """Add a report item 「漏えい等事案について（…）」 to a later meeting and link it."""
    if incident.agenda_item_id:
        raise Refused("この事案はすでに会議の議題になっています。")
    if meeting not in agenda_meetings(incident):
        raise Refused("この自治体の審議会の、今後開催予定の会議を選んでください。")
    try:
        item = meeting_actions.add_agenda_item(
            user,
            meeting,
            incident.agenda_title,
            AgendaItem.Kind.REPORT,
            is_public=is_public,
            closed_reason=closed_reason,
            request=request,
        )
    except meeting_actions.Refused as exc:
        raise Refused(str(exc)) from exc
    Incident.objects.filter(pk=incident.pk).update(agenda_item=item, version=F("version") + 1)
    incident.agenda_item, incident.version = item, incident.version + 1
    audit.record(
        user,
        AuditEvent.Action.CHANGE,
        incident,
        summary=f"{meeting.label}の報告事項に追加: {item.title}",
        request=request,
    )
    return item


def matching_pia_handlings(incident: Incident) -> list[Handling]:
    """PIA handlings of open cases in the municipality whose process is the incident's."""
    if not incident.affected_process.strip():
        return []
    handlings = Handling.objects.filter(
        type=PIA_TYPE,
        case__council__municipality=incident.municipality_id,
        case__status__in=OPEN_STATUSES,
    ).select_related("case")
    return [
        h
        for h in handlings
        if textnorm.same(str(h.fields.get("affair") or ""), incident.affected_process)
    ]


@transaction.atomic
def flag_pia(user: User | None, incident: Incident, request: HttpRequest | None) -> list[Handling]:
    """Mark the serious incident on the matching PIA handlings not yet marked; return them."""
    today = timezone.localdate()
    if not incident.is_serious or incident.found_on < today - SERIOUS_WINDOW:
        return []
    flagged = [
        h for h in matching_pia_handlings(incident) if h.fields.get("serious_incident") is not True
    ]
    for handling in flagged:
        _flag_handling(user, incident, handling, request)
    return flagged


def _flag_handling(
    user: User | None, incident: Incident, handling: Handling, request: HttpRequest | None
) -> None:
    before = handling.fields.get("serious_incident")
    handling.fields = {**handling.fields, "serious_incident": True}
    handling.save(update_fields=["fields"])
    Case.objects.filter(pk=handling.case_id).update(version=F("version") + 1)
    audit.record(
        user,
        AuditEvent.Action.CHANGE,
        handling.case,
        summary=(
            f"漏えい等事案「{incident}」（{incident.found_on:%Y-%m-%d}発覚）により、"
            f"第{handling.order}の取扱いの「過去1年以内の重大事故の発生」を「あり」に更新"
        ),
        changes={
            f"handlings[{handling.order}].serious_incident": [str(before), "True"],
            "incident": [None, str(incident.pk)],
        },
        request=request,
    )


# -- statistics -----------------------------------------------------------------------------


@transaction.atomic
def save_statistics(
    user: User, row: AnnualStatistics, request: HttpRequest | None
) -> AnnualStatistics:
    created = row.pk is None
    stored = None if created else AnnualStatistics.objects.get(pk=row.pk)
    row.updated_by = user
    row.save()
    audit.record(
        user,
        AuditEvent.Action.CREATE if created else AuditEvent.Action.CHANGE,
        row,
        changes=_changes(stored, row, _STAT_FIELDS) if stored else {},
        request=request,
    )
    return row


_STAT_FIELDS = [
    f.name
    for f in AnnualStatistics._meta.get_fields()
    if f.concrete and f.name not in ("id", "updated_at", "updated_by", "municipality")
]


@transaction.atomic
def import_statistics(
    user: User, municipality: Municipality, rows: Sequence[SheetRow], request: HttpRequest | None
) -> tuple[int, int]:
    """Store checked sheet rows, replacing the figures of the same year and category;
    return how many were created and updated."""
    created = updated = 0
    for row in rows:
        values = {**asdict(row.figures), "note": row.note, "updated_by": user}
        _obj, was_created = AnnualStatistics.objects.update_or_create(
            municipality=municipality,
            fiscal_year=row.fiscal_year,
            category=row.category,
            defaults=values,
        )
        created += was_created
        updated += not was_created
    audit.record(
        user,
        AuditEvent.Action.IMPORT,
        None,
        summary=f"{municipality}の実施状況をExcelから取込（新規{created}件・更新{updated}件）",
        request=request,
    )
    return created, updated


# -- file register --------------------------------------------------------------------------

FILE_FIELDS = [
    f.name
    for f in PersonalInfoFile._meta.get_fields()
    if f.concrete and f.name not in ("id", "updated_at", "version")
]


@transaction.atomic
def save_file(
    user: User,
    file: PersonalInfoFile,
    cases: Sequence[Case],
    expected_version: int | None,
    request: HttpRequest | None,
) -> PersonalInfoFile:
    """Create a file, or save an edit unless someone saved in between."""
    if file.pk is None:
        file.save()
        file.cases.set(cases)
        audit.record(user, AuditEvent.Action.CREATE, file, request=request)
        return file
    stored = _bump(PersonalInfoFile, file, expected_version or 0)
    before = sorted(stored.cases.values_list("pk", flat=True))
    file.save()
    file.cases.set(cases)
    changes = _changes(stored, file, FILE_FIELDS)
    after = sorted(c.pk for c in cases)
    if before != after:
        changes["cases"] = [str(before), str(after)]
    audit.record(user, AuditEvent.Action.CHANGE, file, changes=changes, request=request)
    return file


@transaction.atomic
def save_register_settings(
    user: User, settings_row: RegisterSettings, request: HttpRequest | None
) -> RegisterSettings:
    created = settings_row.pk is None
    settings_row.save()
    audit.record(
        user,
        AuditEvent.Action.CREATE if created else AuditEvent.Action.CHANGE,
        settings_row,
        summary=f"{settings_row}（すべて公表: {'する' if settings_row.publish_all else 'しない'}）",
        request=request,
    )
    return settings_row
