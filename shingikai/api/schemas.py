"""The shapes the API answers with (they make the OpenAPI schema).

Fields marked "staff only" are filled for a token's owner and null for the public, which is
shown exactly what the public site shows. Dates come as ISO 8601 with a `*_wareki` twin
(令和4年6月1日).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

STAFF = "Staff only: null in answers to requests without a token."


class Error(Schema):
    detail: str = Field(description="What went wrong, in Japanese.")


class Problem(Schema):
    loc: list[str | int]
    msg: str
    type: str


class InvalidRequest(Schema):
    detail: str
    errors: list[Problem]


class Department(Schema):
    id: int
    name: str
    division: str


class CaseRef(Schema):
    id: int | None = Field(description="Null when the reader may not open the case.")
    number_label: str = Field(description="諮問第999号, or empty before the case is numbered.")


class Condition(Schema):
    id: int
    kind: str
    kind_label: str
    text: str
    status: str | None = Field(None, description=STAFF)
    status_label: str | None = Field(None, description=STAFF)
    owner: str | None = Field(None, description="Responsible department. " + STAFF)
    due_on: dt.date | None = Field(None, description=STAFF)
    due_on_wareki: str | None = Field(None, description=STAFF)
    closed_on: dt.date | None = Field(None, description=STAFF)
    evidence: str | None = Field(None, description=STAFF)


class DecisionCore(Schema):
    id: int
    outcome: str
    outcome_label: str
    handling_type: str | None = Field(description="The handling decided on, if only one.")
    handling_label: str | None
    decided_on: dt.date
    decided_on_wareki: str
    number: int | None = Field(description="The 答申 number, once issued.")
    number_label: str = Field(description="答申第12号, or empty.")
    fiscal_year: int | None
    issued_on: dt.date | None
    issued_on_wareki: str | None
    conditions: list[Condition]
    no_objection: bool | None = Field(None, description=STAFF)
    votes_for: int | None = Field(None, description=STAFF)
    votes_against: int | None = Field(None, description=STAFF)
    votes_abstain: int | None = Field(None, description=STAFF)
    votes_present: int | None = Field(None, description=STAFF)
    vote_summary: str | None = Field(None, description=STAFF)
    addressee: str | None = Field(None, description=STAFF)
    text: str | None = Field(None, description="The 答申's conclusion. " + STAFF)
    warning: str | None = Field(None, description=STAFF)


class AgendaRef(Schema):
    id: int
    order: int
    title: str
    meeting_id: int
    meeting_label: str
    meeting_date: dt.date
    meeting_date_wareki: str
    case: CaseRef | None


class Decision(DecisionCore):
    agenda_item: AgendaRef


class AgendaItem(Schema):
    id: int
    order: int
    kind: str
    kind_label: str
    title: str
    case: CaseRef | None
    is_public: bool = Field(description="False for a closed (非公開) item, shown to staff only.")
    closed_reason: str | None = Field(None, description=STAFF)
    decisions: list[DecisionCore]


class Material(Schema):
    id: int
    label: str = Field(description="資料18-2, 参考資料1 …")
    title: str
    agenda_item_id: int | None
    is_public: bool
    pages: int | None
    url: str | None = Field(
        description="The download page (the public site's, or the staff site's, which needs "
        "a browser sign-in); null without a file."
    )


class MeetingSummary(Schema):
    id: int
    label: str = Field(description="令和4年度第7回")
    council: str
    fiscal_year: int
    fiscal_year_label: str
    ordinal: int
    date: dt.date
    date_wareki: str
    format: str
    format_label: str
    status: str | None = Field(None, description=STAFF)
    status_label: str | None = Field(None, description=STAFF)


class Meeting(MeetingSummary):
    start_time: dt.time | None
    end_time: dt.time | None
    venue: str
    agenda: list[AgendaItem]
    materials: list[Material]


class CaseSummary(Schema):
    id: int
    kind: str
    kind_label: str
    number: int | None
    fiscal_year: int | None
    fiscal_year_label: str | None
    number_label: str
    title: str = Field(description="For the public, the title the agenda printed.")
    department: Department | None = Field(None, description=STAFF)
    status: str | None = Field(None, description=STAFF)
    status_label: str | None = Field(None, description=STAFF)
    consulted_on: dt.date | None = Field(None, description=STAFF)
    consulted_on_wareki: str | None = Field(None, description=STAFF)


class CaseAppearance(Schema):
    """A case on a meeting's agenda, with what was decided there."""

    agenda_item_id: int
    order: int
    title: str
    is_public: bool
    meeting_id: int
    meeting_label: str
    meeting_date: dt.date
    meeting_date_wareki: str
    decisions: list[DecisionCore]


class Certification(Schema):
    type: str
    number: str
    expires_on: dt.date | None


class Party(Schema):
    key: str
    name: str
    display_name: str
    kind: str
    kind_label: str
    undecided: bool
    parent: str | None = Field(description="The key of the party it sub-contracts for.")
    selection_method: str
    location: str
    note: str
    prior_approval_required: bool | None
    certifications: list[Certification]


class FieldValue(Schema):
    number: str = Field(description="The item number on the council's form (「5」).")
    name: str
    label: str
    value: str = Field(description="As the case page shows it (和暦 dates, labels).")
    raw: Any = Field(None, description="As stored: a string, number, boolean or code list.")


class Item(Schema):
    name: str
    source: str
    source_label: str
    necessity: str
    free_text: bool


class Handling(Schema):
    position: int
    type: str
    type_label: str
    title: str
    legal_basis: str
    party: str | None = Field(description="The key of the party (委託先, 結合の相手方 …).")
    party_name: str | None
    subjects: str | None = Field(description="対象となる個人の範囲, if the form asks for it.")
    fields: list[FieldValue]
    items: list[Item]


class FlowStep(Schema):
    number: int
    source: str
    source_name: str
    target: str
    target_name: str
    action: str
    items: list[str]
    channel: str
    channel_label: str
    encrypted: bool | None
    kept: str
    retention: str
    disposal: str


class Safeguard(Schema):
    number: int
    kind: str
    kind_label: str
    clause: str
    clause_label: str
    text: str
    target: str = Field(description="What it protects: 案件全体, 第1 外部委託, 流れ 2 …")
    handling: int | None
    party: str | None
    step: int | None


class CaseContent(Schema):
    subtitle: str
    business: str
    summary: str
    parties: list[Party]
    handlings: list[Handling]
    flow: list[FlowStep]
    safeguards: list[Safeguard]


class Case(CaseSummary):
    agenda: list[CaseAppearance]
    content: CaseContent | None = Field(
        None, description="The dossier as the case page shows it. " + STAFF
    )


class Page(Schema):
    count: int
    page: int
    pages: int
    per_page: int


class CasePage(Page):
    items: list[CaseSummary]


class MeetingPage(Page):
    items: list[MeetingSummary]


class DecisionPage(Page):
    items: list[Decision]


class Hit(Schema):
    kind: str
    kind_label: str
    title: str
    where: str
    url: str
    date: dt.date | None
    date_wareki: str | None
    snippet: str


class SearchResults(Schema):
    query: str
    total: int = Field(description="Results counted; at least this many when `more` is true.")
    counts: dict[str, int]
    more: bool = Field(description="Whether a count stopped at its cap (200 per kind).")
    capped: list[str] = Field(description="The kinds whose count stopped at its cap.")
    page: int
    pages: int
    per_page: int
    error: str | None = Field(description="Why the query could not be read, in Japanese.")
    hits: list[Hit]
