"""Tests for shingikai.lib.wareki: eras, 和暦 dates, times and fiscal years."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

import pytest

from shingikai.lib.wareki import (
    ERAS,
    WEEKDAYS,
    Era,
    WarekiDate,
    era_of,
    find_dates,
    fiscal_year,
    fiscal_year_bounds,
    format_date,
    format_fiscal_year,
    format_time,
    get_era,
    parse_date,
    parse_time,
    parse_time_range,
    to_wareki,
)

try:
    from hypothesis import given
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a dev dependency
    given = None

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
FIRST_DAY, LAST_DAY = date(1868, 1, 25), date(2100, 12, 31)


def era(name: str) -> Era:
    return get_era(name)


# --- eras ------------------------------------------------------------------


def test_weekdays() -> None:
    assert WEEKDAYS == "月火水木金土日"


@pytest.mark.parametrize(
    ("name", "start", "alphabet"),
    [
        ("明治", date(1868, 1, 25), "M"),
        ("大正", date(1912, 7, 30), "T"),
        ("昭和", date(1926, 12, 25), "S"),
        ("平成", date(1989, 1, 8), "H"),
        ("令和", date(2019, 5, 1), "R"),
    ],
)
def test_eras(name: str, start: date, alphabet: str) -> None:
    assert Era(name, start, alphabet) in ERAS
    assert get_era(name) == get_era(alphabet) == get_era(alphabet.lower())


@pytest.mark.parametrize(
    ("name", "end"),
    [
        ("明治", date(1912, 7, 29)),
        ("大正", date(1926, 12, 24)),
        ("昭和", date(1989, 1, 7)),
        ("平成", date(2019, 4, 30)),
        ("令和", None),
    ],
)
def test_era_end(name: str, end: date | None) -> None:
    assert era(name).end == end


def test_era_is_frozen() -> None:
    with pytest.raises(AttributeError):
        era("令和").name = "X"  # type: ignore[misc]


@pytest.mark.parametrize("key", ["", "X", "西暦", "令"])
def test_get_era_rejects_unknown(key: str) -> None:
    with pytest.raises(ValueError, match="元号として読めません"):
        get_era(key)


def test_era_of_rejects_dates_before_meiji() -> None:
    with pytest.raises(ValueError, match="明治より前"):
        era_of(date(1868, 1, 24))


# --- to_wareki / format_date -------------------------------------------------


@pytest.mark.parametrize(
    ("d", "era_name", "year"),
    [
        (date(1868, 1, 25), "明治", 1),
        (date(1912, 7, 29), "明治", 45),
        (date(1912, 7, 30), "大正", 1),
        (date(1926, 12, 24), "大正", 15),
        (date(1926, 12, 25), "昭和", 1),
        (date(1989, 1, 7), "昭和", 64),
        (date(1989, 1, 8), "平成", 1),
        (date(2019, 4, 30), "平成", 31),
        (date(2019, 5, 1), "令和", 1),
        (date(2022, 12, 27), "令和", 4),
    ],
)
def test_to_wareki(d: date, era_name: str, year: int) -> None:
    wareki = to_wareki(d)
    assert wareki == WarekiDate(era(era_name), year, d.month, d.day)
    assert wareki.to_date() == d


def test_to_wareki_rejects_dates_before_meiji() -> None:
    with pytest.raises(ValueError, match="明治より前"):
        to_wareki(date(1868, 1, 24))


@pytest.mark.parametrize(
    ("wareki", "expected"),
    [
        (WarekiDate(era("平成"), 32, 1, 1), date(2020, 1, 1)),
        (WarekiDate(era("令和"), 1, 4, 30), date(2019, 4, 30)),
    ],
)
def test_wareki_date_to_date_is_arithmetic(wareki: WarekiDate, expected: date) -> None:
    assert wareki.to_date() == expected


def test_wareki_date_to_date_rejects_impossible_date() -> None:
    with pytest.raises(ValueError, match="存在しない日付です: 「令和4年2月30日」"):
        WarekiDate(era("令和"), 4, 2, 30).to_date()


@pytest.mark.parametrize(
    ("d", "with_weekday", "without_weekday"),
    [
        (date(2022, 12, 27), "令和4年12月27日（火）", "令和4年12月27日"),
        (date(2019, 5, 1), "令和元年5月1日（水）", "令和元年5月1日"),
        (date(2019, 4, 30), "平成31年4月30日（火）", "平成31年4月30日"),
        (date(1989, 1, 7), "昭和64年1月7日（土）", "昭和64年1月7日"),
        (date(1989, 1, 8), "平成元年1月8日（日）", "平成元年1月8日"),
        (date(1868, 1, 25), "明治元年1月25日（土）", "明治元年1月25日"),
        (date(2020, 2, 29), "令和2年2月29日（土）", "令和2年2月29日"),
    ],
)
def test_format_date(d: date, with_weekday: str, without_weekday: str) -> None:
    assert format_date(d) == with_weekday
    assert format_date(d, weekday=False) == without_weekday


# --- fiscal years ------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "fy"),
    [
        (date(2023, 3, 31), 2022),
        (date(2023, 4, 1), 2023),
        (date(2022, 12, 27), 2022),
        (date(2023, 1, 1), 2022),
        (date(2019, 4, 30), 2019),
        (date(2019, 5, 1), 2019),
    ],
)
def test_fiscal_year(d: date, fy: int) -> None:
    assert fiscal_year(d) == fy


@pytest.mark.parametrize(
    ("fy", "bounds"),
    [
        (2022, (date(2022, 4, 1), date(2023, 3, 31))),
        (2019, (date(2019, 4, 1), date(2020, 3, 31))),
    ],
)
def test_fiscal_year_bounds(fy: int, bounds: tuple[date, date]) -> None:
    assert fiscal_year_bounds(fy) == bounds
    assert fiscal_year(bounds[0]) == fiscal_year(bounds[1]) == fy
    assert fiscal_year(bounds[0] - timedelta(days=1)) == fy - 1
    assert fiscal_year(bounds[1] + timedelta(days=1)) == fy + 1


@pytest.mark.parametrize(
    ("fy", "expected"),
    [
        (2022, "令和4年度"),
        (2020, "令和2年度"),
        (2019, "令和元年度"),
        (2018, "平成30年度"),
        (1989, "平成元年度"),
        (1988, "昭和63年度"),
        (1926, "昭和元年度"),
        (1868, "明治元年度"),
    ],
)
def test_format_fiscal_year(fy: int, expected: str) -> None:
    assert format_fiscal_year(fy) == expected


def test_format_fiscal_year_rejects_years_before_meiji() -> None:
    with pytest.raises(ValueError, match="明治より前の年度"):
        format_fiscal_year(1867)


# --- parse_date ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和4年12月27日", date(2022, 12, 27)),
        ("令和４年１２月２７日(火)", date(2022, 12, 27)),
        ("令和４年１２月２７日（火）", date(2022, 12, 27)),
        ("令和４年１２月２７日（火曜日）", date(2022, 12, 27)),
        ("令和４年１２月２７日（火曜）", date(2022, 12, 27)),
        ("令和４年１２月２７日\u3000（火）", date(2022, 12, 27)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("令和二年二月三日", date(2020, 2, 3)),
        ("平成三十一年四月三十日", date(2019, 4, 30)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("明治元年1月25日", date(1868, 1, 25)),
        ("令和 4 年 12 月 27 日", date(2022, 12, 27)),
        ("令和\u30004\u3000年\u300012\u3000月\u300027\u3000日", date(2022, 12, 27)),
        ("  令和4年12月27日  ", date(2022, 12, 27)),
        ("R4.12.27", date(2022, 12, 27)),
        ("H31.4.30", date(2019, 4, 30)),
        ("R1.5.1", date(2019, 5, 1)),
        ("R04.12.27", date(2022, 12, 27)),
        ("R4/12/27", date(2022, 12, 27)),
        ("Ｒ４．１２．２７", date(2022, 12, 27)),
        ("S64.1.7", date(1989, 1, 7)),
        ("2022年12月27日", date(2022, 12, 27)),
        ("2022年12月27日（火）", date(2022, 12, 27)),
        ("２０２２年１２月２７日", date(2022, 12, 27)),
        ("2022-12-27", date(2022, 12, 27)),
        ("2022/12/27", date(2022, 12, 27)),
        ("2022/1/5", date(2022, 1, 5)),
        ("2022.12.27", date(2022, 12, 27)),
        ("二〇二二年十二月二十七日", date(2022, 12, 27)),
        ("二千二十二年十二月二十七日", date(2022, 12, 27)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected
    assert parse_date(text, strict=False) == expected


@pytest.mark.parametrize(
    ("text", "lenient", "problem"),
    [
        ("令和元年4月30日", date(2019, 4, 30), "令和の始まり（令和元年5月1日）より前"),
        ("R1.4.30", date(2019, 4, 30), "令和の始まり"),
        ("平成31年5月1日", date(2019, 5, 1), "平成の終わり（平成31年4月30日）より後"),
        ("H31.5.1", date(2019, 5, 1), "平成の終わり"),
        ("平成32年1月1日", date(2020, 1, 1), "平成の終わり"),
        ("平成三十二年一月一日", date(2020, 1, 1), "平成の終わり"),
        ("H32.1.1", date(2020, 1, 1), "平成の終わり"),
        ("昭和64年1月8日", date(1989, 1, 8), "昭和の終わり（昭和64年1月7日）より後"),
        ("平成元年1月7日", date(1989, 1, 7), "平成の始まり（平成元年1月8日）より前"),
        ("明治元年1月24日", date(1868, 1, 24), "明治の始まり"),
        ("令和4年12月27日（水）", date(2022, 12, 27), "曜日が日付と合いません"),
        ("2022/12/27（月）", date(2022, 12, 27), "火曜日です"),
    ],
)
def test_parse_date_strict_versus_lenient(text: str, lenient: date, problem: str) -> None:
    with pytest.raises(ValueError, match=re.escape(problem)):
        parse_date(text)
    assert parse_date(text, strict=False) == lenient


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("令和4年2月30日", "存在しない日付です: 「令和4年2月30日」"),
        ("令和四年二月三十日", "存在しない日付です"),
        ("2022年2月30日", "存在しない日付です"),
        ("2022-02-30", "存在しない日付です"),
        ("2023-02-29", "存在しない日付です"),
        ("令和4年13月1日", "存在しない日付です"),
        ("R4.0.1", "存在しない日付です"),
        ("令和0年1月1日", "元年（1年）以上"),
        ("", "日付として読めません"),
        ("令和", "日付として読めません"),
        ("2022年12月", "日付として読めません"),
        ("2022-12/27", "日付として読めません"),
        ("来週の火曜日", "日付として読めません"),
        ("X4.12.27", "日付として読めません"),
        ("令和十十年1月1日", "数字として読めません"),
    ],
)
@pytest.mark.parametrize("strict", [True, False])
def test_parse_date_always_rejects_impossible_dates(text: str, message: str, strict: bool) -> None:
    with pytest.raises(ValueError, match=re.escape(message)) as info:
        parse_date(text, strict=strict)
    assert JAPANESE.search(str(info.value))


# --- find_dates ----------------------------------------------------------------

MINUTES = (
    "１　日時　令和４年１２月２７日（火）午後２時００分～午後３時３７分\n"
    "２　前回（R4.11.29）の議事録を確認した。"
    "平成32年1月1日施行予定の規程、2023/1/5付けの通知、"
    "令和5年2月30日（誤記）及び二〇二二年十二月二十七日の資料。"
)


def test_find_dates_spans_and_values() -> None:
    found = find_dates(MINUTES)
    assert [(MINUTES[start:end], d) for start, end, d in found] == [
        ("令和４年１２月２７日（火）", date(2022, 12, 27)),
        ("R4.11.29", date(2022, 11, 29)),
        ("平成32年1月1日", date(2020, 1, 1)),
        ("2023/1/5", date(2023, 1, 5)),
        ("二〇二二年十二月二十七日", date(2022, 12, 27)),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "令和4年度の第12回会議",
        "ABR4.12.27",
        "12022-12-27",
        "2022-12-270",
        "第3.1.2項",
        "令和4年2月30日",
    ],
)
def test_find_dates_ignores_non_dates(text: str) -> None:
    assert find_dates(text) == []


def test_find_dates_does_not_double_count_overlapping_forms() -> None:
    assert [d for _, _, d in find_dates("令和4年12月27日と2022年12月27日")] == [
        date(2022, 12, 27),
        date(2022, 12, 27),
    ]


# --- times -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("午後2時00分", time(14, 0)),
        ("午後２時", time(14, 0)),
        ("午後 2 時 5 分", time(14, 5)),
        ("午前10時30分", time(10, 30)),
        ("午前0時00分", time(0, 0)),
        ("午後0時30分", time(12, 30)),
        ("午後十一時五十九分", time(23, 59)),
        ("正午", time(12, 0)),
        ("14:00", time(14, 0)),
        ("１４：００", time(14, 0)),
        ("9:05", time(9, 5)),
        ("午後2:00", time(14, 0)),
        ("14時37分", time(14, 37)),
        ("14時", time(14, 0)),
        ("2時半", time(2, 30)),
        ("午後2時半", time(14, 30)),
    ],
)
def test_parse_time(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("午後12時", "紛らわしい"),
        ("午前12時", "紛らわしい"),
        ("午後13時", "0時～11時"),
        ("25:00", "存在しない時刻です"),
        ("24時", "存在しない時刻です"),
        ("14:60", "存在しない時刻です"),
        ("", "時刻として読めません"),
        ("あした", "時刻として読めません"),
        ("14:0", "時刻として読めません"),
    ],
)
def test_parse_time_rejects(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_time(text)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("午後2時00分～午後3時37分", time(14, 0), time(15, 37)),
        ("14:00～15:37", time(14, 0), time(15, 37)),
        ("14:00-15:37", time(14, 0), time(15, 37)),
        ("14:00 ～ 15:37", time(14, 0), time(15, 37)),
        ("１４：００～１５：３７", time(14, 0), time(15, 37)),
        ("午後２時～３時３７分", time(14, 0), time(15, 37)),
        ("午後２時〜３時３７分", time(14, 0), time(15, 37)),
        ("午後1時～2時", time(13, 0), time(14, 0)),
        ("午前10時～11時", time(10, 0), time(11, 0)),
        ("午前10時～正午", time(10, 0), time(12, 0)),
        ("正午～1時", time(12, 0), time(13, 0)),
        ("午前10時30分から午前11時まで", time(10, 30), time(11, 0)),
        ("午後2時～午後2時", time(14, 0), time(14, 0)),
        ("午後2時～15時", time(14, 0), time(15, 0)),
    ],
)
def test_parse_time_range(text: str, start: time, end: time) -> None:
    assert parse_time_range(text) == (start, end)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("15:00～14:00", "終了時刻が開始時刻より前です"),
        ("午前11時～1時", "終了時刻が開始時刻より前です"),
        ("午後1時～午後0時59分", "終了時刻が開始時刻より前です"),
        ("14:00", "時刻の範囲として読めません"),
        ("14:00～", "時刻として読めません"),
        ("午後2時～午後12時", "紛らわしい"),
    ],
)
def test_parse_time_range_rejects(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_time_range(text)


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (time(14, 0), "午後2時00分"),
        (time(15, 37), "午後3時37分"),
        (time(12, 0), "午後0時00分"),
        (time(12, 30), "午後0時30分"),
        (time(0, 0), "午前0時00分"),
        (time(9, 5), "午前9時05分"),
        (time(11, 59), "午前11時59分"),
        (time(23, 59), "午後11時59分"),
    ],
)
def test_format_time(t: time, expected: str) -> None:
    assert format_time(t) == expected


def test_format_time_round_trips_for_every_minute_of_the_day() -> None:
    minutes = [time(h, m) for h in range(24) for m in range(60)]
    assert all(parse_time(format_time(t)) == t for t in minutes)


# --- round trips ---------------------------------------------------------------


def _days_around(center: date, radius: int) -> list[date]:
    return [center + timedelta(days=offset) for offset in range(-radius, radius + 1)]


@pytest.mark.parametrize("era_start", [e.start for e in ERAS[1:]], ids=[e.name for e in ERAS[1:]])
def test_round_trip_around_each_era_change(era_start: date) -> None:
    for d in _days_around(era_start, 400):
        assert to_wareki(d).to_date() == d
        assert parse_date(format_date(d)) == d
        assert parse_date(format_date(d, weekday=False)) == d


if given is not None:

    @given(st.dates(min_value=FIRST_DAY, max_value=LAST_DAY))
    def test_format_date_round_trips_through_parse_date(d: date) -> None:
        assert parse_date(format_date(d)) == d
        assert parse_date(format_date(d, weekday=False), strict=True) == d

    @given(st.dates(min_value=FIRST_DAY, max_value=LAST_DAY))
    def test_to_wareki_round_trips(d: date) -> None:
        wareki = to_wareki(d)
        assert wareki.to_date() == d
        assert wareki.year >= 1
        assert era_of(d) == wareki.era

    @given(st.dates(min_value=FIRST_DAY, max_value=LAST_DAY))
    def test_find_dates_finds_a_formatted_date_in_text(d: date) -> None:
        text = f"開催日は{format_date(d)}とする。"
        assert find_dates(text) == [(4, 4 + len(format_date(d)), d)]

    @given(st.dates(min_value=date(1869, 4, 1), max_value=LAST_DAY))
    def test_fiscal_year_contains_its_day(d: date) -> None:
        first, last = fiscal_year_bounds(fiscal_year(d))
        assert first <= d <= last
        assert format_fiscal_year(fiscal_year(d)).endswith("年度")
