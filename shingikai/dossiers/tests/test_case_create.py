"""Creating a case: the department's draft, and the form's Japanese errors."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from conftest import World
from shingikai.accounts.models import AuditEvent
from shingikai.councils.models import Council, Department, Municipality
from shingikai.dossiers.models import Case, CaseStatus, Handling

REQUIRED = "この項目は必須です。"
NO_HANDLING = "取扱いを一つ以上選んでください。"
TOO_SHORT = "件名が短すぎます。内容が分かる件名を入力してください。"
WRONG_MUNICIPALITY = "この審議会の自治体の担当課を選んでください。"


def _data(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "council": world.council.pk,
        "kind": "consultation",
        "title": "「健康推進業務」における外部委託について",
        "subtitle": "がん検診事業",
        "business": "健康推進業務",
        "department": world.health.pk,
        "summary": "がん検診の受診勧奨を事業者に委託する。",
        "handling_types": ["external_connection", "outsourcing", "new_recorded_items"],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _field_error(html: str, field_id: str) -> str:
    """The text of the error paragraph rendered for one field (empty if none)."""
    match = re.search(rf'<p class="field__error" id="{field_id}-error">(.*?)</p>', html)
    return match.group(1) if match else ""


def test_it_offers_the_department_staff_a_form_with_their_department_chosen(
    world: World, department_client: Client
) -> None:
    response = department_client.get("/cases/new/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>案件の作成</h1>" in html
    assert f'<option value="{world.health.pk}" selected>' in html
    assert f'<option value="{world.childcare.pk}"' not in html
    assert "取扱い（審議事項の種別）" in html


def test_it_creates_a_draft_and_redirects_to_its_page(
    world: World, department_client: Client
) -> None:
    response = department_client.post("/cases/new/", _data(world))

    case = Case.objects.get(title="「健康推進業務」における外部委託について")
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/"
    assert case.status == CaseStatus.DRAFT
    assert case.number is None
    assert case.department == world.health
    assert case.council == world.council
    assert case.subtitle == "がん検診事業"
    assert case.created_by == world.department
    assert case.version == 1
    page = department_client.get(response["Location"]).content.decode()
    assert "案件を作成しました（作成中）。" in page
    assert "作成中" in page


def test_it_creates_the_handlings_in_the_order_of_the_enumeration(
    world: World, department_client: Client
) -> None:
    department_client.post("/cases/new/", _data(world))

    case = Case.objects.get(title="「健康推進業務」における外部委託について")
    assert list(case.handlings.values_list("order", "type")) == [
        (1, "outsourcing"),
        (2, "external_connection"),
        (3, "new_recorded_items"),
    ]


def test_it_records_the_creation_in_the_audit_trail(
    world: World, department_client: Client
) -> None:
    department_client.post("/cases/new/", _data(world))

    case = Case.objects.get(title="「健康推進業務」における外部委託について")
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE)
    assert event.actor == world.department
    assert event.object_type == "dossiers.Case"
    assert event.object_id == str(case.pk)
    assert event.summary == case.title


def test_it_lets_the_secretariat_create_a_case_for_any_department(
    world: World, secretariat_client: Client
) -> None:
    response = secretariat_client.post(
        "/cases/new/", _data(world, department=world.childcare.pk, kind="report")
    )

    case = Case.objects.get(title="「健康推進業務」における外部委託について")
    assert response.status_code == 302
    assert case.department == world.childcare
    assert case.kind == "report"
    assert case.status == CaseStatus.DRAFT


@pytest.mark.parametrize(
    ("overrides", "field_id", "message"),
    [
        ({"title": ""}, "id_title", REQUIRED),
        ({"title": "   "}, "id_title", REQUIRED),
        ({"title": "委託"}, "id_title", TOO_SHORT),
        ({"title": " 委託 "}, "id_title", TOO_SHORT),
        ({"handling_types": None}, "id_handling_types", NO_HANDLING),
        ({"kind": None}, "id_kind", REQUIRED),
        ({"council": None}, "id_council", REQUIRED),
        ({"department": None}, "id_department", REQUIRED),
    ],
)
def test_it_shows_the_japanese_error_next_to_the_field_and_saves_nothing(
    world: World, department_client: Client, overrides: dict[str, Any], field_id: str, message: str
) -> None:
    before = Case.objects.count()

    response = department_client.post("/cases/new/", _data(world, **overrides))

    assert response.status_code == 200
    html = response.content.decode()
    assert _field_error(html, field_id) == message
    assert "入力内容を確認してください（1件）。" in html
    assert Case.objects.count() == before
    assert not Handling.objects.filter(case__title__contains="外部委託について").exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CREATE).exists()


def test_it_keeps_the_typed_values_when_the_form_is_refused(
    world: World, department_client: Client
) -> None:
    response = department_client.post(
        "/cases/new/", _data(world, title="委託", kind="report", handling_types=["sensitive_info"])
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="委託"' in html
    assert 'value="がん検診事業"' in html
    assert 'value="健康推進業務"' in html
    assert "がん検診の受診勧奨を事業者に委託する。</textarea>" in html
    assert re.search(r'<input type="radio" name="kind" value="report"[^>]*checked', html)
    assert re.search(
        r'<input type="checkbox" name="handling_types" value="sensitive_info"[^>]*checked', html
    )
    assert not re.search(r'value="outsourcing"[^>]*checked', html)


def test_it_keeps_the_typed_title_when_no_handling_is_chosen(
    world: World, department_client: Client
) -> None:
    response = department_client.post("/cases/new/", _data(world, handling_types=None))

    html = response.content.decode()
    assert _field_error(html, "id_handling_types") == NO_HANDLING
    assert 'value="「健康推進業務」における外部委託について"' in html
    assert Case.objects.count() == 3


def test_it_refuses_a_department_of_another_user(world: World, department_client: Client) -> None:
    response = department_client.post("/cases/new/", _data(world, department=world.childcare.pk))

    assert response.status_code == 200
    error = _field_error(response.content.decode(), "id_department")
    assert "正しく選択してください" in error
    assert not Case.objects.filter(title="「健康推進業務」における外部委託について").exists()
    assert world.childcare.cases.count() == 2


@pytest.fixture
def elsewhere(world: World) -> tuple[Municipality, Council, Department]:
    """Another municipality with its own council, whose department the user also staffs."""
    muni = Municipality.objects.create(name="別の市", code="139998", head_title="別の市長")
    council = Council.objects.create(municipality=muni, name="別の市個人情報保護審議会")
    department = Department.objects.create(municipality=muni, name="市民課")
    department.staff.add(world.department)
    return muni, council, department


def test_it_refuses_a_department_of_another_municipality(
    world: World,
    department_client: Client,
    elsewhere: tuple[Municipality, Council, Department],
) -> None:
    _, _, department = elsewhere

    response = department_client.post("/cases/new/", _data(world, department=department.pk))

    assert response.status_code == 200
    html = response.content.decode()
    assert _field_error(html, "id_department") == WRONG_MUNICIPALITY
    assert f'<option value="{department.pk}" selected>' in html
    assert not Case.objects.filter(title="「健康推進業務」における外部委託について").exists()


def test_it_refuses_a_council_of_a_municipality_the_user_has_no_department_in(
    world: World, department_client: Client
) -> None:
    muni = Municipality.objects.create(name="遠くの町", head_title="遠くの町長")
    council = Council.objects.create(municipality=muni, name="遠くの町審議会")

    response = department_client.post("/cases/new/", _data(world, council=council.pk))

    assert response.status_code == 200
    assert "正しく選択してください" in _field_error(response.content.decode(), "id_council")
    assert not council.cases.exists()


def test_it_refuses_an_unknown_handling_type(world: World, department_client: Client) -> None:
    response = department_client.post(
        "/cases/new/", _data(world, handling_types=["outsourcing", "mind_reading"])
    )

    assert response.status_code == 200
    assert "mind_reading" in _field_error(response.content.decode(), "id_handling_types")
    assert Case.objects.count() == 3
