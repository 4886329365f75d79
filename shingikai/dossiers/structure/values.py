"""Reading and writing the values of handling fields: from what people type or a case file
holds (全角 digits, 和暦 dates, はい/いいえ, labels instead of codes) to typed values, and to
JSON for storage. Pure Python: no Django."""

from __future__ import annotations

import datetime as dt
from typing import Any

from shingikai.dossiers.structure import schema
from shingikai.lib import jpnum, wareki

_YES = {"true", "yes", "y", "1", "はい", "あり", "有", "○", "〇", "する"}
_NO = {"false", "no", "n", "0", "いいえ", "なし", "無", "×", "しない"}
_ONE_VALUE = "一つの値で書いてください（一覧や項目の組は使えません）。"


class ValueProblem(ValueError):
    """A value that does not fit its field; the message is Japanese and names the rule."""


def to_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueProblem("数値を入力してください。")
    if isinstance(value, int):
        number = value
    else:
        try:
            number = jpnum.parse_number(str(value).strip())
        except ValueError as exc:
            raise ValueProblem(
                f"数値を入力してください（「{value}」は数値として読めません）。"
            ) from exc
    if number < 0:
        raise ValueProblem("0以上の数値を入力してください。")
    return number


def to_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return wareki.parse_date(str(value).strip())
    except ValueError as exc:
        raise ValueProblem(
            f"日付として読めません（「{value}」）。例：2023-01-16、令和5年1月16日"
        ) from exc


def to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueProblem(f"「はい」か「いいえ」で入力してください（「{value}」）。")


def to_code(value: Any, choices: tuple[tuple[str, str], ...]) -> str:
    """A code of `choices`, given either the code or its Japanese label."""
    text = str(value).strip()
    for code, label in choices:
        if text in (code, label):
            return code
    allowed = "、".join(code for code, _ in choices)
    raise ValueProblem(f"「{text}」は選択肢にありません（{allowed}）。")


def coerce(spec: schema.FieldSpec, value: Any) -> Any:
    """The typed value of `value` for `spec`; None for empty. Raises ValueProblem."""
    if value is None or (isinstance(value, str) and not value.strip()) or value == []:
        return None
    if spec.kind in (schema.TEXT, schema.LONGTEXT):
        if isinstance(value, (dict, list)):
            raise ValueProblem("文字列で入力してください。")
        return str(value).strip()
    # A list or mapping is never turned into text (str()): YAML aliases can nest one hugely.
    if spec.kind != schema.MULTI and isinstance(value, (dict, list, tuple)):
        raise ValueProblem(_ONE_VALUE)
    if spec.kind == schema.INT:
        return to_int(value)
    if spec.kind == schema.DATE:
        return to_date(value)
    if spec.kind == schema.BOOL:
        return to_bool(value)
    if spec.kind == schema.CHOICE:
        return to_code(value, spec.choices)
    if spec.kind == schema.MULTI:
        values = value if isinstance(value, (list, tuple)) else [value]
        if isinstance(value, dict) or any(isinstance(v, (dict, list, tuple)) for v in values):
            raise ValueProblem(_ONE_VALUE)
        return [to_code(v, spec.choices) for v in values]
    raise ValueProblem(f"unknown field kind {spec.kind}")  # a programming error


def encode(value: Any) -> Any:
    """JSON-safe form of a typed value (dates as ISO strings)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def decode(spec: schema.FieldSpec, stored: Any) -> Any:
    """The typed value of what `encode` stored."""
    if stored is None:
        return None
    if spec.kind == schema.DATE and isinstance(stored, str):
        return dt.date.fromisoformat(stored)
    return stored


def display(spec: schema.FieldSpec, value: Any) -> str:
    """How a value reads in documents and on screen (和暦 dates, はい/いいえ, labels)."""
    if value is None or value == [] or value == "":
        return ""
    if spec.kind == schema.DATE:
        return wareki.format_date(value, weekday=False)
    if spec.kind == schema.BOOL:
        return "はい" if value else "いいえ"
    if spec.kind == schema.INT:
        return f"{value:,}"
    if spec.kind == schema.CHOICE:
        return dict(spec.choices).get(value, str(value))
    if spec.kind == schema.MULTI:
        return "、".join(dict(spec.choices).get(v, str(v)) for v in value)
    return str(value)
