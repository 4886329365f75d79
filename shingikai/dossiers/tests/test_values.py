"""Reading, storing and showing the typed values of handling fields (values.py): 全角 and
漢数字 numbers, 和暦 dates, はい/いいえ, codes or labels. Pure Python: no database, no Django."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from shingikai.dossiers.structure import schema, values
from shingikai.lib import glossary

TEXT = schema.FieldSpec("place", "取扱場所", schema.TEXT)
LONGTEXT = schema.FieldSpec("content", "内容", schema.LONGTEXT)
INT = schema.COUNT
DATE = schema.START_ON
BOOL = schema.FieldSpec("place_shared", "共用", schema.BOOL)
CHOICE = schema.FieldSpec("line_type", "回線の種別", schema.CHOICE, choices=glossary.LINE_TYPES)
MULTI = schema.FieldSpec(
    "exchange_methods", "授受の方法", schema.MULTI, choices=glossary.EXCHANGE_METHODS
)
SPECS = {
    schema.TEXT: TEXT,
    schema.LONGTEXT: LONGTEXT,
    schema.INT: INT,
    schema.DATE: DATE,
    schema.BOOL: BOOL,
    schema.CHOICE: CHOICE,
    schema.MULTI: MULTI,
}


def test_it_has_a_test_spec_for_every_kind() -> None:
    assert set(SPECS) == set(schema.KINDS)


# -- to_int ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (0, 0),
        (14000, 14000),
        ("14000", 14000),
        ("14,000", 14000),
        (" 14,000 ", 14000),
        ("１４０００", 14000),
        ("１４，０００", 14000),
        ("二万四百十七", 20417),
        ("二〇二三", 2023),
        ("百", 100),
        ("0", 0),
    ],
)
def test_it_reads_whole_numbers_in_every_japanese_form(given: object, expected: int) -> None:
    assert values.to_int(given) == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (-1, "0以上の数値を入力してください。"),
        (True, "数値を入力してください。"),
        (False, "数値を入力してください。"),
        ("約百人", "数値を入力してください（「約百人」は数値として読めません）。"),
        ("1.5", "数値を入力してください（「1.5」は数値として読めません）。"),
        ("abc", "数値を入力してください（「abc」は数値として読めません）。"),
        ("-5", "数値を入力してください（「-5」は数値として読めません）。"),
        ("", "数値を入力してください（「」は数値として読めません）。"),
    ],
)
def test_it_refuses_what_is_not_a_whole_number_with_a_japanese_message(
    given: object, message: str
) -> None:
    with pytest.raises(values.ValueProblem) as exc:
        values.to_int(given)
    assert str(exc.value) == message


def test_it_makes_value_problems_value_errors() -> None:
    with pytest.raises(ValueError, match="約百人"):
        values.to_int("約百人")


# -- to_date --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2023-01-16", dt.date(2023, 1, 16)),
        (" 2023-01-16 ", dt.date(2023, 1, 16)),
        ("２０２３-０１-１６", dt.date(2023, 1, 16)),
        ("令和5年1月16日", dt.date(2023, 1, 16)),
        ("令和５年１月１６日", dt.date(2023, 1, 16)),
        ("令和五年一月十六日", dt.date(2023, 1, 16)),
        ("令和元年5月1日", dt.date(2019, 5, 1)),
        ("R5.1.16", dt.date(2023, 1, 16)),
        ("2023年1月16日", dt.date(2023, 1, 16)),
        (dt.date(2023, 1, 16), dt.date(2023, 1, 16)),
        (dt.datetime(2023, 1, 16, 10, 30), dt.date(2023, 1, 16)),
    ],
)
def test_it_reads_dates_as_iso_wareki_or_date_objects(given: object, expected: dt.date) -> None:
    result = values.to_date(given)
    assert result == expected
    assert type(result) is dt.date


@pytest.mark.parametrize(
    "given",
    ["2023-02-30", "令和5年2月30日", "2月30日", "平成31年5月1日", "あした", "", "2023-13-01"],
)
def test_it_refuses_impossible_or_unreadable_dates_naming_the_forms_it_reads(given: str) -> None:
    with pytest.raises(values.ValueProblem) as exc:
        values.to_date(given)
    assert str(exc.value) == f"日付として読めません（「{given}」）。例：2023-01-16、令和5年1月16日"


# -- to_bool --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("はい", True),
        ("いいえ", False),
        ("あり", True),
        ("なし", False),
        ("true", True),
        ("false", False),
        ("TRUE", True),
        ("False", False),
        ("yes", True),
        ("no", False),
        (" はい ", True),
        ("有", True),
        ("無", False),
        ("○", True),
        ("×", False),
        (True, True),
        (False, False),
        (1, True),
        (0, False),
    ],
)
def test_it_reads_yes_and_no_in_japanese_and_english(given: object, expected: bool) -> None:
    assert values.to_bool(given) is expected


@pytest.mark.parametrize("given", ["たぶん", "maybe", "2", "はいいいえ"])
def test_it_refuses_what_is_neither_yes_nor_no(given: str) -> None:
    with pytest.raises(values.ValueProblem) as exc:
        values.to_bool(given)
    assert str(exc.value) == f"「はい」か「いいえ」で入力してください（「{given}」）。"


# -- to_code --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("document", "document"),
        ("文書", "document"),
        (" 回線結合 ", "line"),
        ("electronic_media", "electronic_media"),
        ("電子記録媒体", "electronic_media"),
    ],
)
def test_it_reads_a_choice_as_its_code_or_its_japanese_label(given: str, expected: str) -> None:
    assert values.to_code(given, glossary.EXCHANGE_METHODS) == expected


@pytest.mark.parametrize("given", ["fax", "Document", "文書等", ""])
def test_it_refuses_an_unknown_choice_naming_the_allowed_codes(given: str) -> None:
    with pytest.raises(values.ValueProblem) as exc:
        values.to_code(given, glossary.EXCHANGE_METHODS)
    message = str(exc.value)
    assert message == f"「{given}」は選択肢にありません（document、electronic_media、line）。"


# -- coerce ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", schema.KINDS)
@pytest.mark.parametrize("empty", [None, "", "   ", "\u3000", []])
def test_it_coerces_empty_values_of_every_kind_to_none(kind: str, empty: object) -> None:
    assert values.coerce(SPECS[kind], empty) is None


@pytest.mark.parametrize(
    ("kind", "given", "expected"),
    [
        (schema.TEXT, "  区役所内  ", "区役所内"),
        (schema.TEXT, 123, "123"),
        (schema.LONGTEXT, "一行目\n二行目\n", "一行目\n二行目"),
        (schema.INT, "１４，０００", 14000),
        (schema.INT, 0, 0),
        (schema.INT, "二万四百十七", 20417),
        (schema.DATE, "令和5年1月16日", dt.date(2023, 1, 16)),
        (schema.DATE, dt.date(2023, 1, 16), dt.date(2023, 1, 16)),
        (schema.BOOL, "はい", True),
        (schema.BOOL, False, False),
        (schema.BOOL, "なし", False),
        (schema.CHOICE, "lgwan", "lgwan"),
        (schema.CHOICE, "専用回線", "dedicated_line"),
        (schema.MULTI, "文書", ["document"]),
        (schema.MULTI, ["document", "回線結合"], ["document", "line"]),
        (schema.MULTI, ("line",), ["line"]),
    ],
)
def test_it_coerces_each_kind_to_its_typed_value(kind: str, given: object, expected: Any) -> None:
    assert values.coerce(SPECS[kind], given) == expected


@pytest.mark.parametrize(
    ("kind", "given", "fragment"),
    [
        (schema.TEXT, {"a": 1}, "文字列で入力してください。"),
        (schema.LONGTEXT, ["a", "b"], "文字列で入力してください。"),
        (schema.INT, "約百人", "約百人"),
        (schema.INT, -3, "0以上"),
        (schema.DATE, "2023-02-30", "日付として読めません"),
        (schema.BOOL, "たぶん", "「はい」か「いいえ」"),
        (schema.CHOICE, "衛星回線", "選択肢にありません"),
        (schema.MULTI, ["document", "fax"], "「fax」は選択肢にありません"),
    ],
)
def test_it_refuses_a_value_that_does_not_fit_its_kind(
    kind: str, given: object, fragment: str
) -> None:
    with pytest.raises(values.ValueProblem, match=fragment):
        values.coerce(SPECS[kind], given)


def test_it_refuses_an_unknown_field_kind() -> None:
    with pytest.raises(values.ValueProblem, match="unknown field kind"):
        values.coerce(schema.FieldSpec("x", "x", "colour"), "red")


# -- encode / decode ------------------------------------------------------------------------


def test_it_encodes_dates_as_iso_strings_and_leaves_the_rest() -> None:
    assert values.encode(dt.date(2023, 1, 16)) == "2023-01-16"
    for plain in ("文字", 14000, True, ["line"], None):
        assert values.encode(plain) == plain


@pytest.mark.parametrize(
    ("kind", "typed"),
    [
        (schema.TEXT, "区役所内"),
        (schema.LONGTEXT, "一行目\n二行目"),
        (schema.INT, 14000),
        (schema.INT, 0),
        (schema.DATE, dt.date(2023, 1, 16)),
        (schema.DATE, dt.date(2019, 5, 1)),
        (schema.BOOL, True),
        (schema.BOOL, False),
        (schema.CHOICE, "lgwan"),
        (schema.MULTI, ["document", "line"]),
        (schema.TEXT, None),
    ],
)
def test_it_decodes_what_it_encoded_through_json(kind: str, typed: Any) -> None:
    spec = SPECS[kind]
    stored = json.loads(json.dumps(values.encode(typed)))
    decoded = values.decode(spec, stored)
    assert decoded == typed
    assert type(decoded) is type(typed)


def test_it_decodes_a_stored_date_only_for_date_fields() -> None:
    assert values.decode(DATE, "2023-01-16") == dt.date(2023, 1, 16)
    assert values.decode(TEXT, "2023-01-16") == "2023-01-16"
    assert values.decode(DATE, None) is None


# -- display --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "typed", "shown"),
    [
        (schema.DATE, dt.date(2023, 1, 16), "令和5年1月16日"),
        (schema.DATE, dt.date(2019, 5, 1), "令和元年5月1日"),
        (schema.DATE, dt.date(2019, 4, 30), "平成31年4月30日"),
        (schema.BOOL, True, "はい"),
        (schema.BOOL, False, "いいえ"),
        (schema.INT, 14000, "14,000"),
        (schema.INT, 0, "0"),
        (schema.INT, 1234567, "1,234,567"),
        (schema.CHOICE, "internet_vpn", "インターネット（VPN）"),
        (schema.CHOICE, "unknown_code", "unknown_code"),
        (schema.MULTI, ["document", "line"], "文書、回線結合"),
        (schema.MULTI, ["electronic_media"], "電子記録媒体"),
        (schema.TEXT, "区役所内", "区役所内"),
        (schema.LONGTEXT, "一行目\n二行目", "一行目\n二行目"),
    ],
)
def test_it_displays_values_as_the_documents_write_them(kind: str, typed: Any, shown: str) -> None:
    assert values.display(SPECS[kind], typed) == shown


@pytest.mark.parametrize("kind", schema.KINDS)
@pytest.mark.parametrize("empty", [None, "", []])
def test_it_displays_empty_values_as_nothing(kind: str, empty: object) -> None:
    assert values.display(SPECS[kind], empty) == ""


@pytest.mark.parametrize("kind", schema.KINDS)
def test_it_displays_what_it_coerced_from_typed_input(kind: str) -> None:
    typed_input = {
        schema.TEXT: ("区役所内", "区役所内"),
        schema.LONGTEXT: ("内容", "内容"),
        schema.INT: ("１４，０００", "14,000"),
        schema.DATE: ("2023-01-16", "令和5年1月16日"),
        schema.BOOL: ("あり", "はい"),
        schema.CHOICE: ("lgwan", "LGWAN"),
        schema.MULTI: (["文書", "line"], "文書、回線結合"),
    }
    given, shown = typed_input[kind]
    spec = SPECS[kind]
    assert values.display(spec, values.coerce(spec, given)) == shown
