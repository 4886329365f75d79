"""Table digests: one canonical text per value, rows hashed in a fixed order, so equal
contents give equal sums and any edited, added or removed row changes them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from shingikai.ops.digest import TableSum, canonical, differences, row_line, table_sum

COLUMNS = ["id", "name", "note"]
ROWS = [(1, "委員1", None), (2, "委員2", "備考"), (3, "委員3", "")]


def test_it_sums_equal_contents_equally_whatever_order_unkeyed_rows_come_in() -> None:
    assert table_sum(COLUMNS, ROWS, ordered=False) == table_sum(
        COLUMNS, list(reversed(ROWS)), ordered=False
    )
    assert table_sum(COLUMNS, ROWS, ordered=True).rows == 3


def test_it_notices_an_edited_a_removed_and_an_added_row() -> None:
    base = table_sum(COLUMNS, ROWS, ordered=True)
    edited = [ROWS[0], (2, "委員2", "備考 "), ROWS[2]]
    assert table_sum(COLUMNS, edited, ordered=True).sha256 != base.sha256
    assert table_sum(COLUMNS, ROWS[:2], ordered=True).sha256 != base.sha256
    added = table_sum(COLUMNS, [*ROWS, (4, "", None)], ordered=True)
    assert added.rows == 4 and added.sha256 != base.sha256
    assert table_sum(["id", "title", "note"], ROWS, ordered=True).sha256 != base.sha256


def test_it_keeps_values_of_different_types_apart() -> None:
    values = [
        None,
        "N",
        "",
        0,
        "0",
        False,
        0.0,
        Decimal("0"),
        b"",
        dt.date(2023, 4, 1),
        "2023-04-01",
        {"a": 1},
        '{"a": 1}',
    ]
    assert len({canonical(v) for v in values}) == len(values)


def test_a_tab_or_newline_in_the_data_cannot_imitate_a_column_or_row() -> None:
    assert row_line(["a\tb"]) != row_line(["a", "b"])
    assert "\n" not in row_line(["一行目\n二行目"])


def test_json_objects_are_canonical_whatever_their_key_order() -> None:
    assert canonical({"b": 1, "a": [1, "二"]}) == canonical({"a": [1, "二"], "b": 1})


def test_it_names_each_table_that_differs_in_one_line() -> None:
    want = {"a": TableSum(1, "x"), "b": TableSum(2, "y"), "c": TableSum(3, "z")}
    got = {"a": TableSum(1, "x"), "b": TableSum(2, "w"), "d": TableSum(0, "v")}
    assert differences(want, got) == [
        "表 b の内容が違います（行数 2件は同じ）。",
        "表 c がありません。",
        "表 d はバックアップにありません。",
    ]
    assert differences(want, dict(want)) == []
