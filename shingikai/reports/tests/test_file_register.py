"""The file register: the public pages and CSV show only published files (1,000 persons or
more, or every file where the municipality publishes all); staff pages, editing with the
linked cases, and who may do what."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from shingikai.accounts.models import AuditEvent
from shingikai.reports.models import PersonalInfoFile, RegisterSettings
from shingikai.reports.tests.factories import info_file

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def files(world: World) -> dict[str, PersonalInfoFile]:
    return {
        "large": info_file(world, "健康診査受診者ファイル", 1000, revised_on=dt.date(2024, 4, 1)),
        "small": info_file(world, "講座受講者名簿", 999, file_type="manual"),
        "abolished": info_file(world, "旧事業ファイル", 5000, abolished_on=dt.date(2024, 3, 31)),
        "exempt": info_file(
            world, "職員研修記録ファイル", 2000, exemption="職員の人事に関する記録"
        ),
        "childcare": info_file(world, "児童相談記録ファイル", 2400, department=world.childcare),
    }


def names(page: str, candidates: dict[str, PersonalInfoFile]) -> set[str]:
    return {key for key, f in candidates.items() if f.name in page}


def test_it_publishes_only_files_of_1000_persons_or_more(
    client: Client, files: dict[str, PersonalInfoFile]
) -> None:
    page = client.get(reverse("portal:files")).content.decode()

    assert names(page, files) == {"large", "childcare"}
    assert client.get(reverse("portal:file", args=[files["large"].pk])).status_code == 200
    for hidden in ("small", "abolished", "exempt"):
        assert client.get(reverse("portal:file", args=[files[hidden].pk])).status_code == 404


def test_it_publishes_small_files_when_the_municipality_publishes_all(
    world: World, client: Client, files: dict[str, PersonalInfoFile]
) -> None:
    RegisterSettings.objects.create(municipality=world.municipality, publish_all=True)

    page = client.get(reverse("portal:files")).content.decode()

    assert names(page, files) == {"large", "small", "childcare"}
    assert client.get(reverse("portal:file", args=[files["small"].pk])).status_code == 200


def test_it_shows_the_registers_items_on_the_public_page(
    client: Client, files: dict[str, PersonalInfoFile]
) -> None:
    page = client.get(reverse("portal:file", args=[files["large"].pk])).content.decode()

    for label in (
        "個人情報ファイルの利用目的",
        "記録項目",
        "記録範囲",
        "記録情報の収集方法",
        "記録情報の経常的提供先",
        "開示請求等を受理する組織の名称及び所在地",
    ):
        assert label in page
    assert "電算処理ファイル" in page
    assert "1,000人" in page


def test_it_exports_the_published_register_as_machine_readable_csv(
    client: Client, files: dict[str, PersonalInfoFile]
) -> None:
    response = client.get(reverse("portal:files_csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["全国地方公共団体コード", "地方公共団体名", "個人情報ファイルの名称"]
    assert "公表" not in header
    by_name = {r[2]: dict(zip(header, r, strict=True)) for r in body}
    assert set(by_name) == {"健康診査受診者ファイル", "児童相談記録ファイル"}
    large = by_name["健康診査受診者ファイル"]
    assert large["作成年月日"] == "2023-04-01"
    assert large["最終変更年月日"] == "2024-04-01"
    assert large["本人の数（人）"] == "1000"
    assert large["記録項目"] == "氏名、住所、生年月日"
    assert (
        large["開示請求等を受理する組織の名称及び所在地"]
        == "テスト区 区政情報課、東京都テスト区1-1-1"
    )
    assert all("\n" not in cell for row in body for cell in row)


def test_it_lists_every_file_for_the_secretariat_with_its_publication(
    secretariat_client: Client, files: dict[str, PersonalInfoFile]
) -> None:
    page = secretariat_client.get(reverse("reports:files")).content.decode()
    detail = secretariat_client.get(files["small"].get_absolute_url()).content.decode()
    internal = secretariat_client.get(reverse("reports:files_csv"))

    assert names(page, files) == set(files)
    assert page.count("badge--unpublished") == 3
    assert "本人の数が1,000人未満のため公表の対象外です" in detail
    rows = list(csv.DictReader(io.StringIO(internal.content.decode("utf-8-sig"))))
    assert {r["個人情報ファイルの名称"]: r["公表"] for r in rows}["講座受講者名簿"] == "非公表"
    assert len(rows) == 5


def test_it_shows_department_staff_their_own_files_and_the_published_ones(
    department_client: Client, other_department_client: Client, files: dict[str, PersonalInfoFile]
) -> None:
    own = department_client.get(reverse("reports:files")).content.decode()
    other = other_department_client.get(reverse("reports:files")).content.decode()

    assert names(own, files) == set(files)  # all are 健康推進課's but the childcare one
    assert names(other, files) == {"large", "childcare"}
    assert other_department_client.get(files["small"].get_absolute_url()).status_code == 404


def test_it_lets_only_the_secretariat_edit_the_register(
    world: World,
    department_client: Client,
    member_client: Client,
    client: Client,
    files: dict[str, PersonalInfoFile],
) -> None:
    large = files["large"]

    assert department_client.get(reverse("reports:file_create")).status_code == 403
    assert department_client.get(reverse("reports:file_edit", args=[large.pk])).status_code == 403
    assert member_client.get(reverse("reports:files")).status_code == 200
    assert member_client.get(reverse("reports:file_create")).status_code == 403
    settings_url = reverse("reports:register_settings", args=[world.municipality.pk])
    assert member_client.post(settings_url, {"publish_all": "on"}).status_code == 403
    assert client.get(reverse("reports:files")).status_code == 302
    assert not RegisterSettings.objects.exists()


def file_form(world: World, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "出産・子育て応援事業ファイル",
        "organisation": "テスト区長",
        "department": world.health.pk,
        "purpose": "面談の記録及び給付の管理のため。",
        "recorded_items": "氏名\n住所",
        "subjects": "妊娠の届出をした者",
        "collection": "本人から",
        "recipients": "",
        "request_office": "テスト区 区政情報課",
        "other_procedures": "",
        "file_type": "electronic",
        "persons": "7600",
        "remarks": "",
        "exemption": "",
        "registered_on": "2023-01-10",
        "revised_on": "",
        "abolished_on": "",
        "cases": [world.health_case.pk],
    }
    return data | changes


def test_it_links_a_file_to_the_cases_that_changed_it(
    world: World, secretariat_client: Client
) -> None:
    response = secretariat_client.post(reverse("reports:file_create"), file_form(world))

    saved = PersonalInfoFile.objects.get()
    assert response.status_code == 302
    assert list(saved.cases.all()) == [world.health_case]
    assert list(world.health_case.personal_info_files.all()) == [saved]
    page = secretariat_client.get(saved.get_absolute_url()).content.decode()
    assert world.health_case.title in page
    assert AuditEvent.objects.filter(object_type="reports.PersonalInfoFile").exists()


def test_it_refuses_a_stale_edit_of_a_file(world: World, secretariat_client: Client) -> None:
    secretariat_client.post(reverse("reports:file_create"), file_form(world))
    saved = PersonalInfoFile.objects.get()
    url = reverse("reports:file_edit", args=[saved.pk])
    secretariat_client.post(url, file_form(world, persons="8000", version=saved.version))

    response = secretariat_client.post(url, file_form(world, persons="9000", version=saved.version))

    saved.refresh_from_db()
    assert "ほかの人が先に更新しました" in response.content.decode()
    assert saved.persons == 8000


def test_it_lets_the_secretariat_publish_every_file(
    world: World, secretariat_client: Client, client: Client, files: dict[str, PersonalInfoFile]
) -> None:
    url = reverse("reports:register_settings", args=[world.municipality.pk])

    response = secretariat_client.post(url, {"publish_all": "on", "request_office": "", "note": ""})

    assert response.status_code == 302
    assert RegisterSettings.objects.get().publish_all
    assert files["small"].name in client.get(reverse("portal:files")).content.decode()
