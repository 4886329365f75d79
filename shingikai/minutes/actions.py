"""State changes of minutes, each in one transaction with an audit event, and the queries of
who has confirmed them.

Errors are `MinutesError` subclasses whose message is Japanese and shown as is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from shingikai.accounts import audit
from shingikai.accounts.models import AuditEvent, User
from shingikai.councils.models import Member
from shingikai.lib import frozen
from shingikai.meetings.models import AgendaItem, Attendance, Meeting
from shingikai.minutes import compose, records
from shingikai.minutes.models import Confirmation, Minutes, MinutesRevision, Utterance
from shingikai.minutes.text import MinutesTextError, ParsedSection, TextProblem, parse

ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LATE)
REGENERATED = "会議の記録から再作成"


class MinutesError(Exception):
    """A refused step; the message says why, in Japanese."""


class InvalidTransition(MinutesError):
    pass


class ReasonRequired(MinutesError):
    pass


class StaleEdit(MinutesError):
    pass


class NotAttendee(MinutesError):
    pass


class InvalidApproval(MinutesError):
    pass


class InvalidText(MinutesError):
    """The text does not follow the format; `problems` lists the bad lines."""

    def __init__(self, problems: Sequence[TextProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = list(problems)


# -- queries ---------------------------------------------------------------------------------


def attendees(minutes: Minutes) -> QuerySet[Member]:
    """Members present at the meeting (late ones included): those asked to confirm."""
    return Member.objects.filter(
        attendances__meeting=minutes.meeting_id, attendances__status__in=ATTENDED
    ).order_by("order", "name_kana", "name")


def confirmed(minutes: Minutes) -> QuerySet[Confirmation]:
    """Confirmations given, with the member and the revision each confirmed."""
    return minutes.confirmations.select_related("member", "revision").order_by(
        "member__order", "member__name"
    )


def unconfirmed(minutes: Minutes) -> QuerySet[Member]:
    """Attendees who have not confirmed the current revision."""
    current = minutes.current_revision()
    done = minutes.confirmations.filter(revision=current).values("member")
    return attendees(minutes).exclude(pk__in=done)


def member_for(user: User, meeting: Meeting) -> Member | None:
    """The user's membership in the meeting's term, if any."""
    if not user.is_authenticated or meeting.term_id is None:
        return None
    return Member.objects.filter(term=meeting.term_id, user=user).first()


# -- writing the text ------------------------------------------------------------------------


def _parse(minutes: Minutes, text: str) -> list[ParsedSection]:
    meeting = minutes.meeting
    orders = list(meeting.agenda_items.values_list("order", flat=True))
    try:
        return parse(text, items=orders, secretariat=records.secretariat_labels(meeting))
    except MinutesTextError as exc:
        raise InvalidText(exc.problems) from None


def _rewrite_utterances(minutes: Minutes, sections: list[ParsedSection]) -> None:
    items = {i.order: i for i in AgendaItem.objects.filter(meeting=minutes.meeting_id)}
    minutes.utterances.all().delete()
    rows = []
    for section in sections:
        item = items.get(section.item) if section.item is not None else None
        for u in section.utterances:
            rows.append(
                Utterance(
                    minutes=minutes,
                    agenda_item=item,
                    order=len(rows) + 1,
                    speaker=u.speaker,
                    role=u.role,
                    name=u.name,
                    text=u.text,
                    is_direction=u.is_direction,
                )
            )
    Utterance.objects.bulk_create(rows)


def _store(
    minutes: Minutes, text: str, sections: list[ParsedSection], user: User | None, reason: str
) -> MinutesRevision:
    current = minutes.current_revision()
    revision = MinutesRevision(
        minutes=minutes,
        number=(current.number + 1) if current else 1,
        text=text,
        reason=reason,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    try:
        with transaction.atomic():
            revision.save()
    except IntegrityError:
        raise StaleEdit("他の人が先に会議録を保存しました。最新の版を確認してください。") from None
    _rewrite_utterances(minutes, sections)
    audit.seal(user, revision)
    return revision


def _transition(minutes: Minutes, allowed: Sequence[str], target: str, **extra: Any) -> None:
    """Move to `target` only if the stored status is still one of `allowed`."""
    updated = Minutes.objects.filter(pk=minutes.pk, status__in=allowed).update(
        status=target, updated_at=timezone.now(), **extra
    )
    if updated != 1:
        raise InvalidTransition("会議録の状態が変わったため、この操作はできません。")
    minutes.refresh_from_db()


@transaction.atomic
def generate_draft(
    meeting: Meeting, user: User | None = None, request: HttpRequest | None = None
) -> Minutes:
    """Compose the draft from the meeting's record: revision 1 of new minutes, or a new
    revision of unapproved ones (which go back to draft). Approved or imported minutes are
    never overwritten."""
    draft = compose.compose(records.meeting_record(meeting))
    minutes, created = Minutes.objects.select_for_update().get_or_create(meeting=meeting)
    if minutes.is_approved:
        raise InvalidTransition(
            "承認済みの会議録は作り直せません。修正は本文の編集で行ってください。"
        )
    if minutes.imported:
        raise InvalidTransition("取り込んだ会議録は会議の記録から作り直せません。")
    sections = _parse(minutes, draft.text)
    revision = _store(minutes, draft.text, sections, user, "" if created else REGENERATED)
    if not created and minutes.status != Minutes.Status.DRAFT:
        _transition(minutes, [minutes.status], Minutes.Status.DRAFT)
    audit.record(
        user,
        AuditEvent.Action.CREATE if created else AuditEvent.Action.CHANGE,
        minutes,
        summary=f"{minutes} 案を作成（第{revision.number}版）",
        request=request,
    )
    return minutes


@transaction.atomic
def save_text(
    minutes: Minutes,
    text: str,
    user: User | None,
    reason: str = "",
    *,
    base_revision: int | None = None,
    request: HttpRequest | None = None,
) -> MinutesRevision:
    """Store an edited text as a new revision and rewrite the utterances.

    Refused, with nothing stored, when the text is malformed (InvalidText), when approved
    minutes are changed without a reason (ReasonRequired), when the text is unchanged, or
    when someone saved after `base_revision` was loaded (StaleEdit). Editing circulated
    minutes returns them to draft; approved minutes stay approved with the new revision.
    """
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    reason = reason.strip()
    if minutes.is_approved and not reason:
        raise ReasonRequired("承認済みの会議録を修正するときは、修正の理由を入力してください。")
    current = minutes.current_revision()
    if base_revision is not None and current is not None and current.number != base_revision:
        raise StaleEdit(
            f"編集中に他の人が第{current.number}版を保存しました。"
            "入力した内容は残してありますので、最新の版と見比べてから保存してください。"
        )
    sections = _parse(minutes, text)
    if current is not None and current.sha256 == MinutesRevision.digest(text):
        raise MinutesError("本文が変更されていません。")
    revision = _store(minutes, text, sections, user, reason)
    if minutes.status == Minutes.Status.CIRCULATED:
        _transition(minutes, [Minutes.Status.CIRCULATED], Minutes.Status.DRAFT)
    else:
        Minutes.objects.filter(pk=minutes.pk).update(updated_at=timezone.now())
    audit.record(
        user,
        AuditEvent.Action.CHANGE,
        minutes,
        summary=f"{minutes} 第{revision.number}版" + (f"（{reason}）" if reason else ""),
        changes={"revision": [current.number if current else None, revision.number]},
        request=request,
    )
    return revision


# -- workflow --------------------------------------------------------------------------------


@transaction.atomic
def circulate(
    minutes: Minutes, user: User | None = None, request: HttpRequest | None = None
) -> Minutes:
    """Draft → circulated: the members who attended may now confirm."""
    if minutes.current_revision() is None:
        raise InvalidTransition("本文のない会議録は確認依頼できません。")
    _transition(minutes, [Minutes.Status.DRAFT], Minutes.Status.CIRCULATED)
    audit.record(
        user, AuditEvent.Action.SUBMIT, minutes, summary=f"{minutes} 確認依頼", request=request
    )
    return minutes


@transaction.atomic
def confirm(
    minutes: Minutes,
    member: Member,
    comment: str = "",
    user: User | None = None,
    request: HttpRequest | None = None,
) -> Confirmation:
    """A member who attended confirms the circulated minutes (again, after a new revision)."""
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.status != Minutes.Status.CIRCULATED:
        raise InvalidTransition("確認依頼中の会議録ではありません。")
    if not attendees(minutes).filter(pk=member.pk).exists():
        raise NotAttendee("この会議に出席した委員だけが会議録を確認できます。")
    confirmation, _created = Confirmation.objects.update_or_create(
        minutes=minutes,
        member=member,
        defaults={
            "revision": minutes.current_revision(),
            "comment": comment.strip(),
            "confirmed_at": timezone.now(),
        },
    )
    audit.record(
        user,
        AuditEvent.Action.CHANGE,
        minutes,
        summary=f"{minutes} {member.name}委員が確認",
        changes={"comment": comment.strip()} if comment.strip() else None,
        request=request,
    )
    return confirmation


def approval_candidates(minutes: Minutes) -> QuerySet[Meeting]:
    """Meetings that may approve the minutes: later meetings of the same council."""
    meeting = minutes.meeting
    return Meeting.objects.filter(council=meeting.council_id, date__gt=meeting.date).order_by(
        "date", "ordinal"
    )


@transaction.atomic
def approve(
    minutes: Minutes,
    at_meeting: Meeting,
    user: User | None = None,
    request: HttpRequest | None = None,
) -> Minutes:
    """Circulated or draft → approved at a later meeting of the same council, on its date."""
    meeting = minutes.meeting
    if at_meeting.council_id != meeting.council_id:
        raise InvalidApproval("承認する会議は、同じ審議会の会議にしてください。")
    if at_meeting.date <= meeting.date:
        raise InvalidApproval("承認する会議は、この会議より後に開かれた会議にしてください。")
    if minutes.current_revision() is None:
        raise InvalidTransition("本文のない会議録は承認できません。")
    _transition(
        minutes,
        [Minutes.Status.DRAFT, Minutes.Status.CIRCULATED],
        Minutes.Status.APPROVED,
        approved_on=at_meeting.date,
        approved_at_meeting=at_meeting,
        record=frozen.to_json(records.meeting_record(meeting)),
    )
    audit.record(
        user,
        AuditEvent.Action.DECIDE,
        minutes,
        summary=f"{minutes} を{at_meeting.label}で承認",
        request=request,
    )
    audit.seal(user, minutes, request)
    return minutes
