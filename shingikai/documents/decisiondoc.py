"""The 答申: the council's formal answer to a consultation (or its acknowledgement of a
report), numbered and dated, addressed to the head of the municipality, citing the 諮問, with
its conclusion and each condition or opinion (付帯意見). Word and PDF from one set of blocks.
Pure Python: no Django."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from shingikai.documents.blocks import Column, Document, Heading, Paragraph, Table, cell
from shingikai.documents.htmldoc import document_html
from shingikai.documents.worddoc import document_docx
from shingikai.lib import wareki


@dataclass(frozen=True)
class DecisionLetter:
    number_label: str  # 答申第12号
    issued_on: dt.date | None
    addressee: str  # 世田谷区長
    council: str  # 世田谷区情報公開・個人情報保護審議会
    case_label: str  # 諮問第999号 (or 資料18 / a title)
    case_title: str
    consulted_on: dt.date | None
    outcome: str  # 承認, 了承 …
    conclusion: str
    votes: str  # 異議なし / 賛成15・出席15
    conditions: tuple[tuple[str, str], ...] = ()  # (kind label, text)
    is_report: bool = False


def _date(day: dt.date | None) -> str:
    return wareki.format_date(day, weekday=False) if day else "令和　　年　　月　　日"


def decision_document(letter: DecisionLetter) -> Document:
    asked = "報告" if letter.is_report else "諮問"
    cited = f"{_date(letter.consulted_on)}付け{letter.case_label}" if letter.case_label else ""
    opening = (
        f"{cited}で{asked}のあった「{letter.case_title}」について、下記のとおり答申します。"
        if not letter.is_report
        else f"{cited}で報告のあった「{letter.case_title}」について、下記のとおり了承します。"
    )
    blocks = [
        Paragraph(letter.number_label or "答申第　　号", "right"),
        Paragraph(_date(letter.issued_on), "right"),
        Paragraph(f"{letter.addressee}　様"),
        Paragraph(f"{letter.council}", "right"),
        Paragraph("会長", "right"),
        Paragraph(f"{letter.case_label}について（答申）".strip(), "center"),
        Paragraph(opening, "sentence"),
        Paragraph("記", "center"),
        Heading("1 結論"),
        Paragraph(f"{letter.outcome}　{letter.conclusion}".strip()),
        Paragraph(f"（議決：{letter.votes}）" if letter.votes else ""),
    ]
    if letter.conditions:
        blocks.append(Heading("2 条件・付帯意見"))
        rows = tuple(
            (cell(str(n)), cell(kind), cell(text))
            for n, (kind, text) in enumerate(letter.conditions, 1)
        )
        blocks.append(Table((Column("番号", 0.6), Column("区分", 1.2), Column("内容", 6.0)), rows))
    return Document(
        title=f"答申 {letter.number_label}".strip(),
        header=letter.number_label,
        draft=not letter.number_label,
        author=letter.council,
        blocks=tuple(b for b in blocks if not (isinstance(b, Paragraph) and not b.text)),
    )


def decision_docx(letter: DecisionLetter) -> bytes:
    return document_docx(decision_document(letter))


def decision_pdf(letter: DecisionLetter) -> bytes:
    from weasyprint import HTML  # slow to import; only the PDF needs it

    return HTML(string=document_html(decision_document(letter)), base_url=None).write_pdf()
