"""The review sheet (論点整理表) for members: the precheck's findings for a case, with what
the secretariat decided and what the department answered, as Word and PDF from one set of
blocks. Pure Python: no Django."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from shingikai.documents.blocks import Column, Document, Heading, Paragraph, Table, cell
from shingikai.documents.htmldoc import document_html
from shingikai.documents.worddoc import document_docx
from shingikai.lib import wareki
from shingikai.review.engine import Finding


@dataclass(frozen=True)
class SheetEntry:
    """One finding as the sheet prints it."""

    finding: Finding
    status: str  # 未処理, 担当課へ送付, 解決, 対象外
    note: str = ""  # the answer's gist or the reason for dismissal
    answer: str = ""  # the department's answer to the question, if any


@dataclass(frozen=True)
class SheetHeader:
    council: str
    case_label: str  # 諮問第999号
    title: str
    department: str
    date: dt.date | None = None


COLUMNS = (
    Column("番号", 0.6),
    Column("区分", 1.2),
    Column("論点（想定される質問）", 4.0),
    Column("該当箇所", 2.2),
    Column("処理状況・区の考え方", 3.0),
)


def _row(number: int, entry: SheetEntry) -> tuple[tuple[str, ...], ...]:
    f = entry.finding
    places = "\n".join(ref.label for ref in f.evidence[:6]) or "案件全体"
    handled = [entry.status]
    if entry.note:
        handled.append(entry.note)
    if entry.answer:
        handled.append(f"回答：{entry.answer}")
    return (
        cell(str(number)),
        cell(f"{f.severity_label}\n{f.theme}"),
        cell(f"{f.question}\n（{f.concern_id}）"),
        cell(places),
        cell("\n".join(handled)),
    )


def review_sheet(header: SheetHeader, entries: list[SheetEntry]) -> Document:
    intro = (
        f"案件の記載から、委員の質問が想定される論点を整理しました（{len(entries)}件）。"
        "「重要」は資料の矛盾や法令上の論点、「確認」は通常確認される事項、「参考」は背景の確認です。"
    )
    blocks = [
        Paragraph("論点整理表", "doc-title"),
        Paragraph(wareki.format_date(header.date, weekday=False) if header.date else "", "right"),
        Paragraph(header.council, "right"),
        Paragraph(f"{header.case_label} {header.title}".strip(), "case-title"),
        Paragraph(f"担当課：{header.department}"),
        Paragraph(intro, "lead"),
        Heading("論点の一覧"),
    ]
    if entries:
        rows = tuple(_row(n, e) for n, e in enumerate(entries, 1))
        blocks.append(Table(COLUMNS, rows, role="small"))
    else:
        blocks.append(Paragraph("点検で指摘する論点はありません。", "none"))
    return Document(
        title=f"論点整理表 {header.case_label}".strip(),
        header=f"論点整理表　{header.case_label}".strip(),
        draft=False,
        author=header.council,
        blocks=tuple(blocks),
    )


def review_sheet_docx(header: SheetHeader, entries: list[SheetEntry]) -> bytes:
    return document_docx(review_sheet(header, entries))


def review_sheet_pdf(header: SheetHeader, entries: list[SheetEntry]) -> bytes:
    from weasyprint import HTML  # slow to import; only the PDF needs it

    return HTML(string=document_html(review_sheet(header, entries)), base_url=None).write_pdf()
