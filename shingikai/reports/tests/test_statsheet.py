"""The Excel sheet of statistics: the template, a good sheet read, and a bad one that lists
every problem with its cell and returns nothing. Pure: no database."""

from __future__ import annotations

import io
from typing import Any

import openpyxl

from shingikai.reports import statsheet
from shingikai.reports.stats import Figures

GOOD_2022 = [2022, "公文書", 12, 6, 4, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0, 0, "例示"]
GOOD_2023 = [
    "令和5年度",
    "自己情報",
    "9",
    4,
    4,
    None,
    1,
    None,
    None,
    0,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
]


def workbook(*rows: list[Any], header: tuple[str, ...] = statsheet.HEADERS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = statsheet.SHEET
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_it_offers_a_template_with_the_header_row_and_a_guide() -> None:
    book = openpyxl.load_workbook(io.BytesIO(statsheet.template()))

    assert book.sheetnames == ["実施状況", "記入方法"]
    header = [c.value for c in book["実施状況"][1]]
    assert header == list(statsheet.HEADERS)
    assert header[:3] == ["年度", "区分", "請求件数"]
    assert header[9] == "審査請求件数"
    assert header[-1] == "備考"
    assert book["実施状況"].max_row == 1


def test_it_reads_a_good_sheet() -> None:
    rows, problems = statsheet.read(workbook(GOOD_2022, [], GOOD_2023))

    assert problems == []
    assert [(r.row, r.fiscal_year, r.category) for r in rows] == [
        (2, 2022, "public_documents"),
        (4, 2023, "personal_information"),
    ]
    assert rows[0].figures == Figures(
        requests=12, disclosed=6, partly_disclosed=4, withdrawn=1, pending=1, appeals=1, rejected=1
    )
    assert rows[0].note == "例示"
    assert rows[1].figures.requests == 9
    assert rows[1].figures.no_document == 1


def test_it_lists_every_problem_with_its_cell_and_returns_no_rows() -> None:
    bad = [
        GOOD_2022,
        [2023, "公文書", 10, 5, 3, 1, "多数", 0, 0, 0, 0, 0, 0, 0, 0, 0, ""],
        ["昔", "自己情報", 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ""],
        [2023, "その他", None, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, ""],
        [2021, "自己情報", 10, 4, 0, 0, 0, 0, 0, 2, 1, 0, 0, 0, 0, 0, ""],
        [2022, "公文書", 1.5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ""],
        GOOD_2022,
    ]

    rows, problems = statsheet.read(workbook(*bad))

    assert rows == []
    assert [str(p) for p in problems] == [
        "G3: 数値ではありません。",
        "A4: 年度として読めません（例：2019、令和元年度）。",
        "B5: 区分は「公文書」か「自己情報」で入力してください。",
        "C5: 請求件数が空欄です。",
        "J5: 0以上の数を入力してください。",
        "C6: 全部開示から処理中までの合計（4件）が請求件数（10件）と一致しません。",
        "J6: 認容から審理中までの合計（1件）が審査請求件数（2件）と一致しません。",
        "C7: 整数ではありません。",
        "A8: 令和4年度の公文書の開示請求が2行目と重複しています。",
    ]


def test_it_checks_the_header_row() -> None:
    header = ("年度", "区分", "件数", *statsheet.HEADERS[3:])

    rows, problems = statsheet.read(workbook(GOOD_2022, header=header))

    assert rows == []
    assert [str(p) for p in problems] == ["C1: 見出しが「請求件数」ではありません。"]


def test_it_refuses_a_file_that_is_not_a_workbook() -> None:
    rows, problems = statsheet.read(b"year,category\n2022,public\n")

    assert rows == []
    assert [str(p) for p in problems] == [
        "ファイルを読み込めません。Excel形式（.xlsx）のファイルを選んでください。"
    ]


def test_it_refuses_an_empty_sheet() -> None:
    assert [str(p) for p in statsheet.read(workbook())[1]] == [
        "データの行がありません（2行目から記入してください）。"
    ]
