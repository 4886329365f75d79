"""Tests for shingikai.lib.jpnum: width folding, parsing and writing kanji numerals."""

from __future__ import annotations

import re

import pytest

from shingikai.lib.jpnum import (
    format_kanji,
    parse_number,
    to_halfwidth_ascii,
    to_halfwidth_digits,
)

try:
    from hypothesis import given
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a dev dependency
    given = None

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
TO_FULLWIDTH = str.maketrans("0123456789,", "０１２３４５６７８９，")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("０１２３４５６７８９", "0123456789"),
        ("令和４年１２月２７日", "令和4年12月27日"),
        ("ＡＢ１", "ＡＢ1"),
        ("１，０００", "1，000"),
        ("二〇二二", "二〇二二"),
        ("", ""),
    ],
)
def test_to_halfwidth_digits(text: str, expected: str) -> None:
    assert to_halfwidth_digits(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ｒ４．１２．２７", "R4.12.27"),
        ("１４：００～１５：３７", "14:00~15:37"),
        ("（火）", "(火)"),
        ("令和\u30004年", "令和 4年"),
        ("１，０００", "1,000"),
    ],
)
def test_to_halfwidth_ascii_keeps_length(text: str, expected: str) -> None:
    assert to_halfwidth_ascii(text) == expected
    assert len(to_halfwidth_ascii(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("7", 7),
        ("2022", 2022),
        ("04", 4),
        ("２０２２", 2022),
        ("1,000", 1000),
        ("１，０００", 1000),
        ("12,345,678", 12_345_678),
        (" 12 ", 12),
        ("二〇二二", 2022),
        ("一九", 19),
        ("〇", 0),
        ("零", 0),
        ("二零二二", 2022),
        ("元", 1),
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("三十一", 31),
        ("百", 100),
        ("百一", 101),
        ("千", 1000),
        ("一千", 1000),
        ("二千二十二", 2022),
        ("九千九百九十九", 9999),
        ("一万", 10_000),
        ("三万五千", 35_000),
        ("二万四百十七", 20_417),
        ("千万", 10_000_000),
        ("千一万", 10_010_000),
        ("九千九百九十九万九千九百九十九", 99_999_999),
        ("一億", 100_000_000),
        ("3万5千", 35_000),
    ],
)
def test_parse_number(text: str, expected: int) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "abc",
        "-1",
        "1.5",
        "1,00",
        "12,34",
        "１，００",
        "十十",
        "百千",
        "二三十",
        "万",
        "一万万",
        "〇百",
        "元年",
        "元元",
        "二〇二二年",
        "三十一日",
    ],
)
def test_parse_number_rejects_with_japanese_message(text: str) -> None:
    with pytest.raises(ValueError, match="数字として読めません") as info:
        parse_number(text)
    assert JAPANESE.search(str(info.value))


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "〇"),
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (31, "三十一"),
        (100, "百"),
        (101, "百一"),
        (110, "百十"),
        (1000, "千"),
        (2022, "二千二十二"),
        (10_000, "一万"),
        (10_001, "一万一"),
        (35_000, "三万五千"),
        (20_417, "二万四百十七"),
        (10_000_000, "千万"),
        (11_111_111, "千百十一万千百十一"),
        (99_999_999, "九千九百九十九万九千九百九十九"),
    ],
)
def test_format_kanji(n: int, expected: str) -> None:
    assert format_kanji(n) == expected


@pytest.mark.parametrize("n", [-1, 10**8, 10**9])
def test_format_kanji_rejects_out_of_range(n: int) -> None:
    with pytest.raises(ValueError, match="1億未満"):
        format_kanji(n)


def test_format_kanji_round_trips_through_parse_number_exhaustively_below_20000() -> None:
    assert all(parse_number(format_kanji(n)) == n for n in range(20_000))


if given is not None:

    @given(st.integers(min_value=0, max_value=10**8 - 1))
    def test_format_kanji_round_trips_through_parse_number(n: int) -> None:
        assert parse_number(format_kanji(n)) == n

    @given(st.integers(min_value=0, max_value=10**12))
    def test_parse_number_reads_grouped_and_fullwidth_digits(n: int) -> None:
        grouped = f"{n:,}"
        assert parse_number(grouped) == n
        assert parse_number(grouped.translate(TO_FULLWIDTH)) == n
