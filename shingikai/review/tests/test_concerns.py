"""The built-in concern definitions: every catalogue concern is defined once, every file
loads, and the important rules fire on a case with the fact and stay silent without it.

Pure Python: no Django, no database. The dossiers are built from the dataclasses directly.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
import yaml

from shingikai.dossiers.structure.catalogue import SEED_ITEMS
from shingikai.dossiers.structure.dossier import (
    Certification,
    Dossier,
    FlowStep,
    Handling,
    Item,
    Party,
    Safeguard,
)
from shingikai.review import definitions, engine

# The 80 concerns of the catalogue (shared/domain/review-concerns.md), in its order.
CATALOGUE_IDS = (
    *(f"C-LEGAL-0{n}" for n in range(1, 6)),
    *(f"C-PURPOSE-0{n}" for n in range(1, 7)),
    "C-SUBJECT-01",
    "C-SUBJECT-02",
    *(f"C-SENSITIVE-0{n}" for n in range(1, 6)),
    *(f"C-VENDOR-0{n}" for n in range(1, 7)),
    *(f"C-CONTRACT-0{n}" for n in range(1, 5)),
    *(f"C-SUBCONTRACT-0{n}" for n in range(1, 4)),
    *(f"C-LOCATION-0{n}" for n in range(1, 6)),
    *(f"C-CHANNEL-0{n}" for n in range(1, 5)),
    *(f"C-MEDIA-0{n}" for n in range(1, 5)),
    *(f"C-ACCESS-0{n}" for n in range(1, 6)),
    "C-REMOTE-01",
    "C-REMOTE-02",
    *(f"C-RETENTION-0{n}" for n in range(1, 6)),
    *(f"C-NOTICE-0{n}" for n in range(1, 6)),
    *(f"C-DOCS-0{n}" for n in range(1, 6)),
    "C-EMERGENCY-01",
    "C-EMERGENCY-02",
    *(f"C-FOLLOWUP-0{n}" for n in range(1, 5)),
    "C-OVERSIGHT-01",
    "C-OVERSIGHT-02",
    *(f"C-PIA-0{n}" for n in range(1, 6)),
    "C-PUBLIC-01",
)

CONCERNS = definitions.load()
CATEGORIES = dict(SEED_ITEMS)


def test_the_catalogue_list_is_complete() -> None:
    assert len(CATALOGUE_IDS) == len(set(CATALOGUE_IDS)) == 80


def test_every_catalogue_concern_is_defined_exactly_once() -> None:
    ids = Counter(
        entry["id"]
        for path in sorted(definitions.BUILTIN_DIR.glob("*.yaml"))
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["concerns"]
    )
    assert {i: n for i, n in ids.items() if n != 1} == {}
    assert set(CATALOGUE_IDS) <= set(ids)


def test_every_definition_loads_with_its_texts() -> None:
    assert len(CONCERNS) >= 82
    for concern in CONCERNS:
        assert concern.answer, concern.id
        assert concern.refs, concern.id
        assert "\n" not in concern.question, concern.id
        assert all("\n" not in a for a in concern.answer), concern.id


# -- tiny dossiers -----------------------------------------------------------------------------

WARD = Party(key="ward", name="健康推進課", kind="ward_division")
SUBJECT = Party(key="subject", name="区民", kind="data_subject")
CONTRACTOR = Party(key="contractor", name="株式会社サンプル", kind="contractor")


def case(**parts: Any) -> Dossier:
    values: dict[str, Any] = {
        "council": "審議会",
        "municipality": "区",
        "kind": "consultation",
        "title": "案件",
        "department_name": "健康推進課",
        "parties": (WARD, SUBJECT, CONTRACTOR),
    }
    values.update(parts)
    return Dossier(**values)


def outsourcing(**fields: Any) -> Handling:
    return Handling(
        type="outsourcing",
        party="contractor",
        fields={"contract_title": "業務委託", "content": "発送業務", **fields},
        items=(Item("氏名", "ward_to_contractor"), Item("住所", "ward_to_contractor")),
    )


def found(dossier: Dossier) -> set[str]:
    return {f.concern_id for f in engine.run(dossier, CONCERNS, CATEGORIES)}


def handover(channel: str) -> FlowStep:
    return FlowStep(
        1, "ward", "contractor", "宛名データを渡す", items=("氏名", "住所"), channel=channel
    )


@pytest.mark.parametrize(
    ("concern", "fires", "silent"),
    [
        (
            "C-MEDIA-01",
            case(handlings=(outsourcing(),), flow=(handover("electronic_media"),)),
            case(handlings=(outsourcing(),), flow=(handover("lgwan"),)),
        ),
        (
            "C-CHANNEL-02",
            case(handlings=(outsourcing(),), flow=(handover("fax"),)),
            case(handlings=(outsourcing(),), flow=(handover("mail"),)),
        ),
        (
            "C-LEGAL-01",
            case(
                handlings=(
                    Handling(type="external_connection", items=(Item("氏名"), Item("個人番号"))),
                )
            ),
            case(handlings=(Handling(type="external_connection", items=(Item("氏名"),)),)),
        ),
        (
            "C-SUBCONTRACT-02",
            case(
                parties=(
                    WARD,
                    CONTRACTOR,
                    Party(
                        key="sub", name="株式会社下請", kind="subcontractor", parent="contractor"
                    ),
                ),
                handlings=(outsourcing(),),
            ),
            case(
                parties=(
                    WARD,
                    CONTRACTOR,
                    Party(
                        key="sub",
                        name="株式会社下請",
                        kind="subcontractor",
                        parent="contractor",
                        prior_approval_required=True,
                    ),
                ),
                handlings=(outsourcing(),),
                safeguards=(
                    Safeguard(
                        kind="contractual",
                        clause="contract_clause",
                        text="再委託先の取扱いも区との契約の特記事項の対象とする",
                    ),
                ),
            ),
        ),
        (
            "C-SUBCONTRACT-01",
            case(handlings=(outsourcing(),)),
            case(
                handlings=(outsourcing(),),
                safeguards=(Safeguard(kind="contractual", text="再委託を禁止する"),),
            ),
        ),
        (
            "C-EMERGENCY-02",
            case(
                handlings=(Handling(type="pia_third_party_inspection", fields={"post_hoc": True}),)
            ),
            case(
                handlings=(Handling(type="pia_third_party_inspection", fields={"post_hoc": False}),)
            ),
        ),
        (
            "C-EMERGENCY-01",
            case(
                consulted_on=dt.date(2020, 7, 13),
                handlings=(outsourcing(start_on=dt.date(2020, 4, 30)),),
            ),
            case(
                consulted_on=dt.date(2020, 7, 13),
                handlings=(outsourcing(start_on=dt.date(2020, 8, 1)),),
            ),
        ),
        (
            "C-DOCS-04",
            case(
                handlings=(
                    outsourcing(
                        start_on=dt.date(2022, 12, 9),
                        end_on=dt.date(2023, 2, 28),
                        period_note="実施期間は令和4年12月19日から令和5年2月28日まで",
                    ),
                )
            ),
            case(
                handlings=(
                    outsourcing(
                        start_on=dt.date(2022, 12, 9),
                        end_on=dt.date(2023, 2, 28),
                        period_note="令和4年12月9日から令和5年2月28日まで",
                    ),
                )
            ),
        ),
        (
            "C-PURPOSE-03",
            case(handlings=(Handling(type="use_beyond_purpose", items=(Item("氏名"),)),)),
            case(handlings=(outsourcing(),)),
        ),
        (
            "C-VENDOR-06",
            case(handlings=(outsourcing(),)),
            case(
                parties=(
                    WARD,
                    Party(
                        key="contractor",
                        name="株式会社サンプル",
                        kind="contractor",
                        certifications=(Certification("isms"),),
                    ),
                ),
                handlings=(outsourcing(),),
            ),
        ),
        (
            "C-RETENTION-02",
            case(
                handlings=(outsourcing(),),
                flow=(FlowStep(2, "contractor", "ward", "終了報告", disposal="委託先で消去する"),),
            ),
            case(
                handlings=(outsourcing(),),
                flow=(FlowStep(2, "contractor", "ward", "終了報告", disposal="委託先で消去する"),),
                safeguards=(
                    Safeguard(
                        kind="contractual",
                        clause="deletion_certificate",
                        text="終了後に消去し、消去証明書を提出させる",
                    ),
                ),
            ),
        ),
        (
            "C-SENSITIVE-02",
            case(
                summary="匿名で相談を受ける",
                handlings=(
                    Handling(
                        type="outsourcing",
                        party="contractor",
                        items=(Item("生年月日", "from_subject"), Item("職業", "from_subject")),
                    ),
                ),
            ),
            case(
                summary="名前を伺って相談を受ける",
                handlings=(
                    Handling(
                        type="outsourcing",
                        party="contractor",
                        items=(Item("生年月日", "from_subject"), Item("職業", "from_subject")),
                    ),
                ),
            ),
        ),
    ],
)
def test_rule_fires_on_the_fact_and_not_without(
    concern: str, fires: Dossier, silent: Dossier
) -> None:
    assert concern in found(fires)
    assert concern not in found(silent)


def test_a_finding_points_at_the_place_that_triggered_it() -> None:
    dossier = case(handlings=(outsourcing(),), flow=(handover("electronic_media"),))
    finding = next(
        f for f in engine.run(dossier, CONCERNS, CATEGORIES) if f.concern_id == "C-MEDIA-01"
    )
    assert [r.kind for r in finding.evidence] == ["step"]
    assert finding.severity == "high"
