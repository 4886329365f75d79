"""Load the demo data idempotently: every row is found by its natural key and created only
when missing, so a second run (or a run after someone edited the demo) changes nothing."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import cached_property
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from shingikai.accounts.models import Role, User
from shingikai.councils.models import Council, CouncilRule, Department, Member, Municipality, Term
from shingikai.demo import data
from shingikai.dossiers import records
from shingikai.dossiers.models import Case, Handling
from shingikai.dossiers.structure import casefile
from shingikai.dossiers.structure.dossier import Dossier
from shingikai.lib import wareki
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
from shingikai.minutes import actions as minutes_actions
from shingikai.minutes.models import Minutes
from shingikai.reports import demo as reports_demo

DEMO_PASSWORD = "shingikai-demo"  # noqa: S105 - documented demo password, demo data only
JST = dt.timezone(dt.timedelta(hours=9))
CASE_FILES = Path(__file__).parent / "cases"


class Loader:
    """Creates what is missing and counts what it created."""

    def __init__(self) -> None:
        self.created: Counter[str] = Counter()

    def get_or_create(
        self, model: type[Any], defaults: dict[str, Any] | None = None, **lookup: Any
    ) -> Any:
        obj, created = model.objects.get_or_create(defaults=defaults or {}, **lookup)
        if created:
            self.created[model._meta.verbose_name] += 1
        return obj

    # -- organisation -------------------------------------------------------------------

    def municipality(self, name: str, code: str, head: str) -> Municipality:
        return self.get_or_create(Municipality, {"code": code, "head_title": head}, name=name)

    def departments(self, muni: Municipality, rows: list[tuple[str, str]]) -> dict[str, Department]:
        return {
            name: self.get_or_create(Department, municipality=muni, division=division, name=name)
            for division, name in rows
        }

    def user(self, username: str, role: str, display: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, role=role, display_name=display)
            user.set_password(DEMO_PASSWORD)
            user.save()
            self.created[User._meta.verbose_name] += 1
        return user

    def setagaya_terms(self, council: Council, member_user: User) -> dict[int, Term]:
        """Two-year terms from the first one until the term that covers today."""
        terms = {}
        number, starts = data.FIRST_TERM
        today = timezone.localdate()
        while starts <= today:
            ends = dt.date(starts.year + data.TERM_YEARS, 3, 31)
            term = self.get_or_create(
                Term, {"starts_on": starts, "ends_on": ends}, council=council, number=number
            )
            terms[number] = term
            self.roster(term, len(terms) - 1, member_user)
            number, starts = number + 1, ends + dt.timedelta(days=1)
        return terms

    def roster(self, term: Term, rotation: int, member_user: User) -> None:
        """The pool rotated by one name per term; the demo member always serves."""
        pool = data.SETAGAYA_NAMES
        rows = [pool[(rotation + i) % len(pool)] for i in range(data.TERM_SIZE)]
        if all(row[0] != data.DEMO_MEMBER_NAME for row in rows):
            rows[-1] = next(row for row in pool if row[0] == data.DEMO_MEMBER_NAME)
        for order, (name, kana, affiliation, detail) in enumerate(rows, start=1):
            role = "chair" if order == 1 else "vice_chair" if order == 2 else "member"
            self.get_or_create(
                Member,
                {
                    "name_kana": kana,
                    "role": role,
                    "affiliation": affiliation,
                    "affiliation_detail": detail,
                    "appointed_on": term.starts_on,
                    "order": order,
                    "user": member_user if name == data.DEMO_MEMBER_NAME else None,
                },
                term=term,
                name=name,
            )

    # -- cases --------------------------------------------------------------------------

    def cases(
        self, council: Council, rows: list[tuple[str, str, dt.date | None]], author: User
    ) -> dict[str, Case]:
        """Each demo case from its case file, created once with the given status."""
        result = {}
        for key, status, consulted_on in rows:
            text = (CASE_FILES / f"{key}.yaml").read_text(encoding="utf-8")
            dossier = casefile.parse(casefile.load_text(text), self.catalogue)
            result[key] = self.case(council, dossier, status, consulted_on, author)
        return result

    def case(
        self,
        council: Council,
        dossier: Dossier,
        status: str,
        consulted_on: dt.date | None,
        author: User,
    ) -> Case:
        lookup: dict[str, Any] = {"council": council, "kind": dossier.kind}
        if dossier.number is not None:
            lookup.update(number=dossier.number, fiscal_year=dossier.fiscal_year)
        else:
            lookup.update(title=dossier.title, subtitle=dossier.subtitle)
        case = Case.objects.filter(**lookup).first()
        if case is not None:
            return case
        submitted = _submitted(consulted_on)
        case = Case(
            council=council,
            number=dossier.number,
            fiscal_year=dossier.fiscal_year,
            department=Department.objects.get(
                municipality=council.municipality,
                division=dossier.department_division,
                name=dossier.department_name,
            ),
            status=status,
            consulted_on=consulted_on,
            created_by=author,
            created_at=submitted or timezone.now(),
            submitted_at=None if status == "draft" else submitted or timezone.now(),
        )
        records.write_dossier(case, dossier)
        self.created[Case._meta.verbose_name] += 1
        return case

    @cached_property
    def catalogue(self) -> dict[str, str]:
        return records.catalogue()

    # -- meetings -----------------------------------------------------------------------

    def meeting(self, council: Council, term: Term | None, **fields: Any) -> tuple[Meeting, bool]:
        meeting = Meeting.objects.filter(
            council=council, fiscal_year=fields["fiscal_year"], ordinal=fields["ordinal"]
        ).first()
        if meeting is not None:
            return meeting, False
        meeting = Meeting.objects.create(council=council, term=term, **fields)
        self.created[Meeting._meta.verbose_name] += 1
        return meeting, True

    def attendance(self, meeting: Meeting, absent: set[str], late: set[str]) -> None:
        for member in meeting.members():
            status = (
                Attendance.Status.ABSENT
                if member.name in absent
                else Attendance.Status.LATE
                if member.name in late
                else Attendance.Status.PRESENT
            )
            Attendance.objects.create(meeting=meeting, member=member, status=status)

    def item(
        self,
        meeting: Meeting,
        order: int,
        kind: str,
        title: str,
        case: Case | None = None,
        **extra: Any,
    ) -> AgendaItem:
        return AgendaItem.objects.create(
            meeting=meeting, order=order, kind=kind, title=title, case=case, **extra
        )

    def decide(
        self,
        item: AgendaItem,
        outcome: str,
        present: int | None,
        handling: Handling | None = None,
        **extra: Any,
    ) -> Decision:
        return Decision.objects.create(
            agenda_item=item,
            handling=handling,
            outcome=outcome,
            decided_on=item.meeting.date,
            no_objection=True,
            votes_present=present,
            **extra,
        )


def _submitted(consulted_on: dt.date | None) -> dt.datetime | None:
    """Departments submit about a month before the meeting that hears the case."""
    if consulted_on is None:
        return None
    return dt.datetime.combine(consulted_on - dt.timedelta(days=35), dt.time(10, 0), tzinfo=JST)


def _published(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=30), dt.time(9, 0), tzinfo=JST)


def _setagaya_meeting_7(
    loader: Loader,
    council: Council,
    term: Term,
    cases: dict[str, Case],
    deps: dict[str, Department],
) -> Meeting:
    meeting, created = loader.meeting(
        council,
        term,
        fiscal_year=2022,
        ordinal=7,
        date=dt.date(2022, 12, 27),
        start_time=dt.time(14, 0),
        end_time=dt.time(15, 37),
        venue="世田谷区役所 第1庁舎5階 庁議室",
        format=MeetingFormat.IN_PERSON,
        status=MeetingStatus.HELD,
        observers=0,
        published_at=_published(dt.date(2022, 12, 27)),
    )
    if not created:
        return meeting
    names = [m.name for m in meeting.members()]
    loader.attendance(meeting, absent={names[-1], names[-2]}, late={names[5]})
    present = 11
    items = {}
    for order, key in enumerate(
        ["setagaya-999", "setagaya-1000", "setagaya-1001", "setagaya-1002", "setagaya-1003"],
        start=1,
    ):
        case = cases[key]
        items[key] = loader.item(meeting, order, "consultation", case.full_title, case)
        loader.decide(items[key], "approved", present)
        Material.objects.create(
            meeting=meeting,
            agenda_item=items[key],
            label=f"審議資料No.{order}",
            title=f"{case.number_label} {case.subtitle}",
            order=order,
        )
    reports = loader.item(
        meeting,
        6,
        "report",
        "事前送付した報告事項に係る質問への回答について（報告第351号から報告第353号まで）",
    )
    loader.decide(reports, "acknowledged", present)
    Material.objects.create(
        meeting=meeting,
        agenda_item=reports,
        label="資料6",
        title="報告事項に係る質問と回答",
        order=6,
    )
    loader.item(
        meeting,
        7,
        "other",
        "諮問第994号「個人情報の保護に関する法律の改正に伴う世田谷区の個人情報の取扱いに"
        "関する運用上の細則等について」の答申について",
    )
    decision_1000 = items["setagaya-1000"].decisions.get()
    Condition.objects.create(
        decision=decision_1000,
        kind=Condition.Kind.REQUEST,
        owner=deps["健康推進課"],
        text="事業者が区の認める範囲を超えて利用者情報を取得しないことを、契約書に明文化すること。",
        due_on=dt.date(2023, 1, 16),
        status=Condition.Status.OPEN,
    )
    Condition.objects.create(
        decision=decision_1000,
        kind=Condition.Kind.REQUEST,
        owner=deps["健康推進課"],
        text="「妊活」という用語の使用について、事業の運用の中で再検討すること。",
        due_on=timezone.localdate() + dt.timedelta(days=20),
        status=Condition.Status.IN_PROGRESS,
    )
    decision_1003 = items["setagaya-1003"].decisions.get()
    decision_1003.outcome = "approved_with_conditions"
    decision_1003.save()
    Condition.objects.create(
        decision=decision_1003,
        kind=Condition.Kind.OPINION,
        owner=deps["番号制度・マイナンバーカード交付推進担当課"],
        text="緊急時の事後評価により特定個人情報保護評価の手続が形骸化しないよう、"
        "区長を通じて国に意見を伝えること。",
        due_on=dt.date(2023, 1, 31),
        status=Condition.Status.DONE,
        evidence="会長・副会長が意見書を取りまとめ、区長を通じて国に送付。",
        closed_on=dt.date(2023, 1, 20),
    )
    return meeting


def _setagaya_meeting_8(
    loader: Loader,
    council: Council,
    term: Term,
    cases: dict[str, Case],
    deps: dict[str, Department],
) -> Meeting:
    meeting, created = loader.meeting(
        council,
        term,
        fiscal_year=2022,
        ordinal=8,
        date=dt.date(2023, 2, 3),
        start_time=dt.time(14, 0),
        end_time=dt.time(15, 10),
        venue="オンライン",
        format=MeetingFormat.ONLINE,
        status=MeetingStatus.HELD,
        observers=1,
        published_at=_published(dt.date(2023, 2, 3)),
    )
    if not created:
        return meeting
    names = [m.name for m in meeting.members()]
    loader.attendance(meeting, absent={names[3]}, late=set())
    minutes = loader.item(meeting, 1, "other", "令和4年度第7回審議会の会議録の確認について")
    case = cases["setagaya-1004"]
    item = loader.item(meeting, 2, "consultation", case.full_title, case)
    loader.decide(item, "approved", 12)
    Material.objects.create(
        meeting=meeting,
        agenda_item=item,
        label="資料1",
        title=f"{case.number_label} {case.subtitle}",
        order=1,
    )
    Material.objects.create(
        meeting=meeting,
        agenda_item=minutes,
        label="資料2",
        title="令和4年度第7回審議会 会議録（案）",
        order=2,
    )
    closed = loader.item(
        meeting,
        3,
        "other",
        "審査請求に係る調査審議について（個人情報開示決定処分）",
        is_public=False,
        closed_reason="審査請求人の個人情報を含むため（審議会条例による非公開）",
    )
    Material.objects.create(
        meeting=meeting,
        agenda_item=closed,
        label="資料3",
        title="審査請求書及び弁明書の写し",
        order=3,
        is_public=False,
    )
    follow_up = cases["setagaya-1001"].agenda_items.first()
    if follow_up is not None:
        Condition.objects.create(
            decision=follow_up.decisions.get(),
            kind=Condition.Kind.CONDITION,
            owner=deps["子ども家庭課"],
            due_meeting=meeting,
            status=Condition.Status.DONE,
            text="回線結合の方法が確定した段階で、改めて審議会に諮問すること。",
            evidence="令和4年度第8回審議会で諮問第1004号として審議し、承認された。",
            closed_on=meeting.date,
        )
    return meeting


def _next_weekday(start: dt.date, weekday: int) -> dt.date:
    return start + dt.timedelta(days=(weekday - start.weekday()) % 7)


def _setagaya_upcoming(loader: Loader, council: Council, cases: dict[str, Case]) -> None:
    """One scheduled meeting ahead of today, unless the council already has one."""
    today = timezone.localdate()
    if council.meetings.filter(date__gte=today, status=MeetingStatus.SCHEDULED).exists():
        return
    day = _next_weekday(today + dt.timedelta(days=14), 1)  # a Tuesday, two weeks ahead
    term = council.term_on(day)
    fiscal_year = wareki.fiscal_year(day)
    meeting, _ = loader.meeting(
        council,
        term,
        fiscal_year=fiscal_year,
        ordinal=Meeting.next_ordinal(council, fiscal_year),
        date=day,
        start_time=dt.time(14, 0),
        venue="世田谷区役所 第1庁舎5階 庁議室",
        format=MeetingFormat.HYBRID,
        question_deadline=day - dt.timedelta(days=7),
    )
    loader.item(meeting, 1, "other", "前回審議会の会議録の確認について")
    case = cases["setagaya-demo-pia-2026"]
    item = loader.item(meeting, 2, "consultation", case.full_title, case)
    Material.objects.create(
        meeting=meeting,
        agenda_item=item,
        label="資料1",
        title="特定個人情報保護評価書（全項目評価書）案",
        order=1,
    )


def _shinjuku(loader: Loader, secretariat: User) -> None:
    muni = loader.municipality("新宿区", "131041", "新宿区長")
    council = loader.get_or_create(
        Council,
        {"short_name": "新宿区審議会"},
        municipality=muni,
        name="新宿区情報公開・個人情報保護審議会",
    )
    loader.get_or_create(
        CouncilRule,
        {
            "consultation_types": [
                "external_connection",
                "use_beyond_purpose",
                "provision_to_third_party",
                "collection_from_others",
                "sensitive_info",
                "pia_third_party_inspection",
            ],
            "report_types": ["outsourcing", "new_recorded_items"],
            "note": "外部結合は諮問事項（承認）、業務委託は報告事項（了承）。",
        },
        council=council,
        valid_from=dt.date(2005, 4, 1),
    )
    deps = loader.departments(muni, data.SHINJUKU_DEPARTMENTS)
    term = loader.get_or_create(
        Term,
        {"starts_on": dt.date(2021, 4, 1), "ends_on": dt.date(2023, 3, 31)},
        council=council,
        number=1,
    )
    for order, (name, kana, role, affiliation) in enumerate(data.SHINJUKU_MEMBERS, start=1):
        loader.get_or_create(
            Member,
            {
                "name_kana": kana,
                "role": role,
                "affiliation": affiliation,
                "appointed_on": term.starts_on,
                "order": order,
            },
            term=term,
            name=name,
        )
    cases = loader.cases(council, data.SHINJUKU_CASES, secretariat)
    meeting, created = loader.meeting(
        council,
        term,
        fiscal_year=2022,
        ordinal=6,
        date=dt.date(2022, 11, 17),
        end_time=dt.time(14, 41),
        format=MeetingFormat.IN_PERSON,
        status=MeetingStatus.HELD,
        published_at=_published(dt.date(2022, 11, 17)),
    )
    if not created:
        return
    loader.attendance(meeting, absent=set(), late=set())
    c18, c19 = cases["shinjuku-18"], cases["shinjuku-19"]
    item18 = loader.item(meeting, 1, "consultation", c18.full_title, c18)
    connection, outsourcing = c18.handlings.order_by("order")
    loader.decide(item18, "approved", None, handling=connection)
    decision = loader.decide(item18, "acknowledged", None, handling=outsourcing)
    Condition.objects.create(
        decision=decision,
        kind=Condition.Kind.REQUEST,
        owner=deps["行政管理課"],
        text="ダウンロードした申請データ（Excel・CSV）は、各課で確実に削除すること。",
        due_on=dt.date(2023, 3, 31),
        status=Condition.Status.OPEN,
    )
    item19 = loader.item(meeting, 2, "report", c19.full_title, c19)
    loader.decide(item19, "acknowledged", None)
    for order, (label, title, item) in enumerate(
        [
            ("資料18", "東京共同電子申請・届出サービスの利用に係る外部結合等について", item18),
            ("資料18-1", "追加手続及び情報項目", item18),
            ("資料18-2", "個人情報の流れ", item18),
            ("参考資料18-1", "各手続の概要", item18),
            ("資料19", "マイナポイント申請支援業務の委託について", item19),
            ("資料19-1", "個人情報の流れ", item19),
        ],
        start=1,
    ):
        Material.objects.create(
            meeting=meeting, agenda_item=item, label=label, title=title, order=order
        )


@transaction.atomic
def load() -> Counter[str]:
    """Load everything; return how many rows of each kind were created."""
    loader = Loader()
    muni = loader.municipality("世田谷区", "131121", "世田谷区長")
    council = loader.get_or_create(
        Council,
        {"short_name": "世田谷区審議会"},
        municipality=muni,
        name="世田谷区情報公開・個人情報保護審議会",
    )
    for rule in data.SETAGAYA_RULES:
        loader.get_or_create(
            CouncilRule,
            {k: v for k, v in rule.items() if k != "valid_from"},
            council=council,
            valid_from=rule["valid_from"],
        )
    deps = loader.departments(muni, data.SETAGAYA_DEPARTMENTS)
    secretariat = loader.user("secretariat", Role.SECRETARIAT, "区政情報課 事務局")
    department = loader.user("department", Role.DEPARTMENT, "健康推進課 担当")
    member = loader.user("member", Role.MEMBER, data.DEMO_MEMBER_NAME)
    deps["区政情報課"].staff.add(secretariat)
    deps["健康推進課"].staff.add(department)
    terms = loader.setagaya_terms(council, member)
    cases = loader.cases(council, data.SETAGAYA_CASES, secretariat)
    seventh = _setagaya_meeting_7(loader, council, terms[13], cases, deps)
    eighth = _setagaya_meeting_8(loader, council, terms[13], cases, deps)
    _setagaya_upcoming(loader, council, cases)
    _shinjuku(loader, secretariat)
    _minutes(loader, seventh, eighth, secretariat)
    loader.created.update(reports_demo.load())
    return loader.created


QUESTIONS_999 = (
    # What members asked on 諮問第999号 and 第1000号, as the minutes record it (restated).
    (
        1,
        "一般回線とインターネットVPNでの接続は、LGWANと同等の安全性が確保できるのか。",
        "一般回線を利用する場合はインターネットVPNを使うよう、DX推進担当部から助言を受けており、"
        "その条件で委託先を選定する。",
        "健康推進課",
    ),
    (
        2,
        "LINEを使った相談は、セキュリティ上問題はないのか。",
        "LINEは登録の入口としてのみ使い、相談のやり取りは委託先の独自のシステムで行う。",
        "健康推進課",
    ),
)


def _minutes(loader: Loader, seventh: Meeting, eighth: Meeting, secretariat: User) -> None:
    """Draft minutes from the meetings' records; the 7th's approved at the 8th."""
    if not MeetingQuestion.objects.filter(meeting=seventh).exists():
        for number, (order, text, answer, department) in enumerate(QUESTIONS_999, 1):
            question = MeetingQuestion.objects.create(
                meeting=seventh,
                number=number,
                phase=MeetingQuestion.Phase.DURING,
                text=text,
                answer=answer,
                asked_by=seventh.members()[2 + number],
                answered_by=Department.objects.get(
                    municipality=seventh.council.municipality, name=department
                ),
            )
            question.agenda_items.set(seventh.agenda_items.filter(order=order))
    for meeting in Meeting.objects.filter(status=MeetingStatus.HELD):
        if not Minutes.objects.filter(meeting=meeting).exists():
            minutes_actions.generate_draft(meeting, secretariat)
            loader.created[Minutes._meta.verbose_name] += 1
    minutes = Minutes.objects.get(meeting=seventh)
    if not minutes.is_approved:
        minutes_actions.approve(minutes, eighth, secretariat)
