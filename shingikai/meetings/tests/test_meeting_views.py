"""Meeting screens per role: list, detail (closed items, quorum), creation and downloads."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import Settings

from conftest import World, make_case
from shingikai.accounts.models import AuditEvent
from shingikai.councils.models import Term
from shingikai.meetings.models import AgendaItem, Attendance, Material, Meeting

# Every test touches the database; the marker also makes pytest-django set up the test
# database when a selection holds only tests that ask for their client by name.
pytestmark = pytest.mark.django_db

HEALTH_ITEM = "健康推進課の受理済み案件"
CLOSED_ITEM = "子ども家庭課の審議予定案件"
CLOSED_REASON = "個人情報を含むため"


@pytest.fixture
def meetings(world: World) -> dict[str, Meeting]:
    """Beside the world's meeting: one of the same term without cases of either department,
    and one of an earlier term the member did not serve in."""
    later = Meeting.objects.create(
        council=world.council,
        term=world.term,
        fiscal_year=2023,
        ordinal=1,
        date=dt.date(2023, 5, 20),
    )
    AgendaItem.objects.create(meeting=later, order=1, kind="other", title="会長の選出について")
    old_term = Term.objects.create(
        council=world.council, number=0, starts_on=dt.date(2016, 4, 1), ends_on=dt.date(2020, 3, 31)
    )
    old = Meeting.objects.create(
        council=world.council, term=old_term, fiscal_year=2018, ordinal=3, date=dt.date(2018, 11, 5)
    )
    return {"current": world.meeting, "later": later, "old": old}


def _listed(client: Client) -> set[int]:
    response = client.get("/meetings/")
    assert response.status_code == 200
    return {
        int(pk) for pk in re.findall(r'<td><a href="/meetings/(\d+)/">', response.content.decode())
    }


@pytest.mark.parametrize(
    ("client_name", "expected"),
    [
        ("secretariat_client", {"current", "later", "old"}),
        ("member_client", {"current", "later"}),
        ("department_client", {"current"}),
        ("other_department_client", {"current"}),
        ("outsider_client", set()),
    ],
)
def test_it_lists_and_opens_the_meetings_each_role_may_see(
    request: pytest.FixtureRequest,
    meetings: dict[str, Meeting],
    client_name: str,
    expected: set[str],
) -> None:
    client: Client = request.getfixturevalue(client_name)

    assert _listed(client) == {meetings[name].pk for name in expected}
    for name, meeting in meetings.items():
        status = client.get(f"/meetings/{meeting.pk}/").status_code
        assert status == (200 if name in expected else 404), name


def test_it_labels_meetings_by_fiscal_year_and_ordinal(
    meetings: dict[str, Meeting], secretariat_client: Client
) -> None:
    html = secretariat_client.get("/meetings/").content.decode()

    assert f'<a href="/meetings/{meetings["current"].pk}/">令和4年度第1回</a>' in html
    assert f'<a href="/meetings/{meetings["later"].pk}/">令和5年度第1回</a>' in html
    assert f'<a href="/meetings/{meetings["old"].pk}/">平成30年度第3回</a>' in html
    assert "会議を登録" in html


def test_it_filters_the_list_by_fiscal_year(
    meetings: dict[str, Meeting], secretariat_client: Client
) -> None:
    response = secretariat_client.get("/meetings/", {"fy": 2023})

    pks = {
        int(pk) for pk in re.findall(r'<td><a href="/meetings/(\d+)/">', response.content.decode())
    }
    assert pks == {meetings["later"].pk}


def test_it_tells_the_outsider_there_are_no_meetings(outsider_client: Client) -> None:
    assert "会議はありません。" in outsider_client.get("/meetings/").content.decode()


def test_it_hides_another_departments_closed_item_from_department_staff(
    world: World, department_client: Client
) -> None:
    response = department_client.get(f"/meetings/{world.meeting.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert HEALTH_ITEM in html
    assert f'href="/cases/{world.health_case.pk}/"' in html
    assert CLOSED_ITEM not in html
    assert CLOSED_REASON not in html
    assert "子ども家庭課" not in html


def test_it_shows_the_other_department_its_own_closed_item(
    world: World, other_department_client: Client
) -> None:
    html = other_department_client.get(f"/meetings/{world.meeting.pk}/").content.decode()

    assert CLOSED_ITEM in html
    assert CLOSED_REASON in html
    assert f'href="/cases/{world.childcare_case.pk}/"' in html
    # The public item of the other department is shown, without a link to its case.
    assert HEALTH_ITEM in html
    assert f'href="/cases/{world.health_case.pk}/"' not in html


@pytest.mark.parametrize("client_name", ["secretariat_client", "member_client"])
def test_it_shows_secretariat_and_members_every_item(
    request: pytest.FixtureRequest, world: World, client_name: str
) -> None:
    client: Client = request.getfixturevalue(client_name)

    html = client.get(f"/meetings/{world.meeting.pk}/").content.decode()

    assert HEALTH_ITEM in html
    assert CLOSED_ITEM in html
    assert '<span class="badge badge--closed">非公開</span>' in html


def _attend(world: World, present: int, late: int = 0, absent: int = 0) -> None:
    statuses = (
        [Attendance.Status.PRESENT] * present
        + [Attendance.Status.LATE] * late
        + [Attendance.Status.ABSENT] * absent
    )
    for member, status in zip(world.members, statuses, strict=False):
        Attendance.objects.create(meeting=world.meeting, member=member, status=status)


def test_it_reports_the_quorum_met_with_four_of_seven_present(
    world: World, secretariat_client: Client
) -> None:
    _attend(world, present=4, absent=3)

    html = secretariat_client.get(f"/meetings/{world.meeting.pk}/").content.decode()

    assert "定足数を満たしています" in html
    assert "定足数に達していません" not in html
    assert "（委員7人中 出席4人／必要4人）" in html


def test_it_reports_the_quorum_not_met_with_three_of_seven_present(
    world: World, secretariat_client: Client
) -> None:
    _attend(world, present=3, absent=4)

    html = secretariat_client.get(f"/meetings/{world.meeting.pk}/").content.decode()

    assert "定足数に達していません" in html
    assert "定足数を満たしています" not in html
    assert "（委員7人中 出席3人／必要4人）" in html


def test_it_counts_late_members_towards_the_quorum(world: World, member_client: Client) -> None:
    _attend(world, present=3, late=1, absent=3)

    html = member_client.get(f"/meetings/{world.meeting.pk}/").content.decode()

    assert "定足数を満たしています" in html
    assert "（委員7人中 出席4人／必要4人）" in html
    assert "遅参" in html


def test_it_follows_an_inclusive_quorum_rule(world: World, secretariat_client: Client) -> None:
    world.rule.quorum_exclusive = False
    world.rule.save()
    _attend(world, present=4)

    html = secretariat_client.get(f"/meetings/{world.meeting.pk}/").content.decode()

    assert "（委員7人中 出席4人／必要4人）" in html


# -- creating a meeting -----------------------------------------------------------------


def _meeting_data(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "council": world.council.pk,
        "date": "2022-09-01",
        "start_time": "14:00",
        "end_time": "15:30",
        "venue": "第一会議室",
        "format": "in_person",
        "question_deadline": "2022-08-25",
        "note": "",
    }
    data.update(overrides)
    return data


def _field_error(html: str, field_id: str) -> str:
    match = re.search(rf'<p class="field__error" id="{field_id}-error">(.*?)</p>', html)
    return match.group(1) if match else ""


def test_it_gives_the_second_meeting_of_a_fiscal_year_the_ordinal_two(
    world: World, secretariat_client: Client
) -> None:
    response = secretariat_client.post("/meetings/new/", _meeting_data(world), follow=True)

    meeting = Meeting.objects.get(date=dt.date(2022, 9, 1))
    assert response.redirect_chain == [(f"/meetings/{meeting.pk}/", 302)]
    assert (meeting.fiscal_year, meeting.ordinal) == (2022, 2)
    assert meeting.term == world.term
    assert meeting.venue == "第一会議室"
    html = response.content.decode()
    assert "令和4年度第2回を登録しました。" in html
    assert "<h1>令和4年度第2回 テスト区情報公開・個人情報保護審議会</h1>" in html
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE)
    assert (event.actor, event.object_id) == (world.secretariat, str(meeting.pk))


def test_it_starts_the_ordinals_again_in_a_new_fiscal_year(
    world: World, secretariat_client: Client
) -> None:
    secretariat_client.post(
        "/meetings/new/", _meeting_data(world, date="2023-04-10", question_deadline="")
    )

    meeting = Meeting.objects.get(date=dt.date(2023, 4, 10))
    assert (meeting.fiscal_year, meeting.ordinal) == (2023, 1)


def test_it_numbers_successive_meetings_one_after_another(
    world: World, secretariat_client: Client
) -> None:
    for day in ("2022-09-01", "2022-12-01", "2023-03-31"):
        secretariat_client.post(
            "/meetings/new/", _meeting_data(world, date=day, question_deadline="")
        )

    ordinals = (
        Meeting.objects.filter(fiscal_year=2022).order_by("date").values_list("ordinal", flat=True)
    )
    assert list(ordinals) == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("overrides", "field_id", "message"),
    [
        (
            {"date": "2035-06-01", "question_deadline": ""},
            "id_date",
            "この日付を含む委員の任期（期）が登録されていません。",
        ),
        (
            {"question_deadline": "2022-09-02"},
            "id_question_deadline",
            "質問の締切日は開催日以前にしてください。",
        ),
        (
            {"start_time": "15:00", "end_time": "14:00"},
            "id_end_time",
            "終了時刻は開始時刻より後にしてください。",
        ),
        ({"date": ""}, "id_date", "この項目は必須です。"),
        ({"date": "2022-13-45"}, "id_date", "正しい形式で入力してください。"),
    ],
)
def test_it_shows_the_japanese_error_next_to_the_field_and_creates_nothing(
    world: World, secretariat_client: Client, overrides: dict[str, str], field_id: str, message: str
) -> None:
    response = secretariat_client.post("/meetings/new/", _meeting_data(world, **overrides))

    assert response.status_code == 200
    html = response.content.decode()
    assert _field_error(html, field_id) == message
    assert "入力内容を確認してください（1件）。" in html
    assert 'value="第一会議室"' in html
    assert Meeting.objects.count() == 1
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CREATE).exists()


@pytest.mark.parametrize("client_name", ["member_client", "department_client", "outsider_client"])
def test_it_refuses_meeting_creation_to_everyone_but_the_secretariat(
    request: pytest.FixtureRequest, world: World, client_name: str
) -> None:
    client: Client = request.getfixturevalue(client_name)

    assert client.get("/meetings/new/").status_code == 403
    assert client.post("/meetings/new/", _meeting_data(world)).status_code == 403
    assert Meeting.objects.count() == 1
    assert "会議を登録" not in client.get("/meetings/").content.decode()


# -- downloading materials --------------------------------------------------------------


@pytest.fixture
def materials(world: World, settings: Settings, tmp_path: Path) -> dict[str, Material]:
    settings.MEDIA_ROOT = tmp_path
    public_item, closed_item = world.meeting.agenda_items.order_by("order")
    return {
        "public": Material.objects.create(
            meeting=world.meeting,
            agenda_item=public_item,
            label="資料1",
            title="健康推進課の説明資料",
            file=SimpleUploadedFile("setsumei.pdf", b"%PDF-1.4 public", "application/pdf"),
        ),
        "closed": Material.objects.create(
            meeting=world.meeting,
            agenda_item=closed_item,
            label="資料2",
            title="子ども家庭課の非公開資料",
            is_public=False,
            file=SimpleUploadedFile("hikoukai.pdf", b"%PDF-1.4 closed", "application/pdf"),
        ),
        "paper": Material.objects.create(
            meeting=world.meeting, label="参考資料1", title="紙だけで配った資料"
        ),
    }


def _download(client: Client, material: Material) -> tuple[int, bytes, str]:
    response = client.get(f"/meetings/{material.meeting_id}/materials/{material.pk}/")
    # Reading a streamed body to the end closes the file (the test client wraps it).
    body = b"".join(response.streaming_content) if response.streaming else b""
    return response.status_code, body, response.get("Content-Disposition", "")


def test_it_stores_the_uploaded_file_under_media_root(
    materials: dict[str, Material], tmp_path: Path
) -> None:
    assert Path(materials["public"].file.path).is_relative_to(tmp_path)
    assert Path(materials["public"].file.path).read_bytes() == b"%PDF-1.4 public"


def test_it_lets_the_secretariat_download_a_closed_material_as_an_attachment(
    materials: dict[str, Material], secretariat_client: Client
) -> None:
    status, body, disposition = _download(secretariat_client, materials["closed"])

    assert status == 200
    assert body == b"%PDF-1.4 closed"
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''" in disposition
    assert ".pdf" in disposition


@pytest.mark.parametrize(
    ("client_name", "material", "expected"),
    [
        ("department_client", "public", 200),
        ("department_client", "closed", 404),
        ("other_department_client", "public", 200),
        ("other_department_client", "closed", 200),
        ("member_client", "public", 200),
        ("member_client", "closed", 200),
        ("outsider_client", "public", 404),
        ("outsider_client", "closed", 404),
        ("secretariat_client", "paper", 404),
    ],
)
def test_it_checks_who_may_download_each_material(
    request: pytest.FixtureRequest,
    materials: dict[str, Material],
    client_name: str,
    material: str,
    expected: int,
) -> None:
    client: Client = request.getfixturevalue(client_name)

    status, body, _ = _download(client, materials[material])

    assert status == expected
    if expected == 200:
        assert body.startswith(b"%PDF-1.4")


def test_it_refuses_a_material_through_another_meeting(
    world: World, materials: dict[str, Material], secretariat_client: Client
) -> None:
    other = Meeting.objects.create(
        council=world.council,
        term=world.term,
        fiscal_year=2022,
        ordinal=2,
        date=dt.date(2022, 9, 1),
    )

    response = secretariat_client.get(f"/meetings/{other.pk}/materials/{materials['public'].pk}/")

    assert response.status_code == 404


def test_it_lists_only_the_materials_the_department_may_see(
    world: World, materials: dict[str, Material], department_client: Client
) -> None:
    html = department_client.get(f"/meetings/{world.meeting.pk}/").content.decode()

    assert "健康推進課の説明資料" in html
    assert f'href="/meetings/{world.meeting.pk}/materials/{materials["public"].pk}/"' in html
    assert "子ども家庭課の非公開資料" not in html
    assert "紙だけで配った資料" in html


def test_it_lists_a_department_their_own_closed_case_material(
    world: World, materials: dict[str, Material], other_department_client: Client
) -> None:
    html = other_department_client.get(f"/meetings/{world.meeting.pk}/").content.decode()

    assert "子ども家庭課の非公開資料" in html


def test_it_hides_a_non_public_material_of_a_public_item_from_other_departments(
    world: World, settings: Settings, tmp_path: Path, other_department_client: Client
) -> None:
    settings.MEDIA_ROOT = tmp_path
    public_item = world.meeting.agenda_items.get(order=1)
    draft_material = Material.objects.create(
        meeting=world.meeting,
        agenda_item=public_item,
        label="資料3",
        title="健康推進課の委員限り資料",
        is_public=False,
        file=SimpleUploadedFile("iin.pdf", b"%PDF-1.4 members only"),
    )

    status, _, _ = _download(other_department_client, draft_material)

    assert status == 404
    html = other_department_client.get(f"/meetings/{world.meeting.pk}/").content.decode()
    assert "健康推進課の委員限り資料" not in html


def test_it_shows_department_staff_a_meeting_only_with_their_case_on_the_agenda(
    world: World, department_client: Client
) -> None:
    draft = make_case(world.council, world.health, "まだ議題でない下書き", "draft")
    later = Meeting.objects.create(
        council=world.council,
        term=world.term,
        fiscal_year=2022,
        ordinal=2,
        date=dt.date(2022, 9, 1),
    )

    assert department_client.get(f"/meetings/{later.pk}/").status_code == 404
    AgendaItem.objects.create(
        meeting=later, order=1, kind="consultation", title=draft.title, case=draft
    )
    assert department_client.get(f"/meetings/{later.pk}/").status_code == 200
