"""Cases: their number labels, titles, validation and the uniqueness of numbers."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from conftest import World
from shingikai.councils.models import CouncilRule
from shingikai.dossiers.models import Case

D = dt.date


@pytest.fixture
def reiwa_rule(world: World) -> CouncilRule:
    """From FY2023 the council writes the fiscal year in front of its numbers."""
    return CouncilRule.objects.create(
        council=world.council,
        valid_from=D(2023, 4, 1),
        consultation_number_format="{era_year}諮問第{number}号",
        report_number_format="{era_year}報告第{number}号",
    )


def _case(world: World, **fields: object) -> Case:
    values: dict[str, object] = {
        "council": world.council,
        "department": world.health,
        "kind": "consultation",
        "title": "「健康推進業務」における外部委託について",
    }
    values.update(fields)
    return Case(**values)


def test_it_labels_a_case_with_the_format_in_force_on_its_date(
    world: World, reiwa_rule: CouncilRule
) -> None:
    before = _case(world, number=999, fiscal_year=2022, consulted_on=D(2023, 3, 31))
    after = _case(world, number=1, fiscal_year=2023, consulted_on=D(2023, 4, 1))

    assert before.number_label == "諮問第999号"
    assert after.number_label == "令和5年度諮問第1号"


def test_it_labels_a_report_with_the_report_format(world: World, reiwa_rule: CouncilRule) -> None:
    old = _case(world, kind="report", number=351, fiscal_year=2022, consulted_on=D(2022, 12, 27))
    new = _case(world, kind="report", number=2, fiscal_year=2024, consulted_on=D(2024, 5, 1))

    assert old.number_label == "報告第351号"
    assert new.number_label == "令和6年度報告第2号"


def test_it_labels_an_undated_case_with_todays_format(
    world: World, reiwa_rule: CouncilRule
) -> None:
    case = _case(world, number=3, fiscal_year=2022)

    with time_machine.travel(dt.datetime(2023, 3, 1, 12, 0, tzinfo=dt.UTC), tick=False):
        assert case.number_label == "諮問第3号"
    with time_machine.travel(dt.datetime(2023, 6, 1, 12, 0, tzinfo=dt.UTC), tick=False):
        assert case.number_label == "令和4年度諮問第3号"


def test_it_labels_a_case_without_a_rule_plainly(world: World) -> None:
    world.rule.delete()

    assert _case(world, number=7, fiscal_year=2022, consulted_on=D(2022, 6, 1)).number_label == (
        "第7号"
    )


def test_it_gives_no_label_to_an_unnumbered_case(world: World) -> None:
    case = _case(world)

    assert case.number_label == ""
    assert str(case) == case.title


def test_it_puts_the_label_before_the_title(world: World) -> None:
    case = _case(world, number=999, fiscal_year=2022, consulted_on=D(2022, 12, 27))

    assert str(case) == "諮問第999号 「健康推進業務」における外部委託について"


def test_it_adds_the_project_name_to_the_full_title(world: World) -> None:
    with_subtitle = _case(world, subtitle="妊活オンライン相談等事業委託")

    assert with_subtitle.full_title == (
        "「健康推進業務」における外部委託について（妊活オンライン相談等事業委託）"
    )
    assert _case(world).full_title == "「健康推進業務」における外部委託について"


def test_it_refuses_a_number_without_a_fiscal_year(world: World) -> None:
    with pytest.raises(ValidationError) as info:
        _case(world, number=12).clean()

    assert info.value.message_dict == {
        "fiscal_year": ["番号を付けるときは年度も入力してください。"]
    }
    _case(world, number=12, fiscal_year=2022).clean()
    _case(world).clean()


def test_it_refuses_a_number_given_twice(world: World) -> None:
    # The world already holds 諮問 No. 10 of FY2022.
    with pytest.raises(IntegrityError), transaction.atomic():
        _case(world, number=10, fiscal_year=2022).save()

    assert Case.objects.filter(number=10).count() == 1


def test_it_allows_the_same_number_in_another_kind_year_or_council(world: World) -> None:
    _case(world, kind="report", number=10, fiscal_year=2022).save()
    _case(world, number=10, fiscal_year=2023).save()
    other = world.council.municipality.councils.create(name="別の審議会")
    _case(world, council=other, number=10, fiscal_year=2022).save()

    assert Case.objects.filter(number=10).count() == 4


def test_it_allows_many_unnumbered_cases(world: World) -> None:
    _case(world).save()
    _case(world).save()

    assert Case.objects.filter(council=world.council, number__isnull=True).count() == 3
