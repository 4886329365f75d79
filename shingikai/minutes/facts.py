"""The meeting as the minutes' composer sees it: plain records filled from the database by
`minutes.records`. Pure Python: no Django."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from shingikai.lib import wareki
from shingikai.minutes.text import DEFAULT_SECRETARIAT

PRESENT, LATE = "present", "late"
ABSENT = ("absent", "absent_no_notice")


def speaker_for(division: str) -> str:
    """How the head of a division speaks in the minutes: 健康推進課 → 健康推進課長."""
    if division.endswith(("課", "部", "室", "局", "所")):
        return f"{division}長"
    return f"{division}課長" if division else "説明員"


@dataclass(frozen=True)
class MemberRecord:
    """A member of the meeting's term: `status` is the Attendance status, "" if unrecorded."""

    name: str
    status: str = ""
    role: str = "member"


@dataclass(frozen=True)
class ConditionRecord:
    kind: str  # the label: 条件, 付帯意見, 要望
    text: str


@dataclass(frozen=True)
class DecisionRecord:
    """A decision on an item or on one handling of it (`subject`: 外部結合)."""

    outcome: str
    subject: str = ""
    no_objection: bool = False
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None
    votes_present: int | None = None
    conditions: tuple[ConditionRecord, ...] = ()


@dataclass(frozen=True)
class VoteRecord:
    """A member's written vote (書面開催): `choice` is for, against or abstain."""

    member: str
    choice: str
    opinion: str = ""


@dataclass(frozen=True)
class ItemRecord:
    """An agenda item; `department` is the division that explains it (健康推進課)."""

    order: int
    kind: str
    title: str
    label: str = ""  # 諮問第999号, or the material label the council uses (資料18)
    department: str = ""
    is_public: bool = True
    closed_reason: str = ""
    decisions: tuple[DecisionRecord, ...] = ()
    votes: tuple[VoteRecord, ...] = ()

    @property
    def heading(self) -> str:
        return f"{self.label} {self.title}".strip()


@dataclass(frozen=True)
class QuestionRecord:
    """A MeetingQuestion: `items` are agenda orders, `answered_by` a division name."""

    number: int
    phase: str  # before, during, written
    text: str
    answer: str = ""
    section: str = ""
    items: tuple[int, ...] = ()
    asked_by: str = ""
    answered_by: str = ""


@dataclass(frozen=True)
class MaterialRecord:
    """A distributed material; `item` is the order of the agenda item it belongs to."""

    label: str
    title: str
    is_public: bool = True
    item: int | None = None


@dataclass(frozen=True)
class NextMeeting:
    date: dt.date
    start_time: dt.time | None = None
    venue: str = ""


@dataclass(frozen=True)
class MeetingRecord:
    """What the draft is made from. `departments` are the ward's divisions attending as
    explainers (区側) and `secretariat` the secretariat's, by full name (総合政策部区政情報課);
    `secretariat_divisions` are the latter's short names (区政情報課), which speak as
    区政情報課長 and mark the secretariat in the text."""

    council: str
    fiscal_year: int
    ordinal: int
    date: dt.date
    format: str = "in_person"
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    venue: str = ""
    opens_on: dt.date | None = None
    observers: int | None = None
    members: tuple[MemberRecord, ...] = ()
    quorum_needed: int | None = None
    items: tuple[ItemRecord, ...] = ()
    materials: tuple[MaterialRecord, ...] = ()
    questions: tuple[QuestionRecord, ...] = ()
    departments: tuple[str, ...] = ()
    secretariat: tuple[str, ...] = ()
    secretariat_divisions: tuple[str, ...] = ()
    next_meeting: NextMeeting | None = None

    @property
    def name(self) -> str:
        """名称: 令和4年度第6回 新宿区情報公開・個人情報保護審議会."""
        return f"{wareki.format_fiscal_year(self.fiscal_year)}第{self.ordinal}回 {self.council}"

    @property
    def is_written(self) -> bool:
        return self.format == "written"

    def attending(self) -> list[MemberRecord]:
        return [m for m in self.members if m.status in (PRESENT, LATE)]

    def absent(self) -> list[MemberRecord]:
        return [m for m in self.members if m.status in ABSENT]

    def secretariat_labels(self) -> tuple[str, ...]:
        return (*DEFAULT_SECRETARIAT, *self.secretariat_divisions)

    def secretariat_speaker(self) -> str:
        divisions = self.secretariat_divisions
        return speaker_for(divisions[0]) if divisions else "事務局"
