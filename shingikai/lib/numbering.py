"""Meeting ordinals and case numbers (諮問第999号, 令和4年度答申第3号).

Councils number their meetings within a fiscal year and number cases either
as one running sequence or afresh each fiscal year. The labels are built from
per-council templates, which are validated here before they are stored.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from enum import StrEnum

from shingikai.lib.jpnum import parse_number, to_halfwidth_ascii
from shingikai.lib.wareki import ERAS, format_fiscal_year

__all__ = [
    "PLACEHOLDERS",
    "NumberingReset",
    "format_number",
    "next_case_number",
    "next_ordinal",
    "parse_number_label",
    "validate_template",
]

PLACEHOLDERS: frozenset[str] = frozenset({"number", "era_year", "fiscal_year"})
_YEAR_PLACEHOLDERS = frozenset({"era_year", "fiscal_year"})
_SAMPLE_VALUES: dict[str, object] = {"number": 1, "fiscal_year": 2022, "era_year": "令和4年度"}


class NumberingReset(StrEnum):
    """Whether case numbers run on forever or restart each fiscal year (stored as str)."""

    RUNNING = "running"
    YEARLY = "yearly"


def next_ordinal(existing: Iterable[int]) -> int:
    """Ordinal for the next meeting: one more than the highest so far, else 1."""
    return max(existing, default=0) + 1


def next_case_number(
    issued: Iterable[tuple[int, int]], fiscal_year: int, reset: NumberingReset | str
) -> int:
    """Next case number given the (fiscal_year, number) pairs already issued.

    ``running`` continues from the highest number ever issued (第999号 → 第1000号);
    ``yearly`` continues from the highest within ``fiscal_year``, starting at 1.
    """
    mode = _coerce_reset(reset)
    numbers = [
        number for year, number in issued if mode is NumberingReset.RUNNING or year == fiscal_year
    ]
    return max(numbers, default=0) + 1


def _coerce_reset(reset: NumberingReset | str) -> NumberingReset:
    """Accept the enum or its stored string value; reject anything else in Japanese."""
    try:
        return NumberingReset(reset)
    except ValueError:
        raise ValueError(
            f"採番方式が正しくありません: 「{reset}」（running または yearly）"
        ) from None


def validate_template(template: str) -> None:
    """Check a number template: it needs {number} and only known placeholders."""
    fields = _template_fields(template)
    unknown = sorted(fields - PLACEHOLDERS)
    if unknown:
        names = "、".join(f"{{{name}}}" for name in unknown)
        allowed = "{number}、{era_year}、{fiscal_year}"
        raise ValueError(f"番号の書式に使えない項目があります: {names}（使えるのは{allowed}）")
    if "number" not in fields:
        raise ValueError(f"番号の書式に{{number}}がありません: 「{template}」")
    try:
        template.format(**_SAMPLE_VALUES)
    except (ValueError, TypeError, IndexError, KeyError):
        raise ValueError(f"番号の書式が正しくありません: 「{template}」") from None


def _template_fields(template: str) -> set[str]:
    """Names of the placeholders used in ``template``."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        raise ValueError(f"番号の書式の波括弧が対応していません: 「{template}」") from None
    return {field for _, field, _, _ in parsed if field is not None}


def format_number(template: str, number: int, *, fiscal_year: int | None = None) -> str:
    """Render a case label: ("諮問第{number}号", 999) → 諮問第999号.

    {era_year} renders the fiscal year in 和暦 (令和4年度) and {fiscal_year}
    the Western fiscal year (2022); both need ``fiscal_year``.
    """
    validate_template(template)
    if number < 1:
        raise ValueError(f"番号は1以上で指定してください: {number}")
    if fiscal_year is None:
        if _template_fields(template) & _YEAR_PLACEHOLDERS:
            raise ValueError(f"この番号の書式には年度の指定が必要です: 「{template}」")
        return template.format(number=number)
    era_year = format_fiscal_year(fiscal_year)
    return template.format(number=number, fiscal_year=fiscal_year, era_year=era_year)


_ERA_NAMES = "|".join(era.name for era in ERAS)
_LABEL_RE = re.compile(
    # An optional fiscal-year prefix (令和4年度) that is not part of the kind.
    rf"(?:(?:{_ERA_NAMES})[ \t]*(?:元|[0-9〇一二三四五六七八九十]+)[ \t]*年度[ \t]*)?"
    r"(?P<kind>[々〆\u3400-\u4dbf\u4e00-\u9fff]+?)"
    r"第[ \t]*(?P<number>[0-9,〇一二三四五六七八九十百千万]+)[ \t]*号"
)


def parse_number_label(text: str) -> tuple[str, int] | None:
    """Find the first 〇〇第N号 label in ``text``: 諮問第１０００号 → ("諮問", 1000).

    The kind is the run of kanji just before 第 (a leading 令和4年度 is
    skipped); returns None when there is no label or the number is unreadable.
    """
    match = _LABEL_RE.search(to_halfwidth_ascii(text))
    if match is None:
        return None
    try:
        return match["kind"], parse_number(match["number"])
    except ValueError:
        return None
