"""The signed-in home page per role: upcoming meetings, open cases and conditions due."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from conftest import World
from shingikai.meetings.models import AgendaItem, Condition, Decision, Meeting, MeetingStatus

# Every test touches the database; the marker also makes pytest-django set up the test
# database when a selection holds only tests that ask for their client by name.
pytestmark = pytest.mark.django_db

TODAY = dt.date(2024, 6, 3)
CONDITIONS_HEADING = "期限が近い・期限を過ぎた条件"


@pytest.fixture(autouse=True)
def today(time_machine: time_machine.TimeMachineFixture) -> dt.date:
    time_machine.move_to(dt.datetime(2024, 6, 3, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo")), tick=False)
    return TODAY


@pytest.fixture
def upcoming(world: World) -> dict[str, Meeting]:
    def meeting(ordinal: int, day: dt.date, **extra: object) -> Meeting:
        return Meeting.objects.create(
            council=world.council,
            term=world.term,
            fiscal_year=2024,
            ordinal=ordinal,
            date=day,
            **extra,
        )

    with_health = meeting(
        1, TODAY + dt.timedelta(days=17), venue="区役所第一会議室", start_time=dt.time(14, 0)
    )
    AgendaItem.objects.create(
        meeting=with_health,
        order=1,
        kind="consultation",
        title=world.health_case.title,
        case=world.health_case,
    )
    without_cases = meeting(2, TODAY + dt.timedelta(days=45), format="online")
    cancelled = meeting(3, TODAY + dt.timedelta(days=5), status=MeetingStatus.CANCELLED)
    today_meeting = meeting(4, TODAY)
    return {
        "with_health": with_health,
        "without_cases": without_cases,
        "cancelled": cancelled,
        "today": today_meeting,
    }


def _meeting_links(html: str) -> set[int]:
    section = html[html.index('id="h-next"') : html.index('id="h-cases"')]
    return {int(pk) for pk in re.findall(r'<a href="/meetings/(\d+)/">', section)}


@pytest.mark.parametrize(
    ("client_name", "expected"),
    [
        ("secretariat_client", {"with_health", "without_cases", "today"}),
        ("member_client", {"with_health", "without_cases", "today"}),
        ("department_client", {"with_health"}),
        ("other_department_client", set()),
        ("outsider_client", set()),
    ],
)
def test_it_lists_the_upcoming_meetings_each_role_may_see(
    request: pytest.FixtureRequest,
    world: World,
    upcoming: dict[str, Meeting],
    client_name: str,
    expected: set[str],
) -> None:
    client: Client = request.getfixturevalue(client_name)

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert _meeting_links(html) == {upcoming[name].pk for name in expected}
    assert world.meeting.pk not in _meeting_links(html)
    assert ("予定されている会議はありません。" in html) is (not expected)


def test_it_shows_the_date_time_and_venue_of_an_upcoming_meeting(
    upcoming: dict[str, Meeting], department_client: Client
) -> None:
    html = department_client.get("/").content.decode()

    assert "<strong>令和6年度第1回</strong>" in html
    assert "令和6年6月20日（木）" in html
    assert "午後2時00分" in html
    assert "区役所第一会議室" in html
    assert "令和6年6月3日（月）" in html  # today, in the heading


def _counts(html: str) -> dict[str, int]:
    pairs = re.findall(r'<a href="/cases/\?status=(\w+)"><strong>(\d+)</strong>', html)
    return {status: int(n) for status, n in pairs}


@pytest.mark.parametrize(
    ("client_name", "expected"),
    [
        (
            "secretariat_client",
            {"draft": 1, "submitted": 0, "returned": 0, "accepted": 1, "scheduled": 1},
        ),
        (
            "department_client",
            {"draft": 0, "submitted": 0, "returned": 0, "accepted": 1, "scheduled": 0},
        ),
        (
            "other_department_client",
            {"draft": 1, "submitted": 0, "returned": 0, "accepted": 0, "scheduled": 1},
        ),
        (
            "member_client",
            {"draft": 0, "submitted": 0, "returned": 0, "accepted": 1, "scheduled": 1},
        ),
        (
            "outsider_client",
            {"draft": 0, "submitted": 0, "returned": 0, "accepted": 0, "scheduled": 0},
        ),
    ],
)
def test_it_counts_the_open_cases_each_role_may_see(
    request: pytest.FixtureRequest, client_name: str, expected: dict[str, int]
) -> None:
    client: Client = request.getfixturevalue(client_name)

    assert _counts(client.get("/").content.decode()) == expected


def test_it_lists_recently_updated_open_cases(
    world: World, secretariat_client: Client, department_client: Client
) -> None:
    secretariat = secretariat_client.get("/").content.decode()
    department = department_client.get("/").content.decode()

    assert "最近更新された案件" in secretariat
    assert world.childcare_draft.title in secretariat
    assert world.childcare_draft.title not in department
    assert world.health_case.title in department


@pytest.fixture
def conditions(world: World, upcoming: dict[str, Meeting]) -> dict[str, Condition]:
    health_item, childcare_item = world.meeting.agenda_items.order_by("order")
    health_decision = Decision.objects.create(
        agenda_item=health_item, outcome="approved_with_conditions", decided_on=world.meeting.date
    )
    childcare_decision = Decision.objects.create(
        agenda_item=childcare_item,
        outcome="approved_with_conditions",
        decided_on=world.meeting.date,
    )

    def condition(text: str, days: int | None, owner: str = "health", **extra: object) -> Condition:
        return Condition.objects.create(
            decision=health_decision if owner == "health" else childcare_decision,
            text=text,
            owner=world.health if owner == "health" else world.childcare,
            due_on=None if days is None else TODAY + dt.timedelta(days=days),
            **extra,
        )

    return {
        "soon": condition("委託先の保管状況を報告すること", 10),
        "overdue": condition("再委託の有無を確認すること", -10),
        "edge": condition("ちょうど30日後が期限の条件", 30),
        "far": condition("まだ先が期限の条件", 31),
        "done": condition("対応済みの条件", 5, status=Condition.Status.DONE),
        "in_progress": condition("対応中の条件", 3, status=Condition.Status.IN_PROGRESS),
        "at_meeting": condition(
            "次回の会議で報告すること", None, due_meeting=upcoming["with_health"]
        ),
        "childcare": condition("子ども家庭課が対応する条件", 5, owner="childcare"),
    }


def _condition_texts(html: str) -> set[str]:
    if CONDITIONS_HEADING not in html:
        return set()
    section = html[html.index(CONDITIONS_HEADING) :]
    return set(re.findall(r"<td>(?:条件|付帯意見|要望)：([^<]*)</td>", section))


@pytest.mark.parametrize(
    ("client_name", "expected"),
    [
        (
            "secretariat_client",
            {"soon", "overdue", "edge", "in_progress", "at_meeting", "childcare"},
        ),
        ("department_client", {"soon", "overdue", "edge", "in_progress", "at_meeting"}),
        ("other_department_client", {"childcare"}),
    ],
)
def test_it_lists_conditions_due_within_thirty_days_or_overdue_for_their_owners(
    request: pytest.FixtureRequest,
    conditions: dict[str, Condition],
    client_name: str,
    expected: set[str],
) -> None:
    client: Client = request.getfixturevalue(client_name)

    html = client.get("/").content.decode()

    assert CONDITIONS_HEADING in html
    assert _condition_texts(html) == {conditions[name].text for name in expected}


def test_it_marks_overdue_conditions_and_sorts_by_due_date(
    conditions: dict[str, Condition], department_client: Client
) -> None:
    html = department_client.get("/").content.decode()
    section = html[html.index(CONDITIONS_HEADING) :]

    rows = re.findall(
        r"<tr>\s*<td class=\"nowrap\">(.*?)</td>\s*<td>条件：([^<]*)</td>", section, re.S
    )
    assert [text for _, text in rows] == [
        "再委託の有無を確認すること",
        "対応中の条件",
        "委託先の保管状況を報告すること",
        "次回の会議で報告すること",
        "ちょうど30日後が期限の条件",
    ]
    overdue = [text for cell, text in rows if "期限超過" in cell]
    assert overdue == ["再委託の有無を確認すること"]
    assert "令和6年5月24日" in rows[0][0]


def test_it_tells_the_department_when_nothing_is_due(
    conditions: dict[str, Condition], other_department_client: Client
) -> None:
    conditions["childcare"].status = Condition.Status.DONE
    conditions["childcare"].save()

    html = other_department_client.get("/").content.decode()

    assert CONDITIONS_HEADING in html
    assert "30日以内に期限が来る条件はありません。" in html


@pytest.mark.parametrize("client_name", ["member_client", "outsider_client"])
def test_it_shows_members_no_conditions_section(
    request: pytest.FixtureRequest, conditions: dict[str, Condition], client_name: str
) -> None:
    client: Client = request.getfixturevalue(client_name)

    html = client.get("/").content.decode()

    assert CONDITIONS_HEADING not in html
    for condition in conditions.values():
        assert condition.text not in html


@pytest.mark.parametrize(
    ("client_name", "create", "schedule"),
    [
        ("secretariat_client", True, True),
        ("department_client", True, False),
        ("member_client", False, False),
    ],
)
def test_it_offers_the_buttons_of_each_role(
    request: pytest.FixtureRequest, client_name: str, create: bool, schedule: bool
) -> None:
    client: Client = request.getfixturevalue(client_name)

    html = client.get("/").content.decode()

    assert ('href="/cases/new/">案件を作成</a>' in html) is create
    assert ('href="/meetings/new/">会議を登録</a>' in html) is schedule
