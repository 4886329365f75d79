"""Writing a `MinutesRecord` into the database as an imported meeting.

One file is one transaction. What it creates (docs/ingest.md has the full rules):

- the `Municipality` and `Council` by name when missing (「不明」 when no municipality is
  named); the `Term` in office on the date, if one exists, is linked but never created;
- a `Meeting` (held; published only with `publish`), its `AgendaItem`s, a `Decision` per item
  whose outcome the file records, `MeetingQuestion`s for the written Q&A, and `Attendance`
  for attendees who match a member of the term;
- approved `Minutes` (imported, with the source name and SHA-256) whose text is rendered in
  the minutes edit format (`minutes.text`) and saved through `minutes.actions.save_text`, so
  the utterances are exactly what a later edit of that text would give. Attendees who are
  not stored as attendance, and the staff present, head the text as stage directions.

The same bytes twice change nothing (`IngestedFile.sha256` is unique, and the second of two
concurrent ingestions fails to insert it). A different file for the same meeting (same
council and fiscal year and ordinal, else same date) replaces the earlier import in place:
the meeting keeps its id, its content is rewritten and the minutes get a new revision. A
meeting entered by hand is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from shingikai.accounts import audit
from shingikai.accounts.models import AuditEvent, User
from shingikai.councils.choices import Outcome
from shingikai.councils.models import Council, Member, Municipality
from shingikai.ingest.models import IngestedFile
from shingikai.ingest.records import AgendaRecord, MinutesRecord, UtteranceRecord
from shingikai.lib import textnorm, wareki
from shingikai.meetings.models import (
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    MeetingFormat,
    MeetingQuestion,
    MeetingStatus,
)
from shingikai.minutes import actions as minutes_actions
from shingikai.minutes import text as minutes_text
from shingikai.minutes.models import Minutes, MinutesRevision, Utterance

if TYPE_CHECKING:
    from shingikai.ingest.pipeline import FileResult

UNKNOWN_MUNICIPALITY = "不明"
UNKNOWN_COUNCIL = "審議会（名称不明）"
CREATED, REPLACED, UNCHANGED, FAILED = "created", "replaced", "unchanged", "failed"
LABELS = {
    CREATED: "取り込みました",
    REPLACED: "以前の取込を差し替えました",
    UNCHANGED: "取込済みのため変更はありません",
    FAILED: "取り込めませんでした",
}
SPACES = re.compile(r"[ \u3000\t]+")
ITEM_RANGE = re.compile(r"(\d+)\s*[～〜~\-－ー]\s*(\d+)|(\d+)")


class StoreError(Exception):
    """The record cannot be stored; the message is one Japanese line."""


@dataclass(frozen=True)
class Stored:
    """What storing one file did."""

    name: str
    outcome: str
    meeting: Meeting | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome != FAILED

    @property
    def label(self) -> str:
        return self.error if self.outcome == FAILED else LABELS[self.outcome]


# -- entry points ----------------------------------------------------------------------------


def apply(
    result: FileResult,
    *,
    user: User | None = None,
    publish: bool = False,
    request: HttpRequest | None = None,
) -> Stored:
    """Store a pipeline result: its record, or the failure in the log."""
    if result.record is None or result.error:
        error = result.error or "取り込めませんでした。"
        return note_failure(
            result.name, result.sha256, result.size, error, fmt=result.format, user=user
        )
    return store(result.record, size=result.size, user=user, publish=publish, request=request)


def store(
    record: MinutesRecord,
    *,
    size: int = 0,
    user: User | None = None,
    publish: bool = False,
    request: HttpRequest | None = None,
) -> Stored:
    """Store one record (see the module docstring); never raises for a bad record."""
    name, digest = record.source.get("name", ""), record.source.get("sha256", "")
    fmt = record.source.get("format", "")
    try:
        with transaction.atomic():
            row, fresh = _claim(name, digest, size, fmt, user)
            if not fresh:
                return Stored(name, UNCHANGED, row.meeting)
            meeting, replaced = _write(record, user=user, publish=publish, request=request)
            _settle(row, meeting, name, size, fmt)
    except StoreError as exc:
        return note_failure(name, digest, size, str(exc), fmt=fmt, user=user)
    except IntegrityError:
        message = "同じ会議が同時に取り込まれたため、取り込めませんでした。もう一度お試しください。"
        return note_failure(name, digest, size, message, fmt=fmt, user=user)
    return Stored(name, REPLACED if replaced else CREATED, meeting)


def note_failure(
    name: str, digest: str, size: int, error: str, *, fmt: str = "", user: User | None = None
) -> Stored:
    """Log a file that could not be imported (a file never imported, or failed before)."""
    if digest:
        with transaction.atomic():
            row, created = IngestedFile.objects.get_or_create(
                sha256=digest,
                defaults={"source_name": name[:255], "status": IngestedFile.Status.FAILED},
            )
            if created or row.status == IngestedFile.Status.FAILED:
                row.source_name, row.size, row.format = name[:255], size, fmt
                row.error, row.status = error[:300], IngestedFile.Status.FAILED
                row.created_by = row.created_by or _actor(user)
                row.save()
    return Stored(name, FAILED, error=error)


# -- the file log ----------------------------------------------------------------------------


def _actor(user: User | None) -> User | None:
    return user if user is not None and user.is_authenticated else None


def _claim(
    name: str, digest: str, size: int, fmt: str, user: User | None
) -> tuple[IngestedFile, bool]:
    """The file's log row, and whether this run should import it: yes for a new file or one
    that failed before (or whose meeting was deleted); no for one already imported."""
    try:
        with transaction.atomic():
            row = IngestedFile.objects.create(
                source_name=name[:255],
                sha256=digest,
                size=size,
                format=fmt,
                status=IngestedFile.Status.IMPORTED,
                created_by=_actor(user),
            )
            return row, True
    except IntegrityError:
        # Another run has stored this file; on PostgreSQL the insert waited for it to commit.
        row = (
            IngestedFile.objects.select_for_update(of=("self",))
            .select_related("meeting")
            .get(sha256=digest)
        )
    failed = row.status == IngestedFile.Status.FAILED
    return row, failed or (row.status == IngestedFile.Status.IMPORTED and row.meeting is None)


def _settle(row: IngestedFile, meeting: Meeting, name: str, size: int, fmt: str) -> None:
    """Point the file's row at the meeting and mark earlier imports of it as replaced."""
    row.source_name, row.size, row.format = name[:255], size, fmt
    row.status, row.error, row.meeting = IngestedFile.Status.IMPORTED, "", meeting
    row.save()
    IngestedFile.objects.filter(meeting=meeting).exclude(pk=row.pk).update(
        status=IngestedFile.Status.REPLACED, updated_at=timezone.now()
    )


# -- the meeting -----------------------------------------------------------------------------


def head_title(municipality: str) -> str:
    """The head's title for 答申: 世田谷区 → 世田谷区長, 東京都 → 東京都知事."""
    if municipality == UNKNOWN_MUNICIPALITY:
        return ""
    if municipality.endswith(("都", "道", "府", "県")):
        return f"{municipality}知事"
    return f"{municipality}長"


def find_council(municipality: str | None, body: str | None) -> Council:
    """The council named `body` in `municipality`, created (with the municipality) if
    missing. Names match with or without the municipality's name in front, and whatever
    the width of their letters and digits (documents write both)."""
    muni_name = (municipality or UNKNOWN_MUNICIPALITY).strip()[:50]
    muni = next(
        (m for m in Municipality.objects.order_by("pk") if textnorm.same(m.name, muni_name)),
        None,
    ) or Municipality.objects.create(name=muni_name, head_title=head_title(muni_name))
    name = SPACES.sub("", body or "") or UNKNOWN_COUNCIL
    bare = name.removeprefix(muni.name).removeprefix(muni_name) or name
    wanted = [name, bare, f"{muni.name}{bare}"]
    for council in Council.objects.filter(municipality=muni).order_by("pk"):
        if any(textnorm.same(council.name, w) for w in wanted):
            return council
    council, _created = Council.objects.get_or_create(municipality=muni, name=name[:100])
    return council


def _find_meeting(
    council: Council, fiscal_year: int, ordinal: int | None, day: dt.date
) -> Meeting | None:
    """The meeting a record describes: same fiscal year and ordinal, else same date."""
    meetings = Meeting.objects.select_for_update().filter(council=council)
    if ordinal is not None:
        found = meetings.filter(fiscal_year=fiscal_year, ordinal=ordinal).first()
        if found is not None:
            return found
    return meetings.filter(date=day).order_by("ordinal").first()


def _time(value: str | None) -> dt.time | None:
    try:
        return dt.time.fromisoformat(value) if value else None
    except ValueError:
        return None


def _date(value: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        raise StoreError("開催日が読み取れないため取り込めません。") from None


def _fill(meeting: Meeting, record: MinutesRecord, name: str, publish: bool) -> None:
    """Copy the record's header onto the meeting (not yet saved)."""
    meeting.date = _date(record.date)
    meeting.fiscal_year = record.fiscal_year or wareki.fiscal_year(meeting.date)
    meeting.start_time, meeting.end_time = _time(record.start_time), _time(record.end_time)
    if meeting.start_time and meeting.end_time and meeting.end_time < meeting.start_time:
        meeting.end_time = None
    meeting.venue = (record.venue or "")[:200]
    meeting.format = record.format if record.format in MeetingFormat.values else "in_person"
    meeting.status = MeetingStatus.HELD
    meeting.observers = record.observers if (record.observers or 0) >= 0 else None
    meeting.term = meeting.council.term_on(meeting.date)
    meeting.note = f"会議録ファイル「{name}」から取り込みました。"
    if publish and meeting.published_at is None:
        meeting.published_at = timezone.now()


def _clear(meeting: Meeting) -> None:
    """Remove what an earlier import wrote under the meeting (the meeting row stays)."""
    Utterance.objects.filter(minutes__meeting=meeting).delete()
    Decision.objects.filter(agenda_item__meeting=meeting).delete()
    meeting.questions.all().delete()
    meeting.attendances.all().delete()
    meeting.agenda_items.all().delete()


def _write(
    record: MinutesRecord, *, user: User | None, publish: bool, request: HttpRequest | None
) -> tuple[Meeting, bool]:
    """Create or replace the meeting of `record`; returns it and whether it replaced one."""
    council = find_council(record.municipality, record.body)
    day = _date(record.date)
    fiscal_year = record.fiscal_year or wareki.fiscal_year(day)
    existing = _find_meeting(council, fiscal_year, record.ordinal, day)
    if existing is not None and not _imported(existing):
        raise StoreError(f"{existing.label}の会議は取込以外で登録済みのため、取り込みません。")
    meeting = existing or Meeting(council=council)
    name = record.source.get("name", "")
    _fill(meeting, record, name, publish)
    meeting.ordinal = (
        record.ordinal or meeting.ordinal or Meeting.next_ordinal(council, meeting.fiscal_year)
    )
    meeting.save()
    if existing is not None:
        _clear(meeting)
    items = _agenda(meeting, record.agenda)
    _questions(meeting, items, record)
    unmatched = _attendance(meeting, record.attendees.get("members", []))
    _minutes(meeting, record, unmatched, user=user, replaced=existing is not None)
    verb = "差し替え" if existing is not None else "取り込み"
    audit.record(
        user,
        AuditEvent.Action.IMPORT,
        meeting,
        summary=f"{meeting} を会議録ファイル「{name}」から{verb}",
        changes={"sha256": record.source.get("sha256", "")},
        request=request,
    )
    return meeting, existing is not None


def _imported(meeting: Meeting) -> bool:
    return Minutes.objects.filter(meeting=meeting, imported=True).exists()


def item_title(agenda: AgendaRecord) -> str:
    """The agenda item's title with its number in front (諮問第999号 …)."""
    title = SPACES.sub(" ", agenda.title.replace("\n", " ")).strip()
    if agenda.number and agenda.number not in title:
        title = f"{agenda.number} {title}".strip()
    return (title or "（議題名なし）")[:300]


def _agenda(meeting: Meeting, agenda: list[AgendaRecord]) -> list[AgendaItem]:
    """The agenda items, and a decision for each whose outcome the record states (in bulk:
    the import's audit event marks the meeting for the search index)."""
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            order=order,
            kind=entry.kind if entry.kind in AgendaItem.Kind.values else AgendaItem.Kind.OTHER,
            title=item_title(entry),
        )
        for order, entry in enumerate(agenda, start=1)
    )
    Decision.objects.bulk_create(
        Decision(
            agenda_item=item,
            outcome=entry.outcome,
            decided_on=meeting.date,
            votes_for=entry.votes.for_ if entry.votes else None,
            votes_against=entry.votes.against if entry.votes else None,
            votes_present=entry.votes.present if entry.votes else None,
        )
        for item, entry in zip(items, agenda, strict=True)
        if entry.outcome in Outcome.values
    )
    return items


def section_items(section: str | None, count: int) -> list[int]:
    """0-based item indexes a Q&A section names: 諮問事項1～3に共通 → [0, 1, 2]."""
    found: list[int] = []
    digits = "".join(chr(ord(c) - 0xFEE0) if "０" <= c <= "９" else c for c in section or "")
    for match in ITEM_RANGE.finditer(digits):
        first, last = int(match[1] or match[3]), int(match[2] or match[3])
        found += [n - 1 for n in range(first, min(last, count) + 1) if n >= 1]
    return sorted(set(found))


def _questions(meeting: Meeting, items: list[AgendaItem], record: MinutesRecord) -> None:
    """The written Q&A, numbered as written unless numbers repeat (then 1, 2, 3 …), each
    linked to its item or to the items its section names (諮問事項1～3に共通)."""
    numbers = [q.number for q in record.questions]
    renumber = len(set(numbers)) != len(numbers) or any(not 0 < n < 32768 for n in numbers)
    written = meeting.format == MeetingFormat.WRITTEN
    phase = MeetingQuestion.Phase.WRITTEN if written else MeetingQuestion.Phase.BEFORE
    questions = MeetingQuestion.objects.bulk_create(
        MeetingQuestion(
            meeting=meeting,
            number=position if renumber else entry.number,
            phase=phase,
            section=(entry.section or "")[:100],
            text=entry.question,
            answer=entry.answer,
        )
        for position, entry in enumerate(record.questions, start=1)
    )
    link = MeetingQuestion.agenda_items.through
    links = []
    for question, entry in zip(questions, record.questions, strict=True):
        indexes = (
            [entry.agenda_index]
            if entry.agenda_index is not None
            else section_items(entry.section, len(items))
        )
        links += [
            link(meetingquestion_id=question.pk, agendaitem_id=items[i].pk)
            for i in sorted(set(indexes))
            if 0 <= i < len(items)
        ]
    link.objects.bulk_create(links)


def _key(name: str) -> str:
    return SPACES.sub("", name)


def _attendance(meeting: Meeting, names: list[str]) -> list[str]:
    """Record attendance for names matching a member of the meeting's term (the full name,
    or a surname only one member has); return the names left unmatched."""
    if meeting.term is None:
        return list(names)
    members = list(meeting.members())
    matched: dict[int, Member] = {}
    unmatched = []
    for name in names:
        key = _key(name)
        hits = [m for m in members if _key(m.name) == key] or [
            m for m in members if key and _key(m.name).startswith(key)
        ]
        if len(hits) == 1:
            matched[hits[0].pk] = hits[0]
        else:
            unmatched.append(name)
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, member=m, status=Attendance.Status.PRESENT)
        for m in matched.values()
    )
    return unmatched


# -- the minutes -----------------------------------------------------------------------------


def _minutes(
    meeting: Meeting,
    record: MinutesRecord,
    members: list[str],
    *,
    user: User | None,
    replaced: bool,
) -> Minutes:
    """Approved imported minutes with the rendered text as a new revision."""
    name, digest = record.source.get("name", ""), record.source.get("sha256", "")
    minutes, _created = Minutes.objects.update_or_create(
        meeting=meeting,
        defaults={
            "imported": True,
            "status": Minutes.Status.APPROVED,
            "source_name": name[:255],
            "source_sha256": digest,
        },
    )
    text = minutes_text_of(record, members)
    current = minutes.current_revision()
    if current is not None and current.sha256 == MinutesRevision.digest(text):
        return minutes
    if not text and current is None:
        return minutes
    verb = "で差替え" if replaced else "から取込"
    try:
        minutes_actions.save_text(minutes, text, user, f"会議録ファイル「{name}」{verb}"[:300])
    except minutes_actions.MinutesError as exc:
        raise StoreError(f"会議録の本文を保存できません（{str(exc).splitlines()[0]}）。") from None
    return minutes


def _safe_line(line: str) -> str:
    """A continuation line the text format cannot mistake for a heading, speaker or stage
    direction (those get a leading ・, as `minutes.compose` does)."""
    special = line.startswith((minutes_text.SECTION_MARK, *minutes_text.SPEAKER_MARKS)) or (
        line[0] in "（(" and line[-1] in "）)"
    )
    return f"・{line}" if special else line


def _utterance(entry: UtteranceRecord) -> minutes_text.ParsedUtterance:
    label = SPACES.sub("", entry.speaker).lstrip("".join(minutes_text.SPEAKER_MARKS)) or "発言者"
    lines = [line.strip(" \u3000\t") for line in entry.text.splitlines()]
    text = "\n".join(_safe_line(line) for line in lines if line)
    return minutes_text.ParsedUtterance(label, text)


def _direction(text: str) -> minutes_text.ParsedUtterance:
    return minutes_text.ParsedUtterance("", text.replace("\n", " "), is_direction=True)


def _header(record: MinutesRecord, members: list[str]) -> minutes_text.ParsedSection | None:
    lines = []
    if members:
        lines.append(_direction("出席委員：" + "　".join(members)))
    staff = record.attendees.get("staff", [])
    if staff:
        lines.append(_direction("出席職員：" + "　".join(staff)))
    return minutes_text.ParsedSection(None, "出席者", tuple(lines)) if lines else None


def _section_title(index: int | None, seen_item: bool, later_item: bool) -> str:
    if index is not None:
        return ""
    if not seen_item:
        return "開会"
    return "その他" if later_item else "閉会"


def minutes_text_of(record: MinutesRecord, members: list[str]) -> str:
    """The record's utterances in the minutes edit format: one ■ section per run of turns on
    one agenda item (■N title) or outside the items (■開会, ■その他, ■閉会), headed by a
    ■出席者 section naming `members` and the staff present."""
    header = _header(record, members)
    sections = [header] if header else []
    count = len(record.agenda)
    runs: list[tuple[int | None, list[UtteranceRecord]]] = []
    for entry in record.utterances:
        index = entry.agenda_index if entry.agenda_index in range(count) else None
        if not runs or runs[-1][0] != index:
            runs.append((index, []))
        runs[-1][1].append(entry)
    for position, (index, entries) in enumerate(runs):
        seen = any(i is not None for i, _ in runs[:position])
        later = any(i is not None for i, _ in runs[position + 1 :])
        title = _section_title(index, seen, later)
        if index is not None:
            title = SPACES.sub(" ", record.agenda[index].title.replace("\n", " ")).strip()
        item = index + 1 if index is not None else None
        sections.append(
            minutes_text.ParsedSection(item, title, tuple(_utterance(e) for e in entries))
        )
    return minutes_text.render(sections)
