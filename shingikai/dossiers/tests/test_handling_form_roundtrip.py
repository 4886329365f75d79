"""Every handling type round-trips through its web form: what is typed is what is stored,
typed (dates, numbers, yes/no, choices), and what is stored is what the form shows again."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from django.test import Client

from conftest import World, make_case
from shingikai.dossiers import records
from shingikai.dossiers.models import CaseStatus, Party
from shingikai.dossiers.structure import schema

SAMPLES: dict[str, Any] = {
    schema.TEXT: "記載内容",
    schema.LONGTEXT: "一行目の説明\n二行目の説明",
    schema.INT: 12345,
    schema.DATE: dt.date(2023, 1, 16),
    schema.BOOL: True,
}


def _value(spec: schema.FieldSpec) -> Any:
    if spec.kind == schema.CHOICE:
        return spec.choices[-1][0]
    if spec.kind == schema.MULTI:
        return [code for code, _ in spec.choices[:2]]
    if spec.name == "end_on" or spec.name == "public_comment_end":
        return dt.date(2024, 3, 31)
    return SAMPLES[spec.kind]


def _post_value(spec: schema.FieldSpec, value: Any) -> Any:
    """What a browser sends for the value."""
    if spec.kind == schema.BOOL:
        return "true" if value else "false"
    if spec.kind == schema.DATE:
        return value.isoformat()
    if spec.kind == schema.INT:
        return f"{value:,}"  # with a thousands comma, as people type it
    return value


@pytest.mark.django_db
@pytest.mark.parametrize("handling_type", list(schema.SPECS))
def test_it_stores_every_field_typed_through_the_form(
    world: World, department_client: Client, handling_type: str
) -> None:
    spec = schema.SPECS[handling_type]
    case = make_case(world.council, world.health, "往復確認の案件", CaseStatus.DRAFT, handling_type)
    counterpart = spec.party_kinds[0] if spec.party_kinds else "contractor"
    Party.objects.filter(case=case).update(kind=counterpart)
    expected = {f.name: _value(f) for f in spec.all_fields}
    data: dict[str, Any] = {
        "title": "見出しの確認",
        "legal_basis": "条例第12条",
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-name": "氏名",
        "items-0-source": "ward_to_contractor" if spec.item_sources else "",
        "items-1-name": "独自の管理番号",
        "items-1-free_text": "on",
        "items-1-source": "from_subject" if spec.item_sources else "",
    }
    if spec.party_label:
        data["party"] = "contractor"
    data.update({name: _post_value(spec.field(name), v) for name, v in expected.items()})

    response = department_client.post(f"/cases/{case.pk}/handlings/1/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    stored = records.dossier_of(case).handlings[0]
    assert stored.fields == expected
    assert stored.title == "見出しの確認"
    if spec.has_items:
        assert [(i.name, i.free_text) for i in stored.items] == [
            ("氏名", False),
            ("独自の管理番号", True),
        ]
    page = department_client.get(f"/cases/{case.pk}/handlings/1/").content.decode()
    for name, value in expected.items():
        shown = _post_value(spec.field(name), value)
        for part in shown if isinstance(shown, list) else [str(shown).replace(",", "")]:
            assert str(part).split("\n")[0] in page, (name, part)
    assert dataclasses.asdict(stored)["type"] == handling_type
