"""The personal information file register (個人情報ファイル簿): which files must be published,
and the register as machine-readable CSV. Pure Python: no Django.

A file of 1,000 persons or more must be in the published register; smaller files only
where the municipality publishes all of them by its own ordinance (e.g. Kitakyushu). An
abolished file, or one the law exempts, is not published.

The CSV follows the machine-readability rules for tables (総務省「統計表における機械判読
可能なデータの表記方法の統一ルール」, adopted by the Digital Agency's open data guidance):
UTF-8 with a BOM so that Excel opens it, one header row naming every item, one file per
row, no merged cells, notes or blank rows, one value per cell without line breaks, numbers
without thousands separators and with the unit in the header, dates as YYYY-MM-DD, and the
municipality's code and name on every row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 1_000
FILE_TYPES = (("electronic", "電算処理ファイル"), ("manual", "マニュアル処理ファイル"))


def must_publish(persons: int, *, publish_all: bool, abolished: bool, exempt: bool) -> bool:
    """Whether the file belongs in the published register."""
    if abolished or exempt:
        return False
    return persons >= THRESHOLD or publish_all


def publication_reason(persons: int, *, publish_all: bool, abolished: bool, exempt: bool) -> str:
    """Why the file is or is not published, in Japanese."""
    if abolished:
        return "廃止したファイルのため公表しません。"
    if exempt:
        return "公表の対象外とする理由が登録されているため公表しません。"
    if persons >= THRESHOLD:
        return "本人の数が1,000人以上のため公表します。"
    if publish_all:
        return "本人の数が1,000人未満ですが、すべてのファイルを公表する設定のため公表します。"
    return "本人の数が1,000人未満のため公表の対象外です（公表は任意）。"


@dataclass(frozen=True)
class Entry:
    """One file as the register prints it."""

    municipality_code: str
    municipality: str
    name: str
    organisation: str
    department: str
    purpose: str
    recorded_items: str
    subjects: str
    collection: str
    sensitive: bool
    recipients: str
    request_office: str
    other_procedures: str
    file_type: str  # a FILE_TYPES code
    persons: int
    remarks: str
    registered_on: dt.date | None
    revised_on: dt.date | None
    published: bool = True


COLUMNS = (
    "全国地方公共団体コード",
    "地方公共団体名",
    "個人情報ファイルの名称",
    "行政機関等の名称",
    "個人情報ファイルが利用に供される事務をつかさどる組織の名称",
    "個人情報ファイルの利用目的",
    "記録項目",
    "記録範囲",
    "記録情報の収集方法",
    "要配慮個人情報が含まれるときは、その旨",
    "記録情報の経常的提供先",
    "開示請求等を受理する組織の名称及び所在地",
    "訂正及び利用停止に関する他の法令の規定による特別の手続等",
    "個人情報ファイルの種別",
    "本人の数（人）",
    "備考",
    "作成年月日",
    "最終変更年月日",
)
INTERNAL_COLUMNS = (*COLUMNS, "公表")


def row(entry: Entry, *, internal: bool = False) -> tuple[str | int, ...]:
    """The CSV cells of one file."""
    cells: tuple[str | int, ...] = (
        entry.municipality_code,
        entry.municipality,
        entry.name,
        entry.organisation,
        entry.department,
        entry.purpose,
        items(entry.recorded_items),
        entry.subjects,
        entry.collection,
        "含む" if entry.sensitive else "含まない",
        items(entry.recipients),
        entry.request_office,
        entry.other_procedures,
        dict(FILE_TYPES).get(entry.file_type, entry.file_type),
        entry.persons,
        entry.remarks,
        iso(entry.registered_on),
        iso(entry.revised_on),
    )
    cells = tuple(plain(c) if isinstance(c, str) else c for c in cells)
    return (*cells, "公表" if entry.published else "非公表") if internal else cells


def csv_bytes(entries: Sequence[Entry], *, internal: bool = False) -> bytes:
    """The register as CSV (CRLF line ends, RFC 4180 quoting, UTF-8 with BOM)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(INTERNAL_COLUMNS if internal else COLUMNS)
    for entry in entries:
        writer.writerow(row(entry, internal=internal))
    return out.getvalue().encode("utf-8-sig")


def iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def items(text: str) -> str:
    """A list written one per line, as one cell: 氏名、住所、生年月日."""
    return "、".join(line.strip() for line in text.splitlines() if line.strip())


def plain(text: str) -> str:
    """One line, without characters that depend on the platform (①, ㈱, ㎡, Ⅲ): those are
    replaced by their compatibility forms (1, (株), m2, III)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    joined = ""
    for line in lines:
        if joined and not joined.endswith(("。", "、")):
            joined += "、"
        joined += line
    return "".join(_compatible(c) for c in joined)


def _compatible(char: str) -> str:
    code = ord(char)
    platform_dependent = (
        0x2460 <= code <= 0x24FF  # enclosed alphanumerics ①
        or 0x2150 <= code <= 0x218F  # number forms Ⅲ
        or 0x3200 <= code <= 0x33FF  # enclosed CJK and CJK compatibility ㈱ ㎡
    )
    return unicodedata.normalize("NFKC", char) if platform_dependent else char
