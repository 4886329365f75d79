"""Tests for shingikai.lib.numbering: ordinals, case numbers and number labels."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pytest

from shingikai.lib.numbering import (
    PLACEHOLDERS,
    NumberingReset,
    format_number,
    next_case_number,
    next_ordinal,
    parse_number_label,
    validate_template,
)

try:
    from hypothesis import given
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a dev dependency
    given = None

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.mark.parametrize(
    ("existing", "expected"),
    [
        ([], 1),
        ([1], 2),
        ([1, 2, 3], 4),
        ([3, 1], 4),
        ((n for n in (5, 2)), 6),
    ],
)
def test_next_ordinal(existing: Iterable[int], expected: int) -> None:
    assert next_ordinal(existing) == expected


def test_numbering_reset_is_a_str_enum() -> None:
    assert [mode.value for mode in NumberingReset] == ["running", "yearly"]
    assert NumberingReset.RUNNING == "running"
    assert isinstance(NumberingReset.YEARLY, str)
    assert NumberingReset("yearly") is NumberingReset.YEARLY


ISSUED = [(2021, 998), (2022, 999), (2022, 1), (2022, 2)]


@pytest.mark.parametrize(
    ("issued", "fy", "reset", "expected"),
    [
        ([], 2022, NumberingReset.RUNNING, 1),
        ([], 2022, "yearly", 1),
        ([(2022, 999)], 2022, "running", 1000),
        ([(2022, 999)], 2023, NumberingReset.RUNNING, 1000),
        (ISSUED, 2023, "running", 1000),
        ([(2021, 350)], 2022, "running", 351),
        ([(2022, 5), (2023, 2)], 2023, "yearly", 3),
        ([(2022, 5), (2023, 2)], 2022, NumberingReset.YEARLY, 6),
        ([(2022, 5)], 2023, "yearly", 1),
        (ISSUED, 2022, "yearly", 1000),
        (ISSUED, 2024, "yearly", 1),
    ],
)
def test_next_case_number(
    issued: list[tuple[int, int]], fy: int, reset: NumberingReset | str, expected: int
) -> None:
    assert next_case_number(issued, fy, reset) == expected
    assert next_case_number(iter(issued), fy, reset) == expected


@pytest.mark.parametrize("reset", ["", "RUNNING", "monthly"])
def test_next_case_number_rejects_unknown_reset(reset: str) -> None:
    with pytest.raises(ValueError, match="採番方式が正しくありません") as info:
        next_case_number([], 2022, reset)
    assert "running" in str(info.value)


@pytest.mark.parametrize(
    ("template", "number", "fy", "expected"),
    [
        ("諮問第{number}号", 999, None, "諮問第999号"),
        ("諮問第{number}号", 1000, 2022, "諮問第1000号"),
        ("報告第{number}号", 351, None, "報告第351号"),
        ("{era_year}答申第{number}号", 3, 2022, "令和4年度答申第3号"),
        ("{era_year}答申第{number}号", 1, 2019, "令和元年度答申第1号"),
        ("{era_year}答申第{number}号", 7, 2018, "平成30年度答申第7号"),
        ("{fiscal_year}-{number}", 12, 2022, "2022-12"),
        ("第{number:03d}号", 7, None, "第007号"),
        ("{{第}}{number}号", 2, None, "{第}2号"),
    ],
)
def test_format_number(template: str, number: int, fy: int | None, expected: str) -> None:
    assert format_number(template, number, fiscal_year=fy) == expected


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("諮問第号", "{number}がありません"),
        ("", "{number}がありません"),
        ("{era_year}答申", "{number}がありません"),
        ("諮問{kind}第{number}号", "使えない項目があります: {kind}"),
        ("{}第{number}号", "使えない項目があります: {}"),
        ("{0}第{number}号", "使えない項目があります: {0}"),
        ("{number.real}号", "使えない項目があります"),
        ("{number", "波括弧が対応していません"),
        ("number}", "波括弧が対応していません"),
        ("{era_year:03d}{number}", "書式が正しくありません"),
        ("{number!x}", "書式が正しくありません"),
    ],
)
def test_validate_template_rejects(template: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)) as info:
        validate_template(template)
    assert JAPANESE.search(str(info.value))
    with pytest.raises(ValueError, match=re.escape(message)):
        format_number(template, 1, fiscal_year=2022)


@pytest.mark.parametrize(
    "template",
    [
        "諮問第{number}号",
        "{era_year}答申第{number}号",
        "{fiscal_year}-{number}",
        "第{number:03d}号",
    ],
)
def test_validate_template_accepts(template: str) -> None:
    assert validate_template(template) is None


def test_placeholders() -> None:
    assert frozenset({"number", "era_year", "fiscal_year"}) == PLACEHOLDERS


@pytest.mark.parametrize(
    ("template", "number", "fy", "message"),
    [
        ("{era_year}答申第{number}号", 1, None, "年度の指定が必要です"),
        ("{fiscal_year}-{number}", 1, None, "年度の指定が必要です"),
        ("諮問第{number}号", 0, None, "1以上"),
        ("諮問第{number}号", -5, 2022, "1以上"),
        ("{era_year}答申第{number}号", 1, 1867, "明治より前の年度"),
    ],
)
def test_format_number_rejects(template: str, number: int, fy: int | None, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        format_number(template, number, fiscal_year=fy)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("諮問第999号", ("諮問", 999)),
        ("諮問第１０００号", ("諮問", 1000)),
        ("諮問第1,000号", ("諮問", 1000)),
        ("報告第351号", ("報告", 351)),
        ("答申第12号", ("答申", 12)),
        ("答申第十二号", ("答申", 12)),
        ("諮問第 5 号", ("諮問", 5)),
        ("令和4年度答申第3号", ("答申", 3)),
        ("令和四年度答申第3号", ("答申", 3)),
        ("令和元年度答申第1号", ("答申", 1)),
        ("（諮問第５号）について", ("諮問", 5)),
        ("本件は報告第351号及び諮問第2号", ("報告", 351)),
    ],
)
def test_parse_number_label(text: str, expected: tuple[str, int]) -> None:
    assert parse_number_label(text) == expected


@pytest.mark.parametrize("text", ["", "諮問", "第999号", "諮問第号", "諮問第十十号", "諮問999号"])
def test_parse_number_label_without_label(text: str) -> None:
    assert parse_number_label(text) is None


if given is not None:

    @given(st.integers(min_value=1, max_value=10**6), st.sampled_from(["諮問", "答申", "報告"]))
    def test_number_label_round_trip(number: int, kind: str) -> None:
        label = format_number(kind + "第{number}号", number)
        assert parse_number_label(label) == (kind, number)
        era_label = format_number("{era_year}" + kind + "第{number}号", number, fiscal_year=2022)
        assert parse_number_label(era_label) == (kind, number)

    @given(
        st.lists(st.tuples(st.integers(2000, 2030), st.integers(1, 5000)), max_size=30),
        st.integers(2000, 2030),
    )
    def test_next_case_number_is_fresh(issued: list[tuple[int, int]], fy: int) -> None:
        running = next_case_number(issued, fy, "running")
        yearly = next_case_number(issued, fy, "yearly")
        assert all(number < running for _, number in issued)
        assert all(number < yearly for year, number in issued if year == fy)
        assert 1 <= yearly <= running
