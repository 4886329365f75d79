"""The Excel sheet of annual statistics: the template to fill in and the reader that checks
it. One row per fiscal year and category under one header row; every problem is reported
with its cell (「C5: 数値ではありません」), and rows are only returned when there is none.
Pure Python (openpyxl): no Django.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from shingikai.lib import jpnum, wareki
from shingikai.reports import stats

SHEET = "実施状況"
HELP_SHEET = "記入方法"
NUMBER_COLUMNS = (
    ("requests", stats.REQUESTS_LABEL),
    *stats.OUTCOMES,
    ("appeals", stats.APPEALS_LABEL),
    *((code, f"審査請求_{label}") for code, label in stats.APPEAL_RESULTS),
)
HEADERS = ("年度", "区分", *(label for _code, label in NUMBER_COLUMNS), "備考")
CATEGORY_WORDS = {
    "公文書": "public_documents",
    "公文書の開示請求": "public_documents",
    "自己情報": "personal_information",
    "自己情報の開示請求": "personal_information",
    "個人情報": "personal_information",
}
HELP_ROWS = (
    ("年度", "西暦の年度（例：2019）または和暦（例：令和元年度）。4月から翌年3月までの1年間。"),
    ("区分", "「公文書」（公文書の開示請求）または「自己情報」（自己情報の開示請求）。"),
    (stats.REQUESTS_LABEL, "その年度に受け付けた請求の件数。"),
    (
        "全部開示～処理中",
        "請求ごとの決定の内容。合計が請求件数と一致すること。処理中は年度末に未決定の件数。",
    ),
    (stats.APPEALS_LABEL, "その年度に受け付けた審査請求の件数。"),
    ("審査請求_認容～審理中", "審査請求の結果。合計が審査請求件数と一致すること。空欄は0件。"),
    ("備考", "任意。"),
    ("注意", "1行に1年度・1区分。セルの結合、数式、桁区切り以外の記号は使わないでください。"),
)
_FISCAL_YEAR = re.compile(r"^(令和|平成|R|H)(元|\d{1,2})年度?$", re.IGNORECASE)
_WESTERN_YEAR = re.compile(r"^(\d{4})(年度)?$")


@dataclass(frozen=True)
class SheetRow:
    """One valid row: where it came from and what it says."""

    row: int
    fiscal_year: int
    category: str
    figures: stats.Figures
    note: str = ""


@dataclass(frozen=True)
class Problem:
    cell: str  # C5, or "" for the file as a whole
    message: str

    def __str__(self) -> str:
        return f"{self.cell}: {self.message}" if self.cell else self.message


def template() -> bytes:
    """An empty workbook with the header row and a sheet explaining each column."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(HEADERS)
    for column, header in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=1, column=column)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E6E6E6")
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        width = 12 if column > 2 else 14
        sheet.column_dimensions[get_column_letter(column)].width = max(width, len(header) * 2 + 2)
    sheet.freeze_panes = "C2"
    guide = book.create_sheet(HELP_SHEET)
    guide.append(("項目", "記入方法"))
    for row in HELP_ROWS:
        guide.append(row)
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 90
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read(data: bytes) -> tuple[list[SheetRow], list[Problem]]:
    """The rows of the sheet and every problem found; rows is empty if there is any."""
    try:  # read-only sheets are parsed while iterated: a damaged one fails there
        book = load_workbook(io.BytesIO(data), data_only=True, read_only=True)
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        lines = [list(r) for r in sheet.iter_rows(values_only=True)]
        book.close()
    except MemoryError:
        raise
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        return [], [
            Problem("", "ファイルを読み込めません。Excel形式（.xlsx）のファイルを選んでください。")
        ]
    problems = _check_header(lines[0] if lines else [])
    if problems:
        return [], problems
    rows: list[SheetRow] = []
    for number, values in enumerate(lines[1:], start=2):
        if any(not _blank(v) for v in values):
            row, found = _read_row(number, values)
            problems += found
            if row is not None:
                rows.append(row)
    problems += _duplicates(rows)
    if not rows and not problems:
        problems.append(Problem("", "データの行がありません（2行目から記入してください）。"))
    return ([] if problems else rows), problems


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell(column: int, row: int) -> str:
    return f"{get_column_letter(column)}{row}"


def _check_header(header: list[Any]) -> list[Problem]:
    found = []
    for column, expected in enumerate(HEADERS, start=1):
        actual = header[column - 1] if column <= len(header) else None
        if str(actual or "").strip() != expected:
            found.append(Problem(_cell(column, 1), f"見出しが「{expected}」ではありません。"))
    return found


def _read_row(number: int, values: list[Any]) -> tuple[SheetRow | None, list[Problem]]:
    values = values + [None] * (len(HEADERS) - len(values))
    found: list[Problem] = []
    year = _fiscal_year(values[0])
    if year is None:
        found.append(Problem(_cell(1, number), "年度として読めません（例：2019、令和元年度）。"))
    category = CATEGORY_WORDS.get(str(values[1] or "").strip())
    if category is None:
        found.append(
            Problem(_cell(2, number), "区分は「公文書」か「自己情報」で入力してください。")
        )
    counts: dict[str, int] = {}
    for offset, (code, label) in enumerate(NUMBER_COLUMNS):
        column = offset + 3
        value, message = _count(values[column - 1], required=code == "requests")
        if message:
            found.append(Problem(_cell(column, number), message.format(label=label)))
        counts[code] = value
    figures = stats.Figures(**counts)
    if not found:
        found += _arithmetic(number, figures)
    note = str(values[len(HEADERS) - 1] or "").strip()
    if found or year is None or category is None:
        return None, found
    return SheetRow(number, year, category, figures, note), found


def _fiscal_year(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and value == int(value) and 1989 <= value <= 2100:
        return int(value)
    text = jpnum.to_halfwidth_ascii(str(value or "")).strip().replace(" ", "")
    western = _WESTERN_YEAR.match(text)
    if western and 1989 <= int(western.group(1)) <= 2100:
        return int(western.group(1))
    era = _FISCAL_YEAR.match(text)
    if era:
        year = 1 if era.group(2) == "元" else int(era.group(2))
        return wareki.get_era(era.group(1).upper()).to_western_year(year)
    return None


def _count(value: Any, *, required: bool) -> tuple[int, str]:
    """The count in a cell, or 0 and the problem (with {label} to fill in)."""
    if _blank(value):
        return 0, "{label}が空欄です。" if required else ""
    if isinstance(value, bool):
        return 0, "数値ではありません。"
    if isinstance(value, float):
        if value != int(value):
            return 0, "整数ではありません。"
        value = int(value)
    if not isinstance(value, int):
        try:
            value = jpnum.parse_number(str(value).strip())
        except ValueError:
            return 0, "数値ではありません。"
    if value < 0:
        return 0, "0以上の数を入力してください。"
    return value, ""


def _arithmetic(number: int, figures: stats.Figures) -> list[Problem]:
    columns = {"requests": 3, "appeals": 3 + 1 + len(stats.OUTCOMES)}
    return [
        Problem(_cell(columns[field], number), message)
        for field, message in stats.problems(figures).items()
    ]


def _duplicates(rows: list[SheetRow]) -> list[Problem]:
    seen: dict[tuple[int, str], int] = {}
    found = []
    for row in rows:
        key = (row.fiscal_year, row.category)
        if key in seen:
            found.append(
                Problem(
                    _cell(1, row.row),
                    f"{wareki.format_fiscal_year(row.fiscal_year)}の"
                    f"{stats.category_label(row.category)}が{seen[key]}行目と重複しています。",
                )
            )
        else:
            seen[key] = row.row
    return found
