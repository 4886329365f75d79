"""Editing a case: optimistic locking by version, and handlings kept or dropped."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import World, make_case
from shingikai.accounts.models import AuditEvent
from shingikai.dossiers.models import Case, CaseStatus, Handling

CONFLICT = "この案件は、あなたが編集を始めた後に他の人が保存しました。"


@pytest.fixture
def draft(world: World) -> Case:
    case = make_case(
        world.council,
        world.health,
        "健康推進業務における外部結合について",
        CaseStatus.DRAFT,
        "outsourcing",
        "external_connection",
        "external_connection",
        business="健康推進業務",
    )
    titles = ["委託先での保管", "国保連合会との結合", "医療機関との結合"]
    for handling, title in zip(case.handlings.order_by("order"), titles, strict=True):
        handling.title = title
        handling.legal_basis = "条例第10条"
        handling.save()
    return case


def _data(case: Case, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "council": case.council_id,
        "department": case.department_id,
        "kind": case.kind,
        "title": case.title,
        "subtitle": case.subtitle,
        "business": case.business,
        "summary": case.summary,
        "handling_types": list(dict.fromkeys(case.handling_types())),
        "version": case.version,
    }
    data.update(overrides)
    return data


def test_it_shows_the_current_values_and_version_in_the_edit_form(
    draft: Case, department_client: Client
) -> None:
    response = department_client.get(f"/cases/{draft.pk}/edit/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>案件の編集</h1>" in html
    assert 'value="健康推進業務における外部結合について"' in html
    assert '<input type="hidden" name="version" value="1"' in html
    assert 'value="outsourcing" id="id_handling_types_0" checked' in html
    assert 'value="external_connection" id="id_handling_types_1" checked' in html


def test_it_saves_an_edit_and_bumps_the_version(
    world: World, draft: Case, department_client: Client
) -> None:
    response = department_client.post(
        f"/cases/{draft.pk}/edit/", _data(draft, title="健康推進業務における外部結合の追加について")
    )

    assert response.status_code == 302
    assert response["Location"] == f"/cases/{draft.pk}/"
    draft.refresh_from_db()
    assert draft.title == "健康推進業務における外部結合の追加について"
    assert draft.version == 2
    assert draft.status == CaseStatus.DRAFT
    assert "案件を保存しました。" in department_client.get(f"/cases/{draft.pk}/").content.decode()


def test_it_records_what_changed_in_the_audit_trail(
    world: World, draft: Case, department_client: Client
) -> None:
    department_client.post(
        f"/cases/{draft.pk}/edit/",
        _data(draft, title="健康推進業務における外部結合の追加について"),
    )

    event = AuditEvent.objects.get(action=AuditEvent.Action.CHANGE)
    assert event.actor == world.department
    assert event.object_id == str(draft.pk)
    assert event.changes == {
        "title": [
            "健康推進業務における外部結合について",
            "健康推進業務における外部結合の追加について",
        ]
    }


def test_it_refuses_a_stale_version_with_the_japanese_conflict_message(
    draft: Case, department_client: Client, secretariat_client: Client
) -> None:
    stale = _data(draft)
    first = secretariat_client.post(
        f"/cases/{draft.pk}/edit/", {**stale, "title": "事務局が先に保存した件名"}
    )
    assert first.status_code == 302

    response = department_client.post(
        f"/cases/{draft.pk}/edit/", {**stale, "title": "担当課が後から保存しようとした件名"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert CONFLICT in html
    assert 'role="alert"' in html
    assert 'value="担当課が後から保存しようとした件名"' in html
    draft.refresh_from_db()
    assert draft.title == "事務局が先に保存した件名"
    assert draft.version == 2
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CHANGE).count() == 1


def test_it_refuses_the_second_post_of_the_same_stale_form(
    draft: Case, department_client: Client
) -> None:
    stale = _data(draft)
    department_client.post(f"/cases/{draft.pk}/edit/", {**stale, "title": "一度目に保存した件名"})

    response = department_client.post(
        f"/cases/{draft.pk}/edit/",
        {**stale, "title": "二度目に保存しようとした件名", "handling_types": ["sensitive_info"]},
    )

    assert response.status_code == 200
    assert CONFLICT in response.content.decode()
    draft.refresh_from_db()
    assert draft.title == "一度目に保存した件名"
    assert draft.version == 2
    assert draft.handling_types() == ["outsourcing", "external_connection", "external_connection"]


def test_it_removes_a_dropped_handling_and_keeps_both_of_a_kept_type(
    draft: Case, department_client: Client
) -> None:
    kept_ids = list(
        draft.handlings.filter(type="external_connection")
        .order_by("order")
        .values_list("id", flat=True)
    )

    response = department_client.post(
        f"/cases/{draft.pk}/edit/", _data(draft, handling_types=["external_connection"])
    )

    assert response.status_code == 302
    handlings = list(draft.handlings.order_by("order"))
    assert [(h.order, h.type, h.title) for h in handlings] == [
        (1, "external_connection", "国保連合会との結合"),
        (2, "external_connection", "医療機関との結合"),
    ]
    assert [h.pk for h in handlings] == kept_ids
    assert all(h.legal_basis == "条例第10条" for h in handlings)
    assert not Handling.objects.filter(case=draft, type="outsourcing").exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.CHANGE)
    assert event.changes == {
        "handlings": [["outsourcing", "external_connection"], ["external_connection"]]
    }


def test_it_adds_a_new_handling_after_the_kept_ones_in_enumeration_order(
    draft: Case, department_client: Client
) -> None:
    department_client.post(
        f"/cases/{draft.pk}/edit/",
        _data(draft, handling_types=["sensitive_info", "external_connection", "outsourcing"]),
    )

    assert list(draft.handlings.order_by("order").values_list("order", "type", "title")) == [
        (1, "outsourcing", "委託先での保管"),
        (2, "external_connection", "国保連合会との結合"),
        (3, "external_connection", "医療機関との結合"),
        (4, "sensitive_info", ""),
    ]


def test_it_keeps_everything_when_the_edit_is_invalid(
    draft: Case, department_client: Client
) -> None:
    response = department_client.post(
        f"/cases/{draft.pk}/edit/", _data(draft, title="", handling_types=["outsourcing"])
    )

    assert response.status_code == 200
    assert "この項目は必須です。" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title == "健康推進業務における外部結合について"
    assert draft.version == 1
    assert draft.handlings.count() == 3


def test_it_lets_the_department_edit_a_returned_case(
    world: World, department_client: Client
) -> None:
    returned = make_case(world.council, world.health, "差し戻された案件の件名", "returned")

    response = department_client.post(
        f"/cases/{returned.pk}/edit/", _data(returned, title="差し戻しを受けて直した件名")
    )

    assert response.status_code == 302
    returned.refresh_from_db()
    assert returned.title == "差し戻しを受けて直した件名"
    assert returned.status == CaseStatus.RETURNED
