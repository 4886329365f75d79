"""A meeting like Shinjuku's 令和4年度第6回 (2022-11-17), built with the ORM: two items
(資料18: external connection 承認 + outsourcing 了承 with a request; 資料19: a report 了承),
a question asked during the meeting, one late and one absent member, and the next meeting
(第7回, which approves the minutes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client

from conftest import World, make_case, make_user
from shingikai.accounts.models import Role, User
from shingikai.councils.models import Council, CouncilRule, Department, Member, Municipality, Term
from shingikai.dossiers.models import Case, CaseStatus
from shingikai.meetings.models import (
    AgendaItem,
    Attendance,
    Condition,
    Decision,
    Material,
    Meeting,
    MeetingFormat,
    MeetingQuestion,
    MeetingStatus,
)

TITLE_18 = "東京共同電子申請・届出サービスの利用に係る外部結合等について（手続の追加）"
TITLE_19 = "マイナポイント申請支援業務の委託について"
QUESTION = "係専用フォルダのログは職員1人1人とれるような仕組みになっているのですか。"
ANSWER = "ログについては、それぞれの職員で確認がとれるようにしております。"
REQUEST = "ダウンロードした申請データ（Excel・CSV）は、各課で確実に削除すること。"
MEMBERS = [
    ("中島宏", "chair", "present"),
    ("伊藤花子", "vice_chair", "present"),
    ("松井一郎", "member", "present"),
    ("木もと次郎", "member", "late"),
    ("川野三郎", "member", "absent"),
]


@dataclass
class Shinjuku:
    council: Council
    term: Term
    members: dict[str, Member]
    meeting: Meeting
    next_meeting: Meeting
    earlier_meeting: Meeting
    item18: AgendaItem
    item19: AgendaItem
    admin_division: Department
    attendee: User  # 中島 (present)
    absentee: User  # 川野 (absent)
    staff: User  # 行政管理課


def _case(council: Council, department: Department, title: str, number: int, kind: str) -> Case:
    types = ("external_connection", "outsourcing") if kind == "consultation" else ("outsourcing",)
    case = make_case(
        council, department, title, CaseStatus.ACCEPTED, *types, number=number, fiscal_year=2022
    )
    Case.objects.filter(pk=case.pk).update(kind=kind)
    case.refresh_from_db()
    return case


def _people(term: Term) -> dict[str, Member]:
    return {
        name: Member.objects.create(
            term=term,
            name=name,
            role=role,
            affiliation="academic",
            appointed_on=term.starts_on,
            order=order,
        )
        for order, (name, role, _status) in enumerate(MEMBERS, start=1)
    }


def _decide(item: AgendaItem, outcome: str, handling: object = None) -> Decision:
    return Decision.objects.create(
        agenda_item=item,
        handling=handling,
        outcome=outcome,
        decided_on=item.meeting.date,
        no_objection=True,
    )


@pytest.fixture
def shinjuku(world: World) -> Shinjuku:
    muni = Municipality.objects.create(name="新宿区", code="131041", head_title="新宿区長")
    council = Council.objects.create(municipality=muni, name="新宿区情報公開・個人情報保護審議会")
    CouncilRule.objects.create(
        council=council,
        valid_from=dt.date(2005, 4, 1),
        consultation_types=["external_connection"],
        report_types=["outsourcing"],
    )
    term = Term.objects.create(
        council=council, number=1, starts_on=dt.date(2021, 4, 1), ends_on=dt.date(2023, 3, 31)
    )
    members = _people(term)
    secretariat_division = Department.objects.create(
        municipality=muni, division="総合政策部", name="区政情報課"
    )
    secretariat_division.staff.add(world.secretariat)
    admin_division = Department.objects.create(
        municipality=muni, division="総務部", name="行政管理課"
    )
    systems = Department.objects.create(municipality=muni, division="総務部", name="情報システム課")
    special = Department.objects.create(municipality=muni, division="総合政策部", name="特命担当")
    staff = make_user("gyousei", Role.DEPARTMENT)
    admin_division.staff.add(staff)
    case18 = _case(council, admin_division, TITLE_18, 18, "consultation")
    case19 = _case(council, special, TITLE_19, 19, "report")
    meeting = Meeting.objects.create(
        council=council,
        term=term,
        fiscal_year=2022,
        ordinal=6,
        date=dt.date(2022, 11, 17),
        start_time=dt.time(14, 0),
        end_time=dt.time(14, 41),
        venue="新宿区役所本庁舎6階 第2委員会室",
        format=MeetingFormat.IN_PERSON,
        status=MeetingStatus.HELD,
        observers=0,
    )
    for name, _role, status in MEMBERS:
        Attendance.objects.create(meeting=meeting, member=members[name], status=status)
    item18 = AgendaItem.objects.create(
        meeting=meeting, order=1, kind="consultation", title=TITLE_18, case=case18
    )
    item19 = AgendaItem.objects.create(
        meeting=meeting, order=2, kind="report", title=TITLE_19, case=case19
    )
    connection, outsourcing = case18.handlings.order_by("order")
    _decide(item18, "approved", connection)
    acknowledged = _decide(item18, "acknowledged", outsourcing)
    Condition.objects.create(
        decision=acknowledged, kind=Condition.Kind.REQUEST, owner=admin_division, text=REQUEST
    )
    _decide(item19, "acknowledged")
    for order, (label, title, item) in enumerate(
        [
            ("資料18", "東京共同電子申請・届出サービスの利用に係る外部結合等について", item18),
            ("資料18-1", "追加手続及び情報項目", item18),
            ("資料19", TITLE_19, item19),
        ],
        start=1,
    ):
        Material.objects.create(
            meeting=meeting, agenda_item=item, label=label, title=title, order=order
        )
    question = MeetingQuestion.objects.create(
        meeting=meeting,
        number=1,
        phase=MeetingQuestion.Phase.DURING,
        asked_by=members["伊藤花子"],
        text=QUESTION,
        answer=ANSWER,
        answered_by=systems,
    )
    question.agenda_items.add(item18)
    next_meeting = Meeting.objects.create(
        council=council,
        term=term,
        fiscal_year=2022,
        ordinal=7,
        date=dt.date(2022, 12, 15),
        start_time=dt.time(14, 0),
        venue="本庁舎5階 大会議室",
    )
    earlier = Meeting.objects.create(
        council=council, term=term, fiscal_year=2022, ordinal=5, date=dt.date(2022, 10, 20)
    )
    attendee = make_user("nakajima", Role.MEMBER)
    absentee = make_user("kawano", Role.MEMBER)
    Member.objects.filter(pk=members["中島宏"].pk).update(user=attendee)
    Member.objects.filter(pk=members["川野三郎"].pk).update(user=absentee)
    return Shinjuku(
        council=council,
        term=term,
        members={k: Member.objects.get(pk=v.pk) for k, v in members.items()},
        meeting=meeting,
        next_meeting=next_meeting,
        earlier_meeting=earlier,
        item18=item18,
        item19=item19,
        admin_division=admin_division,
        attendee=attendee,
        absentee=absentee,
        staff=staff,
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
