"""A council world with precedents to find for 健康推進課's case (the root `world`'s
`health_case`, the query), each one alike in handling, items and words:

- `own_past`: 健康推進課's decided case, heard in public at meeting 2, approved with a
  condition, with a member's question and member's words in the approved minutes;
- `other_closed`: 子ども家庭課's decided case, heard in a closed item of meeting 2;
- `other_draft`: 子ども家庭課's draft (the world's), and `returned`, 健康推進課's case sent
  back: never precedents, being undecided;
- `legacy`: an agenda item without a case at meeting 3 (ingested minutes: no case of
  健康推進課 on it), with members' words; `legacy_closed`: a closed one at meeting 2.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from conftest import World, make_case
from shingikai.dossiers.models import Case, CaseStatus, HandlingItem
from shingikai.meetings.models import (
    AgendaItem,
    Condition,
    Decision,
    Meeting,
    MeetingQuestion,
    MeetingStatus,
)
from shingikai.minutes import actions as minutes_actions
from shingikai.minutes.models import Minutes
from shingikai.search import precedent_index

SUMMARY = "乳幼児健康診査の問診票を委託先がデータ入力し、受診結果をシステムに登録する。"
ITEMS = ("氏名", "生年月日", "健診結果")

MINUTES_2 = """■1 健康推進課の過去の案件
○会長　説明をお願いします。
○健康推進課長　問診票は委託先の施設で入力します。
○委員2委員　問診票の原本はいつ返却されるのですか。
○会長　ご異議ございませんか。
（「異議なし」の声）
■2 子ども家庭課の非公開の案件
○委員3委員　秘密の問診票の保管場所を確認したい。
■3 過去の議題（非公開）
○委員4委員　非公開の議題について質問します。
"""
MINUTES_3 = """■1 乳幼児健康診査の問診票のデータ入力の外部委託について
○説明員　乳幼児健康診査の問診票を委託先がデータ入力し、受診結果をシステムに登録します。
○委員5委員　委託先での問診票の保管は施錠できる場所ですか。
"""


@dataclass
class Precedents:
    world: World
    query: Case
    own_past: Case
    other_closed: Case
    other_draft: Case
    returned: Case
    legacy: AgendaItem
    legacy_closed: AgendaItem
    own_item: AgendaItem
    question: MeetingQuestion
    meeting_2: Meeting
    meeting_3: Meeting


def _alike(case: Case, title: str | None = None) -> Case:
    """Give `case` the shared summary and items (and a new title)."""
    if title:
        case.title = title
    case.summary = SUMMARY
    case.save()
    handling = case.handlings.get()
    for order, name in enumerate(ITEMS, start=1):
        HandlingItem.objects.create(handling=handling, order=order, name=name)
    return case


def _meeting(world: World, ordinal: int, day: dt.date) -> Meeting:
    return Meeting.objects.create(
        council=world.council,
        term=world.term,
        fiscal_year=2022,
        ordinal=ordinal,
        date=day,
        status=MeetingStatus.HELD,
    )


def _minutes(world: World, meeting: Meeting, text: str, status: str) -> Minutes:
    minutes = Minutes.objects.create(meeting=meeting)
    minutes_actions.save_text(minutes, text, world.secretariat)
    Minutes.objects.filter(pk=minutes.pk).update(status=status)
    return minutes


def build(world: World, *, minutes_3: str = Minutes.Status.APPROVED) -> Precedents:
    """The world above, its profiles built."""
    query = _alike(world.health_case, "乳幼児健康診査の問診票のデータ入力の外部委託について")
    own_past = _alike(
        make_case(world.council, world.health, "", CaseStatus.DECIDED, number=1, fiscal_year=2021),
        "乳幼児健康診査の問診票の入力業務委託について（前年度）",
    )
    other_closed = _alike(
        make_case(world.council, world.childcare, "", CaseStatus.DECIDED),
        "乳幼児健康診査の問診票の入力委託について（子ども家庭課）",
    )
    other_draft = _alike(world.childcare_draft, "乳幼児健康診査の問診票の入力委託（下書き）")
    returned = _alike(
        make_case(world.council, world.health, "", CaseStatus.RETURNED),
        "乳幼児健康診査の問診票の入力委託（差戻し）",
    )
    meeting_2 = _meeting(world, 2, dt.date(2022, 7, 1))
    own_item = AgendaItem.objects.create(
        meeting=meeting_2, order=1, kind="consultation", title=own_past.title, case=own_past
    )
    closed_item = AgendaItem.objects.create(
        meeting=meeting_2,
        order=2,
        kind="consultation",
        title=other_closed.title,
        case=other_closed,
        is_public=False,
        closed_reason="個人情報を含むため",
    )
    legacy_closed = AgendaItem.objects.create(
        meeting=meeting_2,
        order=3,
        kind="consultation",
        title="乳幼児健康診査の問診票の外部委託について（非公開）",
        is_public=False,
        closed_reason="審議中のため",
    )
    decision = Decision.objects.create(
        agenda_item=own_item,
        outcome="approved_with_conditions",
        decided_on=meeting_2.date,
        text="問診票の返却を条件に承認する。",
    )
    Condition.objects.create(
        decision=decision, text="問診票の原本を毎月返却させること。", owner=world.health
    )
    Decision.objects.create(
        agenda_item=closed_item, outcome="approved", decided_on=meeting_2.date, text="秘密の結論"
    )
    question = MeetingQuestion.objects.create(
        meeting=meeting_2,
        number=1,
        phase=MeetingQuestion.Phase.BEFORE,
        text="委託先での問診票の入力は何人で行いますか。",
        answer="三人で行います。",
        asked_by=world.members[1],
    )
    question.agenda_items.set([own_item])
    secret = MeetingQuestion.objects.create(
        meeting=meeting_2, number=2, phase="before", text="秘密の質問です。", answer="秘密の回答。"
    )
    secret.agenda_items.set([closed_item])
    _minutes(world, meeting_2, MINUTES_2, Minutes.Status.APPROVED)

    meeting_3 = _meeting(world, 3, dt.date(2022, 9, 1))
    legacy = AgendaItem.objects.create(
        meeting=meeting_3,
        order=1,
        kind="consultation",
        title="乳幼児健康診査の問診票のデータ入力の外部委託について",
    )
    _minutes(world, meeting_3, MINUTES_3, minutes_3)
    precedent_index.rebuild_all()
    return Precedents(
        world,
        query,
        own_past,
        other_closed,
        other_draft,
        returned,
        legacy,
        legacy_closed,
        own_item,
        question,
        meeting_2,
        meeting_3,
    )


def keys(found: list[precedent_index.Precedent]) -> set[str]:
    return {p.key for p in found}
