"""Statistics on screen: the form refuses figures that do not add up (message next to the
field), the report compares years, the Excel import imports all or nothing, the CSV reads
back, and who may read and enter."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import World
from shingikai.accounts.models import AuditEvent
from shingikai.reports import statsheet
from shingikai.reports.models import AnnualStatistics
from shingikai.reports.tests.test_statsheet import GOOD_2022, GOOD_2023, workbook

pytestmark = pytest.mark.usefixtures("frozen")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def figures(world: World, fiscal_year: int, category: str, **counts: int) -> AnnualStatistics:
    return AnnualStatistics.objects.create(
        municipality=world.municipality, fiscal_year=fiscal_year, category=category, **counts
    )


@pytest.fixture
def three_years(world: World) -> None:
    figures(world, 2021, "public_documents", requests=10, disclosed=5, partly_disclosed=5)
    figures(
        world,
        2022,
        "public_documents",
        requests=12,
        disclosed=6,
        partly_disclosed=5,
        pending=1,
        appeals=1,
        rejected=1,
    )
    figures(
        world, 2023, "public_documents", requests=9, disclosed=4, partly_disclosed=4, no_document=1
    )
    figures(world, 2023, "personal_information", requests=4, disclosed=4)


def post_form(client: Client, world: World, **counts: object):
    data: dict[str, object] = {
        "municipality": world.municipality.pk,
        "fiscal_year": 2023,
        "category": "public_documents",
        "note": "",
    }
    return client.post(reverse("reports:statistics_create"), data | counts)


def test_it_refuses_outcomes_that_do_not_add_up_with_the_message_next_to_the_field(
    world: World, secretariat_client: Client
) -> None:
    response = post_form(secretariat_client, world, requests=10, disclosed=4, appeals=1)

    page = response.content.decode()
    assert response.status_code == 200
    assert (
        '<p class="field__error" id="id_requests-error">'
        "全部開示から処理中までの合計（4件）が請求件数（10件）と一致しません。</p>"
    ) in page
    assert (
        '<p class="field__error" id="id_appeals-error">'
        "認容から審理中までの合計（0件）が審査請求件数（1件）と一致しません。</p>"
    ) in page
    assert not AnnualStatistics.objects.exists()


def test_it_saves_figures_that_add_up_reading_blanks_as_zero(
    world: World, secretariat_client: Client
) -> None:
    response = post_form(
        secretariat_client,
        world,
        requests=10,
        disclosed=4,
        partly_disclosed=5,
        pending=1,
        not_disclosed="",
        appeals=2,
        rejected=1,
        appeal_pending=1,
    )

    saved = AnnualStatistics.objects.get()
    assert response.status_code == 302
    assert (saved.requests, saved.not_disclosed, saved.pending, saved.appeals) == (10, 0, 1, 2)
    assert saved.updated_by == world.secretariat
    assert AuditEvent.objects.filter(object_type="reports.AnnualStatistics").exists()


def test_it_refuses_a_second_row_for_the_same_year_and_category(
    world: World, secretariat_client: Client
) -> None:
    figures(world, 2023, "public_documents")

    response = post_form(secretariat_client, world, requests=0)

    assert "この自治体・年度・区分の数値はすでに登録されています。" in response.content.decode()
    assert AnnualStatistics.objects.count() == 1


@pytest.mark.usefixtures("three_years")
def test_it_compares_the_years_with_the_changes(world: World, member_client: Client) -> None:
    url = reverse("reports:statistics_report", args=[world.municipality.pk, 2023])

    page = member_client.get(url + "?years=3").content.decode()

    assert "令和3年度" in page and "令和5年度" in page
    requests_row = (
        '<th scope="row">請求件数</th><td class="num">10</td><td class="num">12</td>'
        '<td class="num">9</td><td class="num stats-table__change">−3</td>'
    )
    assert requests_row in page
    assert '<th scope="row">不存在</th><td class="num">0</td><td class="num">0</td>' in page
    assert '<td class="num">1</td><td class="num stats-table__change">+1</td>' in page
    assert page.count("<svg") == 2
    assert "公文書の開示請求：決定の内容（年度別）" in page


@pytest.mark.usefixtures("three_years")
def test_it_lets_members_and_departments_read_but_only_the_secretariat_enter(
    world: World, member_client: Client, department_client: Client, client: Client
) -> None:
    report = reverse("reports:statistics_report", args=[world.municipality.pk, 2023])
    row = AnnualStatistics.objects.first()

    assert member_client.get(reverse("reports:statistics")).status_code == 200
    assert member_client.get(report).status_code == 200
    assert department_client.get(report).status_code == 200
    assert member_client.get(reverse("reports:statistics_create")).status_code == 403
    assert post_form(member_client, world, requests=0).status_code == 403
    assert (
        department_client.get(reverse("reports:statistics_edit", args=[row.pk])).status_code == 403
    )
    assert member_client.get(reverse("reports:statistics_import")).status_code == 403
    assert client.get(report).status_code == 302
    assert "編集" not in member_client.get(reverse("reports:statistics")).content.decode()


def upload(client: Client, world: World, data: bytes):
    return client.post(
        reverse("reports:statistics_import"),
        {
            "municipality": world.municipality.pk,
            "file": SimpleUploadedFile("実施状況.xlsx", data, content_type=XLSX),
        },
    )


def test_it_imports_a_good_sheet_replacing_the_same_year(
    world: World, secretariat_client: Client
) -> None:
    figures(world, 2022, "public_documents", requests=1, disclosed=1)

    response = upload(secretariat_client, world, workbook(GOOD_2022, GOOD_2023))

    assert response.status_code == 302
    rows = {(r.fiscal_year, r.category): r for r in AnnualStatistics.objects.all()}
    assert set(rows) == {(2022, "public_documents"), (2023, "personal_information")}
    assert rows[2022, "public_documents"].requests == 12
    assert rows[2023, "personal_information"].no_document == 1
    event = AuditEvent.objects.get(action="import")
    assert event.summary == "テスト区の実施状況をExcelから取込（新規1件・更新1件）"


def test_it_lists_every_problem_and_imports_nothing(
    world: World, secretariat_client: Client
) -> None:
    bad_year = [2023, "公文書", 10, 5, 3, 1, "x", 0, 0, 0, 0, 0, 0, 0, 0, 0, ""]
    bad_sum = [2021, "自己情報", 10, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ""]

    response = upload(secretariat_client, world, workbook(GOOD_2022, bad_year, bad_sum))

    page = response.content.decode()
    assert response.status_code == 400
    assert "取り込めませんでした（2件の問題）。" in page
    assert "<li>G3: 数値ではありません。</li>" in page
    assert (
        "<li>C4: 全部開示から処理中までの合計（4件）が請求件数（10件）と一致しません。</li>" in page
    )
    assert not AnnualStatistics.objects.exists()


def test_it_offers_the_template_for_download(world: World, member_client: Client) -> None:
    response = member_client.get(reverse("reports:statistics_template"))

    assert response["Content-Type"] == XLSX
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book[statsheet.SHEET][1]] == list(statsheet.HEADERS)


@pytest.mark.usefixtures("three_years")
def test_it_exports_every_year_as_csv(world: World, secretariat_client: Client) -> None:
    response = secretariat_client.get(
        reverse("reports:statistics_csv", args=[world.municipality.pk])
    )

    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["年度"], r["区分"], r["請求件数（件）"]) for r in rows] == [
        ("2021", "公文書の開示請求", "10"),
        ("2022", "公文書の開示請求", "12"),
        ("2023", "公文書の開示請求", "9"),
        ("2023", "自己情報の開示請求", "4"),
    ]
    assert rows[0]["全国地方公共団体コード"] == "139999"
