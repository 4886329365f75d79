"""The minutes as a reader sees them: what is hidden from whom, and the document content
that `documents.minutesdoc` lays out as Word, PDF and HTML."""

from __future__ import annotations

from dataclasses import dataclass, field

from shingikai.accounts.models import User
from shingikai.documents.minutesdoc import MinutesContent, QaTable, Speech, SpeechSection
from shingikai.lib import wareki
from shingikai.meetings import access
from shingikai.meetings.models import Meeting
from shingikai.minutes import compose, facts, records
from shingikai.minutes.models import Minutes
from shingikai.minutes.text import ParsedSection, ParsedUtterance


@dataclass(frozen=True)
class Reading:
    """The minutes for one reader: `hidden` agenda orders are left out entirely (another
    department's closed items); `internal` readers also see non-public materials."""

    minutes: Minutes
    record: facts.MeetingRecord
    hidden: frozenset[int] = frozenset()
    internal: bool = True
    closed: frozenset[int] = field(default_factory=frozenset)

    def header(self) -> tuple[tuple[str, str], ...]:
        return compose.header(self.record, hidden=self.hidden, internal=self.internal)

    def sections(self) -> list[ParsedSection]:
        return [s for s in self.minutes.sections() if s.item is None or s.item not in self.hidden]

    def orders(self) -> dict[int, int]:
        """Each utterance's `Utterance.order` (its place in the whole text, hidden parts
        included), by the line it starts on: the anchor u-<order> search results link to."""
        every = [u for s in self.minutes.sections() for u in s.utterances]
        return {u.line: order for order, u in enumerate(every, start=1)}

    def qa(self) -> tuple[compose.QaGroup, ...]:
        return compose.qa_groups(self.record, hidden=self.hidden)


def hidden_items(user: User, meeting: Meeting) -> frozenset[int]:
    """Agenda orders the user may not see (for department staff: other departments' closed
    items, as on the meeting page)."""
    visible = set(access.visible_agenda(user, meeting).values_list("order", flat=True))
    every = set(meeting.agenda_items.values_list("order", flat=True))
    return frozenset(every - visible)


def reading_for(user: User, minutes: Minutes) -> Reading:
    meeting = minutes.meeting
    record = records.record_for(minutes)
    return Reading(
        minutes=minutes,
        record=record,
        hidden=hidden_items(user, meeting),
        internal=not user.is_department_staff,
        closed=compose.closed_items(record),
    )


def public_reading(minutes: Minutes) -> Reading:
    """What the public site may show: closed items and non-public materials left out."""
    record = records.record_for(minutes)
    closed = compose.closed_items(record)
    return Reading(minutes, record, hidden=closed, internal=False, closed=closed)


def status_line(minutes: Minutes) -> str:
    if minutes.is_approved and minutes.approved_on:
        at = minutes.approved_at_meeting
        where = f" {at.label}審議会で承認" if at else " 承認"
        return f"{wareki.format_date(minutes.approved_on, weekday=False)}{where}"
    if minutes.is_approved:  # imported records say they are final but rarely say when
        return "承認済（取込）" if minutes.imported else "承認済"
    return f"案（{minutes.get_status_display()}）"


def _speech(utterance: ParsedUtterance, orders: dict[int, int]) -> Speech:
    order = orders.get(utterance.line)
    anchor = f"u-{order}" if order else ""
    return Speech(utterance.speaker, utterance.text, utterance.is_direction, anchor)


def content(reading: Reading) -> MinutesContent:
    minutes = reading.minutes
    orders = reading.orders()
    sections = tuple(
        SpeechSection(
            title=_section_title(s),
            speeches=tuple(_speech(u, orders) for u in s.utterances),
            closed=s.item in reading.closed,
        )
        for s in reading.sections()
    )
    qa = tuple(
        QaTable(g.title, tuple((str(r.number), r.question, r.answer) for r in g.rows))
        for g in reading.qa()
    )
    return MinutesContent(
        name=reading.record.name,
        header=reading.header(),
        sections=sections,
        qa=qa,
        author=reading.record.council,
        draft=not minutes.is_approved,
        status_line=status_line(minutes),
    )


def _section_title(section: ParsedSection) -> str:
    if section.item is None:
        return section.title
    return f"{section.item}　{section.title}".strip()
