"""`shingikai demo`: the demo loads the published Setagaya and Shinjuku cases, once."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone

from shingikai.accounts.models import Role, User
from shingikai.councils.models import Council, Member
from shingikai.dossiers.models import Case
from shingikai.meetings.models import Material, Meeting, MeetingStatus

SETAGAYA = "世田谷区情報公開・個人情報保護審議会"
SHINJUKU = "新宿区情報公開・個人情報保護審議会"
APPS = ("accounts", "councils", "dossiers", "meetings")


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for label in APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }


def _demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db: None) -> str:
    return _demo()


def test_it_loads_once_and_then_changes_nothing(demo: str) -> None:
    first = _counts()
    assert "デモデータを読み込みました" in demo
    assert first["dossiers.Case"] > 0
    assert first["meetings.Meeting"] > 0

    again = _demo()

    assert "変更なし" in again
    assert _counts() == first


def test_it_loads_setagaya_cases_999_to_1004(demo: str) -> None:
    council = Council.objects.get(name=SETAGAYA)
    cases = {
        c.number: c
        for c in Case.objects.filter(council=council, kind="consultation", fiscal_year=2022)
    }

    assert sorted(cases) == [999, 1000, 1001, 1002, 1003, 1004]
    assert [cases[n].number_label for n in (999, 1004)] == ["諮問第999号", "諮問第1004号"]
    assert {n: cases[n].department.name for n in cases} == {
        999: "健康推進課",
        1000: "健康推進課",
        1001: "子ども家庭課",
        1002: "障害保健福祉課",
        1003: "番号制度・マイナンバーカード交付推進担当課",
        1004: "子ども家庭課",
    }
    assert {n: cases[n].handling_types() for n in cases} == {
        999: ["outsourcing", "new_recorded_items", "external_connection", "external_connection"],
        1000: ["outsourcing"],
        1001: ["outsourcing", "use_beyond_purpose"],
        1002: ["outsourcing"],
        1003: ["pia_third_party_inspection"],
        1004: ["external_connection"],
    }
    assert cases[999].subtitle == "出産・子育て応援事業の実施"


def test_it_loads_setagayas_seventh_meeting_of_fy2022(demo: str) -> None:
    meeting = Meeting.objects.get(council__name=SETAGAYA, fiscal_year=2022, ordinal=7)

    assert meeting.label == "令和4年度第7回"
    assert meeting.date == dt.date(2022, 12, 27)
    assert meeting.status == MeetingStatus.HELD
    quorum = meeting.quorum()
    assert (quorum.members, quorum.attending, quorum.needed) == (13, 11, 7)
    assert quorum.met is True

    decisions = {
        item.case.number: item.decisions.get()
        for item in meeting.agenda_items.filter(case__isnull=False).select_related("case")
    }
    for number in (999, 1000, 1001, 1002):
        decision = decisions[number]
        assert decision.get_outcome_display() == "承認"
        assert decision.no_objection
        assert decision.vote_summary == "異議なし"
        assert decision.decided_on == dt.date(2022, 12, 27)
    assert decisions[1003].get_outcome_display() == "承認（条件・付帯意見付き）"


def test_it_loads_shinjukus_decisions_per_handling(demo: str) -> None:
    meeting = Meeting.objects.get(council__name=SHINJUKU, fiscal_year=2022, ordinal=6)

    assert meeting.label == "令和4年度第6回"
    assert meeting.date == dt.date(2022, 11, 17)

    item18, item19 = meeting.agenda_items.order_by("order")
    assert item18.title.startswith("東京共同電子申請・届出サービスの利用に係る外部結合等について")
    by_handling = {
        d.handling.get_type_display(): d.get_outcome_display()
        for d in item18.decisions.select_related("handling")
    }
    assert by_handling == {"外部結合": "承認", "外部委託": "了承"}

    assert item19.title == "マイナポイント申請支援業務の委託について"
    assert item19.case.kind == "report"
    assert [(d.handling, d.get_outcome_display()) for d in item19.decisions.all()] == [
        (None, "了承")
    ]

    labels = list(Material.objects.filter(meeting=meeting).values_list("label", flat=True))
    assert labels == ["資料18", "資料18-1", "資料18-2", "参考資料18-1", "資料19", "資料19-1"]
    assert set(item19.materials.values_list("label", flat=True)) == {"資料19", "資料19-1"}


def test_it_schedules_one_meeting_after_today(demo: str) -> None:
    today = timezone.localdate()
    upcoming = Meeting.objects.filter(
        council__name=SETAGAYA, date__gt=today, status=MeetingStatus.SCHEDULED
    )

    assert upcoming.count() == 1
    assert upcoming.get().agenda_items.filter(case__isnull=False).exists()


@pytest.mark.parametrize(
    ("username", "role"),
    [
        ("secretariat", Role.SECRETARIAT),
        ("department", Role.DEPARTMENT),
        ("member", Role.MEMBER),
    ],
)
def test_it_creates_demo_accounts(demo: str, username: str, role: str) -> None:
    user = authenticate(username=username, password="shingikai-demo")

    assert isinstance(user, User)
    assert user.role == role
    assert authenticate(username=username, password="wrong-password") is None


def test_it_links_the_member_account_to_the_current_term(demo: str) -> None:
    council = Council.objects.get(name=SETAGAYA)
    today = timezone.localdate()
    term = council.term_on(today)
    assert term is not None, f"the demo has no term in force on {today}"

    member = User.objects.get(username="member")
    rows = Member.objects.filter(user=member)

    assert rows.filter(term=term).count() == 1
    assert rows.get(term=term) in term.members_on(today)
    assert rows.count() == council.terms.count()


@pytest.mark.django_db
def test_it_adds_terms_until_one_covers_today() -> None:
    with time_machine.travel(dt.datetime(2031, 6, 1, 12, tzinfo=dt.UTC), tick=False):
        _demo()
        council = Council.objects.get(name=SETAGAYA)
        term = council.term_on(dt.date(2031, 6, 1))

    assert term is not None
    assert term.number == 18
    assert Member.objects.filter(term=term, user__username="member").exists()
