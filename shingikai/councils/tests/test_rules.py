"""A council's dated rules: quorum arithmetic, which rule is in force, and validation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from shingikai.councils.choices import CaseKind
from shingikai.councils.models import Council, CouncilRule, Municipality


@pytest.fixture
def council(db: None) -> Council:
    muni = Municipality.objects.create(name="規則区", head_title="規則区長")
    return Council.objects.create(municipality=muni, name="規則区情報公開・個人情報保護審議会")


@pytest.mark.parametrize(
    ("numerator", "denominator", "exclusive", "members", "needed"),
    [
        # 過半数: more than half must attend.
        (1, 2, True, 13, 7),
        (1, 2, True, 20, 11),
        (1, 2, True, 12, 7),
        (1, 2, True, 1, 1),
        # 半数以上: half is enough, rounded up.
        (1, 2, False, 13, 7),
        (1, 2, False, 20, 10),
        # 3分の2以上.
        (2, 3, False, 15, 10),
    ],
)
def test_it_computes_the_attendance_needed_for_a_quorum(
    numerator: int, denominator: int, exclusive: bool, members: int, needed: int
) -> None:
    rule = CouncilRule(
        quorum_numerator=numerator, quorum_denominator=denominator, quorum_exclusive=exclusive
    )
    assert rule.quorum_needed(members) == needed


def test_it_picks_the_rule_in_force_on_a_date(council: Council) -> None:
    old = CouncilRule.objects.create(council=council, valid_from=dt.date(2005, 4, 1))
    new = CouncilRule.objects.create(council=council, valid_from=dt.date(2023, 4, 1))

    assert council.rule_on(dt.date(2023, 3, 31)) == old
    assert council.rule_on(dt.date(2023, 4, 1)) == new
    assert council.rule_on(dt.date(2030, 1, 1)) == new
    assert council.rule_on(dt.date(2005, 4, 1)) == old
    assert council.rule_on(dt.date(2005, 3, 31)) is None


def test_it_ignores_the_rules_of_other_councils(council: Council) -> None:
    other = Council.objects.create(municipality=council.municipality, name="別の審議会")
    CouncilRule.objects.create(council=other, valid_from=dt.date(2000, 4, 1))

    assert council.rule_on(dt.date(2023, 4, 1)) is None


def test_it_tells_whether_a_handling_is_consulted_or_reported() -> None:
    rule = CouncilRule(consultation_types=["external_connection"], report_types=["outsourcing"])

    assert rule.kind_for("external_connection") == CaseKind.CONSULTATION
    assert rule.kind_for("outsourcing") == CaseKind.REPORT
    assert rule.kind_for("use_beyond_purpose") is None


def test_it_accepts_a_valid_rule() -> None:
    rule = CouncilRule(
        valid_from=dt.date(2023, 4, 1),
        consultation_number_format="{era_year}諮問第{number}号",
        consultation_types=["external_connection"],
        report_types=["outsourcing"],
        quorum_numerator=2,
        quorum_denominator=3,
    )
    rule.clean()


def _errors(rule: CouncilRule) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        rule.clean()
    return info.value.message_dict


def test_it_refuses_a_number_format_without_the_number() -> None:
    errors = _errors(CouncilRule(report_number_format="報告第号"))

    assert list(errors) == ["report_number_format"]
    assert "{number}がありません" in errors["report_number_format"][0]


def test_it_refuses_a_number_format_with_an_unknown_placeholder() -> None:
    errors = _errors(CouncilRule(consultation_number_format="諮問第{no}号"))

    assert list(errors) == ["consultation_number_format"]
    assert "使えない項目" in errors["consultation_number_format"][0]
    assert "{no}" in errors["consultation_number_format"][0]


def test_it_refuses_unknown_handling_types() -> None:
    errors = _errors(CouncilRule(consultation_types=["outsourcing", "teleportation"]))

    assert list(errors) == ["consultation_types"]
    assert errors["consultation_types"] == ["不明な取扱いです: teleportation"]


def test_it_refuses_a_type_that_is_both_consulted_and_reported() -> None:
    errors = _errors(
        CouncilRule(
            consultation_types=["outsourcing", "external_connection"],
            report_types=["outsourcing"],
        )
    )

    assert list(errors) == ["report_types"]
    assert errors["report_types"] == ["諮問事項と報告事項の両方に指定されています: outsourcing"]


def test_it_refuses_a_quorum_fraction_above_one() -> None:
    errors = _errors(CouncilRule(quorum_numerator=3, quorum_denominator=2))

    assert list(errors) == ["quorum_numerator"]
    assert errors["quorum_numerator"] == ["分子は分母以下にしてください。"]
