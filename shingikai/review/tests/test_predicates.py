"""The predicates added for the concern definitions: each on a tiny hand-built dossier.

Pure Python: no Django, no database.
"""

from __future__ import annotations

from typing import Any

import pytest

from shingikai.dossiers.structure.catalogue import SEED_ITEMS
from shingikai.dossiers.structure.dossier import Dossier, FlowStep, Handling, Item, Party
from shingikai.review.facts import Facts, Ref
from shingikai.review.predicates import REGISTRY

WARD = Party(key="ward", name="健康推進課", kind="ward_division")
SUBJECT = Party(key="subject", name="区民", kind="data_subject")
CONTRACTOR = Party(key="contractor", name="株式会社サンプル", kind="contractor")
SYSTEM = Party(key="system", name="管理システム", kind="system")
TOKYO = Party(key="tokyo", name="東京都", kind="public_body")


def dossier(**parts: Any) -> Dossier:
    values: dict[str, Any] = {
        "council": "審議会",
        "municipality": "区",
        "kind": "consultation",
        "title": "案件",
        "department_name": "健康推進課",
        "parties": (WARD, SUBJECT, CONTRACTOR, SYSTEM, TOKYO),
    }
    values.update(parts)
    return Dossier(**values)


def run(name: str, param: Any, d: Dossier) -> list[Ref]:
    predicate = REGISTRY[name]
    return predicate.test(Facts(d, dict(SEED_ITEMS)), predicate.check(param))


def outsourcing(*items: Item, **fields: Any) -> Handling:
    return Handling(type="outsourcing", party="contractor", fields=fields, items=items)


def test_items_named_without_necessity() -> None:
    d = dossier(
        handlings=(
            outsourcing(
                Item("生年月日", "ward_to_contractor"),
                Item("性別", "from_subject", necessity="統計に使う"),
                Item("氏名", "ward_to_contractor"),
            ),
        )
    )
    found = run("items_named_without_necessity", ["生年月日", "性別"], d)
    assert [r.label for r in found] == ["第1の項目「生年月日」"]


def test_items_from_both_sides() -> None:
    both = dossier(
        handlings=(
            outsourcing(
                Item("氏名", "ward_to_contractor"),
                Item("住所", "ward_to_contractor"),
                Item("氏名", "from_subject"),
            ),
        )
    )
    assert [r.key for r in run("items_from_both_sides", True, both)] == ["1.3"]
    once = dossier(
        handlings=(
            outsourcing(Item("氏名", "ward_to_contractor"), Item("電話番号", "from_subject")),
        )
    )
    assert run("items_from_both_sides", True, once) == []


def test_parties_by_kind_name_and_number() -> None:
    two = dossier(parties=(CONTRACTOR, Party(key="c2", name="区内病院", kind="contractor")))
    assert len(run("parties", {"kind": "contractor", "at_least": 2}, two)) == 2
    assert run("parties", {"kind": "contractor", "at_least": 3}, two) == []
    named = run("parties", {"kind": ["contractor"], "mentions": ["病院"]}, two)
    assert [r.key for r in named] == ["c2"]


def test_parties_rejects_unknown_keys() -> None:
    with pytest.raises(ValueError):
        REGISTRY["parties"].check({"kinds": "contractor"})


def test_handling_party() -> None:
    d = dossier(
        handlings=(
            Handling(type="external_connection", party="tokyo"),
            Handling(type="external_connection", party="system"),
        )
    )
    found = run("handling_party", {"type": "external_connection", "kind": "public_body"}, d)
    assert [r.key for r in found] == ["1"]
    with pytest.raises(ValueError):
        REGISTRY["handling_party"].check({"type": "external_connection"})


def test_step_matches_every_part() -> None:
    d = dossier(
        flow=(
            FlowStep(1, "subject", "contractor", "電話で予約する", channel="phone"),
            FlowStep(2, "tokyo", "contractor", "紹介する", channel="phone"),
            FlowStep(3, "subject", "contractor", "郵送で申し込む", channel="mail"),
        )
    )
    assert [r.key for r in run("step", {"from": "data_subject", "channel": "phone"}, d)] == ["1"]
    assert [r.key for r in run("step", {"to": "contractor", "channel": ["phone"]}, d)] == ["1", "2"]
    assert [r.key for r in run("step", {"from": "public_body"}, d)] == ["2"]
    with pytest.raises(ValueError):
        REGISTRY["step"].check({"via": "phone"})


def test_steps_naming_other_channels() -> None:
    d = dossier(
        flow=(
            FlowStep(1, "tokyo", "contractor", "電話及びFAXにより紹介する", channel="fax"),
            FlowStep(2, "ward", "system", "LGWANまたは一般回線で接続する", channel="internet_vpn"),
            FlowStep(
                3,
                "ward",
                "system",
                "一般回線（インターネットVPN）で接続する",
                channel="internet_vpn",
            ),
            FlowStep(4, "contractor", "subject", "通知を郵送する", channel="mail"),
        )
    )
    assert [r.key for r in run("steps_naming_other_channels", True, d)] == ["1", "2"]


def test_steps_same_delivery() -> None:
    notice = ("実施結果",)
    d = dossier(
        flow=(
            FlowStep(1, "contractor", "subject", "結果通知を送る", items=notice, channel="mail"),
            FlowStep(2, "system", "subject", "結果通知を送る", items=notice, channel="mail"),
            FlowStep(3, "ward", "system", "入力する", items=notice),
            FlowStep(4, "contractor", "system", "入力する", items=notice),
        )
    )
    assert [r.key for r in run("steps_same_delivery", True, d)] == ["1", "2"]


def test_handling_mentions_reads_only_the_handlings() -> None:
    d = dossier(
        parties=(Party(key="ward", name="区", kind="ward_division", note="個人番号系システム"),),
        handlings=(Handling(type="external_connection", fields={"reason": "申請を受け付ける"}),),
    )
    assert run("handling_mentions", ["個人番号"], d) == []
    d = dossier(
        handlings=(Handling(type="external_connection", fields={"reason": "個人番号を扱う"}),)
    )
    assert [r.key for r in run("handling_mentions", ["個人番号"], d)] == ["1.reason"]
