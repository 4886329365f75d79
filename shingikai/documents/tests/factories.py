"""Dossiers for the document tests, built straight from the dataclasses (no case file)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from shingikai.dossiers.structure import casefile, catalogue, schema
from shingikai.dossiers.structure.dossier import (
    Certification,
    Dossier,
    FlowStep,
    Handling,
    Item,
    Party,
    Safeguard,
)

DEMO_999 = Path(__file__).parents[2] / "demo" / "cases" / "setagaya-999.yaml"
FIRST_DATE = dt.date(2023, 1, 16)  # 令和5年1月16日
CONTRACTOR = "株式会社テスト情報サービス"
SUBCONTRACTOR = "再委託テスト株式会社"
COUNTERPART = "相手方テスト機関"
FREE_ITEM = "独自管理番号"


def field_value(spec: schema.FieldSpec, position: int, dates_before: int, bools_before: int) -> Any:
    """A typed value for every kind of field, distinct per field."""
    values: dict[str, Any] = {
        schema.TEXT: f"一行値{position:02d}",
        schema.LONGTEXT: f"長文値{position:02d}の一行目\n長文値{position:02d}の二行目",
        schema.INT: 1000 + position,
        schema.DATE: FIRST_DATE + dt.timedelta(days=dates_before),
        schema.BOOL: bools_before % 2 == 0,
        schema.CHOICE: spec.choices[-1][0] if spec.choices else "",
        schema.MULTI: [code for code, _ in spec.choices],
    }
    return values[spec.kind]


def full_fields(spec: schema.HandlingSpec) -> dict[str, Any]:
    """Every field of the type filled: the first date is 2023-01-16, bools alternate."""
    fields: dict[str, Any] = {}
    dates = bools = 0
    for position, field in enumerate(spec.all_fields, 1):
        fields[field.name] = field_value(field, position, dates, bools)
        dates += field.kind == schema.DATE
        bools += field.kind == schema.BOOL
    return fields


def items_for(spec: schema.HandlingSpec) -> tuple[Item, ...]:
    """Items in the first two outsourcing sources (the third stays empty), or unsourced."""
    if not spec.has_items:
        return ()
    if spec.item_sources:
        return (
            Item("氏名", source="ward_to_contractor", necessity="本人確認に必要"),
            Item("住所", source="ward_to_contractor"),
            Item("電話番号", source="from_subject"),
            Item(FREE_ITEM, source="from_subject", free_text=True),
        )
    return (
        Item("氏名"),
        Item("生年月日", necessity="年齢要件の確認に必要"),
        Item(FREE_ITEM, free_text=True),
    )


def parties_for(spec: schema.HandlingSpec) -> tuple[Party, ...]:
    """The ward, the data subjects and, when the form has one, the handling's party."""
    base = (
        Party("ward", "テスト区健康推進課", "ward_division"),
        Party("subject", "区民", "data_subject"),
    )
    if spec.type == "outsourcing":
        return (*base, contractor(), subcontractor())
    if spec.party_label:
        return (
            *base,
            Party("counterpart", COUNTERPART, spec.party_kinds[0], location="東京都千代田区"),
        )
    return base


def contractor() -> Party:
    return Party(
        "contractor",
        CONTRACTOR,
        "contractor",
        selection_method="一般競争入札",
        location="委託先の施設",
        certifications=(
            Certification("isms", "IS 123456", dt.date(2025, 3, 31)),
            Certification("pmark", "第12345678号"),
        ),
    )


def subcontractor() -> Party:
    return Party(
        "sub",
        SUBCONTRACTOR,
        "subcontractor",
        parent="contractor",
        prior_approval_required=True,
    )


def party_key(spec: schema.HandlingSpec) -> str:
    if spec.type == "outsourcing":
        return "contractor"
    return "counterpart" if spec.party_label else ""


def full_dossier(handling_type: str, **overrides: Any) -> Dossier:
    """A consultation with one handling of `handling_type`, every field and list filled."""
    spec = schema.SPECS[handling_type]
    handling = Handling(
        type=handling_type,
        title=spec.heading,
        legal_basis="テスト区個人情報保護条例第12条",
        party=party_key(spec),
        fields=full_fields(spec),
        items=items_for(spec),
    )
    values: dict[str, Any] = {
        "council": "テスト区情報公開・個人情報保護審議会",
        "municipality": "テスト区",
        "kind": "consultation",
        "title": f"「テスト業務」における{spec.label}について",
        "subtitle": "テスト事業の実施",
        "business": "テスト業務",
        "department_division": "保健所",
        "department_name": "健康推進課",
        "number": 12,
        "fiscal_year": 2022,
        "parties": parties_for(spec),
        "handlings": (handling,),
        "flow": (FlowStep(1, "subject", "ward", "申請書を提出", ("氏名",), "mail"),),
        "safeguards": (Safeguard("operational", "この取扱いに固有の措置", handling=1),),
    }
    values.update(overrides)
    return Dossier(**values)


def demo_999() -> Dossier:
    """The demo case 諮問第999号 as its case file says."""
    data = casefile.load_text(DEMO_999.read_text(encoding="utf-8"))
    return casefile.parse(data, dict(catalogue.SEED_ITEMS))
