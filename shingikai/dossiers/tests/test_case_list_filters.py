"""The filters above the case list and the count line under them."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from conftest import World, make_case
from shingikai.dossiers.models import Case, CaseStatus

HEALTH = "健康推進課の受理済み案件"
CHILDCARE = "子ども家庭課の審議予定案件"
DRAFT = "子ども家庭課の作成中の下書き"
USB_FULL = "ＵＳＢメモリの庁外持出しについて"
USB_HALF = "USBメモリの紛失時の対応について"
DECIDED = "マイナポイント申請支援業務の委託について"
REPORT = "特定個人情報保護評価の第三者点検の報告"


@pytest.fixture
def more(world: World) -> World:
    """A few more cases beside the world's three, to tell the filters apart."""
    make_case(world.council, world.health, USB_FULL, CaseStatus.DRAFT, "new_recorded_items")
    make_case(
        world.council,
        world.childcare,
        USB_HALF,
        CaseStatus.SUBMITTED,
        "outsourcing",
        subtitle="情報セキュリティ対策",
    )
    make_case(
        world.council,
        world.health,
        DECIDED,
        CaseStatus.DECIDED,
        "outsourcing",
        "provision_to_third_party",
        number=7,
        fiscal_year=2023,
        summary="申請窓口の運営を事業者に委託する。",
    )
    report = make_case(
        world.council,
        world.childcare,
        REPORT,
        CaseStatus.WITHDRAWN,
        "pia_third_party_inspection",
        number=10,
        fiscal_year=2023,
    )
    Case.objects.filter(pk=report.pk).update(kind="report")
    return world


def _titles(client: Client, query: dict[str, str | int]) -> set[str]:
    response = client.get("/cases/", query)
    assert response.status_code == 200
    return set(re.findall(r'<td><a href="/cases/\d+/">([^<]*)</a>', response.content.decode()))


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("健康推進課", {HEALTH}),
        ("子ども家庭課", {CHILDCARE, DRAFT}),
        ("子ども 下書き", {DRAFT}),
        ("子ども\u3000下書き", {DRAFT}),
        ("下書き 健康", set()),
        ("セキュリティ", {USB_HALF}),
        ("申請窓口", {DECIDED}),
        ("存在しない語", set()),
    ],
)
def test_it_filters_by_japanese_keywords(
    more: World, secretariat_client: Client, q: str, expected: set[str]
) -> None:
    assert _titles(secretariat_client, {"q": q}) == expected


@pytest.mark.parametrize("q", ["USB", "ＵＳＢ", "usb", "ｕｓｂ"])
def test_it_matches_full_width_and_half_width_letters_alike(
    more: World, secretariat_client: Client, q: str
) -> None:
    assert _titles(secretariat_client, {"q": q}) == {USB_FULL, USB_HALF}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("諮問第10号", {HEALTH, REPORT}),
        ("諮問第１０号", {HEALTH, REPORT}),
        ("10", {HEALTH, REPORT}),
        ("１０", {HEALTH, REPORT}),
        ("十", {HEALTH, REPORT}),
        ("諮問第七号", {DECIDED}),
        ("11", {CHILDCARE}),
        ("999", set()),
    ],
)
def test_it_finds_a_case_by_its_number_or_number_label(
    more: World, secretariat_client: Client, q: str, expected: set[str]
) -> None:
    assert _titles(secretariat_client, {"q": q}) == expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("open", {HEALTH, CHILDCARE, DRAFT, USB_FULL, USB_HALF}),
        ("draft", {DRAFT, USB_FULL}),
        ("submitted", {USB_HALF}),
        ("accepted", {HEALTH}),
        ("scheduled", {CHILDCARE}),
        ("decided", {DECIDED}),
        ("withdrawn", {REPORT}),
        ("", {HEALTH, CHILDCARE, DRAFT, USB_FULL, USB_HALF, DECIDED, REPORT}),
    ],
)
def test_it_filters_by_status(
    more: World, secretariat_client: Client, status: str, expected: set[str]
) -> None:
    assert _titles(secretariat_client, {"status": status}) == expected


def test_it_filters_by_kind(more: World, secretariat_client: Client) -> None:
    assert _titles(secretariat_client, {"kind": "report"}) == {REPORT}
    assert REPORT not in _titles(secretariat_client, {"kind": "consultation"})
    assert len(_titles(secretariat_client, {"kind": "consultation"})) == 6


@pytest.mark.parametrize(
    ("handling", "expected"),
    [
        ("outsourcing", {HEALTH, DRAFT, USB_HALF, DECIDED}),
        ("use_beyond_purpose", {CHILDCARE}),
        ("provision_to_third_party", {DECIDED}),
        ("sensitive_info", set()),
    ],
)
def test_it_filters_by_handling_type(
    more: World, secretariat_client: Client, handling: str, expected: set[str]
) -> None:
    assert _titles(secretariat_client, {"handling": handling}) == expected


def test_it_lists_a_case_with_two_handlings_of_the_filtered_type_once(
    world: World, secretariat_client: Client
) -> None:
    make_case(
        world.council,
        world.health,
        "外部結合が二つある案件",
        CaseStatus.DRAFT,
        "external_connection",
        "external_connection",
    )

    response = secretariat_client.get("/cases/", {"handling": "external_connection"})

    html = response.content.decode()
    assert html.count("外部結合が二つある案件</a>") == 1
    assert '<p class="muted" aria-live="polite">1件</p>' in html


def test_it_filters_by_department(more: World, secretariat_client: Client) -> None:
    assert _titles(secretariat_client, {"department": more.childcare.pk}) == {
        CHILDCARE,
        DRAFT,
        USB_HALF,
        REPORT,
    }
    assert _titles(secretariat_client, {"department": more.health.pk}) == {
        HEALTH,
        USB_FULL,
        DECIDED,
    }


def test_it_offers_department_staff_only_their_own_department(
    more: World, department_client: Client
) -> None:
    html = department_client.get("/cases/").content.decode()

    assert f'<option value="{more.health.pk}">' in html
    assert f'<option value="{more.childcare.pk}">' not in html
    # Another department's ID is not a valid choice, so it reveals nothing.
    assert _titles(department_client, {"department": more.childcare.pk}) == {
        HEALTH,
        USB_FULL,
        DECIDED,
    }


def test_it_filters_by_fiscal_year(more: World, secretariat_client: Client) -> None:
    html = secretariat_client.get("/cases/").content.decode()
    assert '<option value="2023">令和5年度</option>' in html
    assert '<option value="2022">令和4年度</option>' in html

    assert _titles(secretariat_client, {"fiscal_year": 2022}) == {HEALTH, CHILDCARE}
    assert _titles(secretariat_client, {"fiscal_year": 2023}) == {DECIDED, REPORT}


def test_it_combines_filters(more: World, secretariat_client: Client) -> None:
    query = {"status": "open", "handling": "outsourcing", "department": more.childcare.pk}

    assert _titles(secretariat_client, query) == {DRAFT, USB_HALF}


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ({}, 7),
        ({"status": "open"}, 5),
        ({"q": "USB"}, 2),
        ({"q": "存在しない語"}, 0),
    ],
)
def test_it_shows_the_number_of_matching_cases(
    more: World, secretariat_client: Client, query: dict[str, str], count: int
) -> None:
    html = secretariat_client.get("/cases/", query).content.decode()

    assert f'<p class="muted" aria-live="polite">{count}件</p>' in html
    assert ("条件に合う案件はありません。" in html) is (count == 0)


def test_it_pages_fifty_cases_at_a_time_keeping_the_filters(
    world: World, secretariat_client: Client
) -> None:
    for i in range(55):
        make_case(world.council, world.health, f"大量案件その{i:02d}", CaseStatus.DRAFT)

    first = secretariat_client.get("/cases/", {"q": "大量案件"}).content.decode()
    second = secretariat_client.get("/cases/", {"q": "大量案件", "page": 2}).content.decode()

    assert '<p class="muted" aria-live="polite">55件</p>' in first
    assert "1 / 2ページ" in first
    assert 'href="?q=%E5%A4%A7%E9%87%8F%E6%A1%88%E4%BB%B6&amp;page=2"' in first
    assert first.count("大量案件その") == 50
    assert "2 / 2ページ" in second
    assert second.count("大量案件その") == 5


def test_it_ignores_an_invalid_filter_value(more: World, secretariat_client: Client) -> None:
    assert len(_titles(secretariat_client, {"status": "nonsense"})) == 7
    assert len(_titles(secretariat_client, {"fiscal_year": "abc"})) == 7


def test_it_answers_htmx_with_the_results_only(world, secretariat_client) -> None:
    response = secretariat_client.get(
        "/cases/", {"q": "健康推進課"}, headers={"HX-Request": "true"}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="case-results">')
    assert "<html" not in body
    assert world.health_case.title in body
    assert world.childcare_case.title not in body
    assert "HX-Request" in response["Vary"]
