"""Japanese era (和暦) dates, times and fiscal years.

Council records are dated in the Japanese era calendar (令和4年12月27日（火）),
meetings are timed in the office style (午後2時00分～午後3時37分) and ordinals
and case numbers reset with the April–March fiscal year. This module converts
between those forms and :class:`datetime.date` / :class:`datetime.time`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time

from shingikai.lib.jpnum import parse_number, to_halfwidth_ascii

__all__ = [
    "ERAS",
    "WEEKDAYS",
    "Era",
    "WarekiDate",
    "era_of",
    "find_dates",
    "fiscal_year",
    "fiscal_year_bounds",
    "format_date",
    "format_fiscal_year",
    "format_time",
    "get_era",
    "parse_date",
    "parse_time",
    "parse_time_range",
    "to_wareki",
]

WEEKDAYS = "月火水木金土日"


@dataclass(frozen=True)
class Era:
    """A Japanese era: its kanji name, first day and one-letter abbreviation."""

    name: str
    start: date
    alphabet: str

    @property
    def end(self) -> date | None:
        """Last day of the era, or None for the current era."""
        following = _next_era(self)
        return None if following is None else date.fromordinal(following.start.toordinal() - 1)

    def to_western_year(self, era_year: int) -> int:
        """Western year of the given era year (令和1 → 2019), arithmetically."""
        return self.start.year + era_year - 1

    def era_year(self, western_year: int) -> int:
        """Era year of the given Western year (2019 → 令和1), arithmetically."""
        return western_year - self.start.year + 1


ERAS: tuple[Era, ...] = (
    Era("明治", date(1868, 1, 25), "M"),
    Era("大正", date(1912, 7, 30), "T"),
    Era("昭和", date(1926, 12, 25), "S"),
    Era("平成", date(1989, 1, 8), "H"),
    Era("令和", date(2019, 5, 1), "R"),
)


def _next_era(era: Era) -> Era | None:
    """The era that followed ``era``, or None if it is current (or not in ERAS)."""
    later = [other for other in ERAS if other.start > era.start]
    return later[0] if era in ERAS and later else None


def get_era(key: str) -> Era:
    """Look an era up by kanji name (令和) or alphabet letter (R, case-insensitive)."""
    for era in ERAS:
        if key in (era.name, era.alphabet, era.alphabet.lower()):
            return era
    raise ValueError(f"元号として読めません: 「{key}」")


def era_of(d: date) -> Era:
    """The era in force on ``d``; dates before 明治 raise ValueError."""
    for era in reversed(ERAS):
        if era.start <= d:
            return era
    raise ValueError(f"明治より前の日付は和暦にできません: {d.isoformat()}")


def _year_label(era_year: int) -> str:
    """Era year as printed: 1 is 元, the rest are half-width digits."""
    return "元" if era_year == 1 else str(era_year)


@dataclass(frozen=True)
class WarekiDate:
    """A date as an era, era year, month and day (the year may lie outside the era)."""

    era: Era
    year: int
    month: int
    day: int

    def to_date(self) -> date:
        """Convert to a Western date arithmetically (no era-span check)."""
        return _make_date(self.era.to_western_year(self.year), self.month, self.day, str(self))

    def __str__(self) -> str:
        return f"{self.era.name}{_year_label(self.year)}年{self.month}月{self.day}日"


def _make_date(year: int, month: int, day: int, label: str) -> date:
    """``date(year, month, day)`` with a Japanese message naming ``label``."""
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"存在しない日付です: 「{label}」") from None


def to_wareki(d: date) -> WarekiDate:
    """Express ``d`` in the era in force on that day (2019-05-01 → 令和元年5月1日)."""
    era = era_of(d)
    return WarekiDate(era, era.era_year(d.year), d.month, d.day)


def format_date(d: date, *, weekday: bool = True) -> str:
    """Office style 和暦 text: 令和4年12月27日（火）, or without the weekday."""
    text = str(to_wareki(d))
    return f"{text}（{WEEKDAYS[d.weekday()]}）" if weekday else text


def fiscal_year(d: date) -> int:
    """The April–March fiscal year containing ``d`` (2023-03-31 → 2022)."""
    return d.year if d.month >= 4 else d.year - 1


def fiscal_year_bounds(fy: int) -> tuple[date, date]:
    """First and last day of fiscal year ``fy`` (April 1 to March 31)."""
    return date(fy, 4, 1), date(fy + 1, 3, 31)


def format_fiscal_year(fy: int) -> str:
    """Name a fiscal year in 和暦: 2022 → 令和4年度, 2019 → 令和元年度.

    A fiscal year takes the era of the calendar year it starts in, and that
    calendar year is named by the latest era begun in it. So FY2019 is 令和元年度
    (not 平成31年度) while FY1988 stays 昭和63年度 (平成 began in January 1989,
    inside FY1988, but 平成0年度 would be meaningless).
    """
    eras = [era for era in ERAS if era.start.year <= fy]
    if not eras:
        raise ValueError(f"明治より前の年度は和暦にできません: {fy}年度")
    era = eras[-1]
    return f"{era.name}{_year_label(era.era_year(fy))}年度"


# --- date parsing ----------------------------------------------------------

_SP = r"[ \t]*"
_KNUM = r"[0-9〇零一二三四五六七八九十百千]+"
_ERA_NAMES = "|".join(era.name for era in ERAS)
_ERA_LETTERS = "".join(era.alphabet for era in ERAS)
_WEEKDAY = rf"(?:{_SP}\({_SP}(?P<wd>[{WEEKDAYS}])(?:曜日?)?{_SP}\))?"
_MONTH_DAY = rf"{_SP}年{_SP}(?P<m>{_KNUM}){_SP}月{_SP}(?P<d>{_KNUM}){_SP}日"
_NUMERIC_MONTH_DAY = r"(?P<sep>[./-])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})(?![0-9])"

_ERA_KANJI_RE = re.compile(rf"(?P<era>{_ERA_NAMES}){_SP}(?P<y>元|{_KNUM}){_MONTH_DAY}{_WEEKDAY}")
_ERA_LETTER_RE = re.compile(
    rf"(?<![A-Za-z0-9])(?P<era>[{_ERA_LETTERS}]){_SP}(?P<y>[0-9]{{1,2}}){_NUMERIC_MONTH_DAY}{_WEEKDAY}"
)
_WESTERN_KANJI_RE = re.compile(
    r"(?<![0-9〇零一二三四五六七八九十百千])"
    r"(?P<y>[0-9]{4}|[〇零一二三四五六七八九]{4}|[一二]?千[一二三四五六七八九十百]*)"
    rf"{_MONTH_DAY}{_WEEKDAY}"
)
_WESTERN_NUMERIC_RE = re.compile(rf"(?<![0-9])(?P<y>[0-9]{{4}}){_NUMERIC_MONTH_DAY}{_WEEKDAY}")

_Converter = Callable[[re.Match[str], bool], date]


def _convert_era(match: re.Match[str], strict: bool) -> date:
    """Date from an era match; when strict, the date must lie inside the era."""
    label = match.group(0)
    era, era_year = get_era(match["era"]), parse_number(match["y"])
    if era_year < 1:
        raise ValueError(f"元号の年は元年（1年）以上で記載してください: 「{label}」")
    wareki = WarekiDate(era, era_year, parse_number(match["m"]), parse_number(match["d"]))
    d = _make_date(era.to_western_year(era_year), wareki.month, wareki.day, label)
    if strict:
        _check_era_span(era, d, label)
    return _checked_weekday(match, d, strict)


def _check_era_span(era: Era, d: date, label: str) -> None:
    """Reject a date printed in an era that was not in force on that day."""
    if d < era.start:
        start = format_date(era.start, weekday=False)
        raise ValueError(f"{label}は{era.name}の始まり（{start}）より前の日付です")
    end, following = era.end, _next_era(era)
    if end is not None and following is not None and d > end:
        last = format_date(end, weekday=False)
        raise ValueError(
            f"{label}は{era.name}の終わり（{last}）より後の日付です（翌日から{following.name}）"
        )


def _convert_western(match: re.Match[str], strict: bool) -> date:
    """Date from a Western-year match (2022年12月27日, 2022-12-27)."""
    year, month, day = (parse_number(match[key]) for key in ("y", "m", "d"))
    d = _make_date(year, month, day, match.group(0))
    return _checked_weekday(match, d, strict)


def _checked_weekday(match: re.Match[str], d: date, strict: bool) -> date:
    """Return ``d``; when strict, a printed weekday must agree with it."""
    printed, actual = match["wd"], WEEKDAYS[d.weekday()]
    if strict and printed is not None and printed != actual:
        raise ValueError(f"曜日が日付と合いません: 「{match.group(0)}」は{actual}曜日です")
    return d


_DATE_PATTERNS: tuple[tuple[re.Pattern[str], _Converter], ...] = (
    (_ERA_KANJI_RE, _convert_era),
    (_ERA_LETTER_RE, _convert_era),
    (_WESTERN_KANJI_RE, _convert_western),
    (_WESTERN_NUMERIC_RE, _convert_western),
)


def parse_date(text: str, *, strict: bool = True) -> date:
    """Parse one 和暦 or Western date written the way Japanese documents write it.

    With ``strict`` a date outside its era (令和元年4月30日, 平成31年5月1日) or
    with a wrong printed weekday raises ValueError; without it the era year is
    converted arithmetically (平成32年1月1日 → 2020-01-01), as documents printed
    before an era change contain such dates. Impossible dates always raise.
    """
    normalized = to_halfwidth_ascii(text).strip()
    for pattern, convert in _DATE_PATTERNS:
        match = pattern.fullmatch(normalized)
        if match is not None:
            return convert(match, strict)
    raise ValueError(f"日付として読めません: 「{text}」")


def find_dates(text: str) -> list[tuple[int, int, date]]:
    """Every date in running text as (start, end, date), leniently, in text order.

    Spans are offsets into ``text`` (end exclusive) and include a trailing
    weekday such as （火）. Impossible dates are skipped.
    """
    normalized = to_halfwidth_ascii(text)
    found: list[tuple[int, int, date]] = []
    for pattern, convert in _DATE_PATTERNS:
        for match in pattern.finditer(normalized):
            try:
                found.append((match.start(), match.end(), convert(match, False)))
            except ValueError:
                continue
    return _without_overlaps(found)


def _without_overlaps(spans: list[tuple[int, int, date]]) -> list[tuple[int, int, date]]:
    """Keep the earliest (then longest) of any overlapping spans."""
    kept: list[tuple[int, int, date]] = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


# --- times -----------------------------------------------------------------

_NOON = "正午"
_AM, _PM = "午前", "午後"
_MERIDIEM = rf"(?:(?P<ampm>{_AM}|{_PM}){_SP})?"
_TIME_KANJI_RE = re.compile(
    rf"{_MERIDIEM}(?P<h>{_KNUM}){_SP}時(?:{_SP}(?:(?P<min>{_KNUM}){_SP}分|(?P<half>半)))?"
)
_TIME_COLON_RE = re.compile(rf"{_MERIDIEM}(?P<h>[0-9]{{1,2}}){_SP}:{_SP}(?P<min>[0-9]{{2}})")
_RANGE_SEPARATOR_RE = re.compile(rf"{_SP}(?:~|〜|-|−|–|—|―|から){_SP}")


def parse_time(text: str) -> time:
    """Parse 午後2時00分, 午前10時30分, 正午, 14:00, １４：００, 14時37分, 2時半.

    午前12時 and 午後12時 are rejected as ambiguous (write 正午 or 午後0時).
    """
    return _parse_clock(text)[0]


def _parse_clock(text: str) -> tuple[time, str | None]:
    """Parse a time and report the 午前/午後 it was written with, if any."""
    normalized = to_halfwidth_ascii(text).strip()
    if normalized == _NOON:
        return time(12), _PM
    for pattern in (_TIME_KANJI_RE, _TIME_COLON_RE):
        match = pattern.fullmatch(normalized)
        if match is not None:
            return _time_from_match(match, text), match["ampm"]
    raise ValueError(f"時刻として読めません: 「{text}」")


def _time_from_match(match: re.Match[str], text: str) -> time:
    """Build the time for a kanji or colon match, validating its ranges."""
    hour = _apply_meridiem(parse_number(match["h"]), match["ampm"], text)
    minute = 30 if match.groupdict().get("half") else parse_number(match["min"] or "0")
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError(f"存在しない時刻です: 「{text}」")
    return time(hour, minute)


def _apply_meridiem(hour: int, meridiem: str | None, text: str) -> int:
    """Turn a 12-hour 午前/午後 hour into a 24-hour one."""
    if meridiem is None:
        return hour
    if hour == 12:
        hint = "正午・午前0時・午後0時のいずれかで記載してください"
        raise ValueError(f"{meridiem}12時は紛らわしい表記です。{hint}: 「{text}」")
    if hour > 12:
        raise ValueError(f"{meridiem}を付けた時刻は0時～11時で記載してください: 「{text}」")
    return hour + 12 if meridiem == _PM else hour


def parse_time_range(text: str) -> tuple[time, time]:
    """Parse a start–end pair such as 午後2時00分～午後3時37分 or 14:00-15:37.

    An end written without 午前/午後 inherits 午後 from the start when it
    would otherwise come before the start (午後２時～３時３７分 → 14:00–15:37).
    """
    normalized = to_halfwidth_ascii(text).strip().removesuffix("まで")
    parts = _RANGE_SEPARATOR_RE.split(normalized, maxsplit=1)
    if len(parts) != 2:
        raise ValueError(f"時刻の範囲として読めません: 「{text}」")
    (start, start_meridiem), (end, end_meridiem) = map(_parse_clock, parts)
    if start_meridiem == _PM and end_meridiem is None and end < start and end.hour < 12:
        end = end.replace(hour=end.hour + 12)
    if end < start:
        raise ValueError(f"終了時刻が開始時刻より前です: 「{text}」")
    return start, end


def format_time(t: time) -> str:
    """Office style 12-hour time: 14:00 → 午後2時00分, 12:30 → 午後0時30分."""
    meridiem = _AM if t.hour < 12 else _PM
    return f"{meridiem}{t.hour % 12}時{t.minute:02d}分"
